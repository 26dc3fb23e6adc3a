/**
 * Central finite differences: the course's independent yardstick for every derivative it derives
 * (σ′, ∇C, δˡ, BP1–BP4, each cost's δᴸ). It only evaluates the function, so it shares no code and
 * no algebra with the derivation it checks.
 *
 *   f′(x) ≈ (f(x + h) − f(x − h)) / 2h
 *
 * Why central and why h = 1e-6 (taught in notebooks/02-sigmoid-neurons.ipynb, "How good is a finite
 * difference?"): in the Taylor series f(x ± h) = f ± hf′ + h²f″/2 ± h³f‴/6 + …, the even terms cancel
 * in the difference, so the truncation error is h²f‴/6 — O(h²), where the forward difference
 * (f(x + h) − f(x))/h keeps hf″/2 — O(h). Each value of f is rounded by about ε|f| (ε ≈ 1.1e-16),
 * which the division by 2h magnifies to ≈ ε|f|/h. The sum h²|f‴|/6 + ε|f|/h is smallest near
 * h ≈ ε^(1/3) ≈ 5e-6 (for f, f‴ of order 1), where both are ≈ 1e-11; h = 1e-6 stays within a factor
 * of a few of that best error.
 *
 * Each function checks h and that f stayed finite, so a bad step or a probe outside f's domain is a
 * one-line error naming where, never a silent NaN in a comparison.
 */
import { InputError } from "./errors";
import type { Parameters } from "./init";

/** The step the course uses unless a function's scale asks for another (see the file comment). */
export const DEFAULT_STEP = 1e-6;

/**
 * The derivative f′(x) (scalar form) or the gradient ∇f(v) (vector form), by central differences.
 * The vector form nudges one coordinate at a time: ∂f/∂v_i ≈ (f(v + h·e_i) − f(v − h·e_i)) / 2h,
 * 2n evaluations of f. f receives a scratch copy of v, which it must not keep; v is not changed.
 */
export function numericalGradient(f: (x: number) => number, x: number, h?: number): number;
export function numericalGradient(f: (v: Float64Array) => number, v: ArrayLike<number>, h?: number): Float64Array;
export function numericalGradient(
  f: ((x: number) => number) | ((v: Float64Array) => number),
  at: number | ArrayLike<number>,
  h = DEFAULT_STEP,
): number | Float64Array {
  checkStep(h);
  if (typeof at === "number") {
    const scalar = f as (x: number) => number;
    return centralDifference(
      () => scalar(at + h),
      () => scalar(at - h),
      h,
      () => `x = ${at}`,
    );
  }
  const vector = f as (v: Float64Array) => number;
  const probe = Float64Array.from(at);
  const gradient = new Float64Array(probe.length);
  for (let i = 0; i < probe.length; i++) gradient[i] = nudged(probe, i, h, vector, () => `v[${i}]`);
  return gradient;
}

/**
 * ∂f/∂p[i] for every entry of a parameter array the function reads directly (a layer's weights or
 * biases): each entry is nudged in place, f() re-evaluated, and the entry restored bit for bit —
 * also when f throws.
 */
export function numericalGradientInPlace(params: Float64Array, f: () => number, h = DEFAULT_STEP): Float64Array {
  checkStep(h);
  const gradient = new Float64Array(params.length);
  for (let i = 0; i < params.length; i++)
    gradient[i] = nudged(
      params,
      i,
      h,
      () => f(),
      () => `parameter ${i}`,
    );
  return gradient;
}

/**
 * ∂C/∂w and ∂C/∂b for every weight and bias of a network, by central differences of `cost()`
 * (which reads the network's current parameters), shaped like backprop's { nablaW, nablaB }.
 * 2 evaluations of the cost per parameter: the slow way backpropagation replaces (chapter 2).
 */
export function numericalNetworkGradient(
  net: Parameters,
  cost: () => number,
  h = DEFAULT_STEP,
): { nablaW: Float64Array[]; nablaB: Float64Array[] } {
  checkStep(h);
  return {
    nablaW: net.weights.map((w) => numericalGradientInPlace(w, cost, h)),
    nablaB: net.biases.map((b) => numericalGradientInPlace(b, cost, h)),
  };
}

/**
 * The Jacobian of a vector function f: ℝⁿ → ℝᵐ at v, row-major m × n:
 * J[i·n + j] = ∂f_i/∂v_j ≈ (f(v + h·e_j)_i − f(v − h·e_j)_i) / 2h. Column j costs two calls of f.
 * (The Jacobian of a gradient is the Hessian.) f receives a scratch copy of v, which it must not keep.
 */
export function numericalJacobian(
  f: (v: Float64Array) => ArrayLike<number>,
  v: ArrayLike<number>,
  h = DEFAULT_STEP,
): Float64Array {
  checkStep(h);
  const n = v.length;
  const probe = Float64Array.from(v);
  let J = new Float64Array(0);
  for (let j = 0; j < n; j++) {
    probe[j] = v[j] + h;
    const up = Float64Array.from(f(probe));
    probe[j] = v[j] - h;
    const down = f(probe);
    probe[j] = v[j];
    if (j === 0) J = new Float64Array(up.length * n);
    if (down.length !== up.length) {
      throw new InputError(
        `numericalJacobian: f returned ${up.length} values at v[${j}] + h but ${down.length} at v[${j}] − h; f must return one length`,
      );
    }
    for (let i = 0; i < up.length; i++) {
      const derivative = (up[i] - down[i]) / (2 * h);
      if (!Number.isFinite(derivative)) throw notFinite(() => `output ${i} at v[${j}]`, h);
      J[i * n + j] = derivative;
    }
  }
  return J;
}

/** Sets values[i] to its value ± h, evaluates, restores it (even if f throws): the central difference. */
function nudged(
  values: Float64Array,
  i: number,
  h: number,
  f: (values: Float64Array) => number,
  where: () => string,
): number {
  const saved = values[i];
  try {
    return centralDifference(
      () => ((values[i] = saved + h), f(values)),
      () => ((values[i] = saved - h), f(values)),
      h,
      where,
    );
  } finally {
    values[i] = saved;
  }
}

/** `where` names the point for the error message; a function, so the hot loop builds no strings. */
function centralDifference(up: () => number, down: () => number, h: number, where: () => string): number {
  const derivative = (up() - down()) / (2 * h);
  if (!Number.isFinite(derivative)) throw notFinite(where, h);
  return derivative;
}

function notFinite(where: () => string, h: number): InputError {
  return new InputError(
    `central difference at ${where()} is not a finite number (step h = ${showStep(h)}): f must be finite within ±h of the point`,
  );
}

function checkStep(h: number): void {
  if (!(typeof h === "number" && Number.isFinite(h) && h > 0)) {
    throw new InputError(`finite-difference step h = ${showStep(h)} is not valid: use a small number > 0, e.g. 1e-6`);
  }
}

/** 1e-6 rather than 0.000001. */
function showStep(h: number): string {
  return typeof h === "number" && h !== 0 && Math.abs(h) < 1e-3 ? h.toExponential() : String(h);
}
