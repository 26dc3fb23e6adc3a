import { InputError } from "./errors";

/**
 * Cost functions, like network2.py's cost classes: each knows its value C(a, y) for one example
 * and the output error δᴸ = ∂C/∂zᴸ that starts backpropagation (BP1).
 */
export type CostName = "quadratic" | "cross-entropy" | "log-likelihood";

export interface Cost {
  readonly name: CostName;
  /** The cost of one example whose output is `a` and desired output `y`. */
  fn(a: Float64Array, y: Float64Array): number;
  /**
   * δᴸ for one example. `outputPrime` is the output activation's derivative; only the quadratic
   * cost needs it — cross-entropy with sigmoid and log-likelihood with softmax cancel it exactly
   * (eqs. 66 and 84), which is the point of pairing them. Writes into `out` when given.
   */
  delta(
    z: Float64Array,
    a: Float64Array,
    y: Float64Array,
    outputPrime: (z: number) => number,
    out?: Float64Array,
  ): Float64Array;
}

/**
 * ln x, but never −Infinity: a saturated sigmoid gives a = 1 exactly for z ≳ 37, and a wrong
 * answer would then cost ln 0. We floor x at the smallest float64 (ln ≈ −744), the largest cost
 * float64 can express, so a confidently wrong network has a big finite cost rather than looking
 * like divergence. (network2.py uses np.nan_to_num for the same trap.)
 */
function safeLog(x: number): number {
  return Math.log(x > Number.MIN_VALUE ? x : Number.MIN_VALUE);
}

/** C = ½‖a − y‖² (eq. 6 for one example). */
export const quadraticCost: Cost = {
  name: "quadratic",
  fn(a, y) {
    let sum = 0;
    for (let j = 0; j < a.length; j++) sum += (a[j] - y[j]) * (a[j] - y[j]);
    return 0.5 * sum;
  },
  // BP1: δᴸ = (a − y) ⊙ σ'(zᴸ) — the σ' factor is why quadratic cost learns slowly when saturated.
  delta(z, a, y, outputPrime, out = new Float64Array(a.length)) {
    for (let j = 0; j < a.length; j++) out[j] = (a[j] - y[j]) * outputPrime(z[j]);
    return out;
  },
};

/** C = −Σ_j [y_j ln a_j + (1 − y_j) ln(1 − a_j)] (eq. 63 for one example). */
export const crossEntropyCost: Cost = {
  name: "cross-entropy",
  fn(a, y) {
    let sum = 0;
    for (let j = 0; j < a.length; j++) {
      // Skipping zero weights makes 0·ln 0 = 0 (its limit) instead of NaN when a = y = 1 or 0.
      if (y[j] !== 0) sum -= y[j] * safeLog(a[j]);
      if (y[j] !== 1) sum -= (1 - y[j]) * safeLog(1 - a[j]);
    }
    return sum;
  },
  // Eq. 66: with a sigmoid output, δᴸ = a − y; σ' cancels, so `z` and `outputPrime` go unused.
  delta(_z, a, y, _outputPrime, out = new Float64Array(a.length)) {
    for (let j = 0; j < a.length; j++) out[j] = a[j] - y[j];
    return out;
  },
};

/** C = −ln a_y for the desired class y (eq. 80), written −Σ_j y_j ln a_j for a one-hot y. */
export const logLikelihoodCost: Cost = {
  name: "log-likelihood",
  fn(a, y) {
    let sum = 0;
    for (let j = 0; j < a.length; j++) if (y[j] !== 0) sum -= y[j] * safeLog(a[j]);
    return sum;
  },
  // Eq. 84: with a softmax output and a one-hot y, δᴸ = a − y.
  delta(_z, a, y, _outputPrime, out = new Float64Array(a.length)) {
    for (let j = 0; j < a.length; j++) out[j] = a[j] - y[j];
    return out;
  },
};

export const costs: Record<CostName, Cost> = {
  quadratic: quadraticCost,
  "cross-entropy": crossEntropyCost,
  "log-likelihood": logLikelihoodCost,
};

export const costNames = Object.keys(costs) as CostName[];

/** Looks a cost up by name, with a clear error for anything else. */
export function costByName(name: unknown): Cost {
  if (typeof name === "string" && Object.prototype.hasOwnProperty.call(costs, name)) return costs[name as CostName];
  throw new InputError(`unknown cost ${JSON.stringify(name)}: use one of ${costNames.join(", ")}`);
}
