/** The regularization part of the total cost: (λ/2n)Σw² for L2 (eq. 85), (λ/n)Σ|w| for L1 (eq. 95); biases excluded. */
export function regularizationTerm(
  weights: readonly Float64Array[],
  lambda: number,
  n: number,
  kind: "L2" | "L1",
): number {
  if (lambda === 0) return 0;
  let sum = 0;
  for (const w of weights) for (let i = 0; i < w.length; i++) sum += kind === "L2" ? w[i] * w[i] : Math.abs(w[i]);
  return kind === "L2" ? (0.5 * lambda * sum) / n : (lambda * sum) / n;
}
