import { InputError } from "./errors";

/**
 * Activation functions σ and their derivatives σ'. Backprop needs σ'(z) in BP1 and BP2, so each
 * activation carries both, and a network swaps one for another by name.
 */
export type ActivationName = "sigmoid" | "tanh" | "relu" | "linear";

export interface Activation {
  readonly name: ActivationName;
  fn(z: number): number;
  prime(z: number): number;
}

/** The logistic function 1/(1+e^{−z}) (eq. 3). */
export function sigmoid(z: number): number {
  return 1 / (1 + Math.exp(-z));
}

/** σ'(z) = σ(z)(1 − σ(z)); it is at most 1/4, which is why sigmoid layers learn slowly when saturated. */
export function sigmoidPrime(z: number): number {
  const s = sigmoid(z);
  return s * (1 - s);
}

export const activations: Record<ActivationName, Activation> = {
  sigmoid: { name: "sigmoid", fn: sigmoid, prime: sigmoidPrime },
  tanh: {
    name: "tanh",
    fn: Math.tanh,
    prime: (z) => {
      const t = Math.tanh(z);
      return 1 - t * t;
    },
  },
  // ReLU's derivative at exactly 0 is undefined; we take 0 there (the usual choice).
  relu: { name: "relu", fn: (z) => (z > 0 ? z : 0), prime: (z) => (z > 0 ? 1 : 0) },
  linear: { name: "linear", fn: (z) => z, prime: () => 1 },
};

export const activationNames = Object.keys(activations) as ActivationName[];

/** Looks an activation up by name, with a clear error for anything else. */
export function activationByName(name: unknown): Activation {
  if (typeof name === "string" && Object.prototype.hasOwnProperty.call(activations, name)) {
    return activations[name as ActivationName];
  }
  throw new InputError(`unknown activation ${JSON.stringify(name)}: use one of ${activationNames.join(", ")}`);
}

/**
 * Softmax a_j = e^{z_j} / Σ_k e^{z_k} (eq. 78). Subtracting max z first changes nothing
 * mathematically but keeps e^{z} from overflowing to Infinity for large weighted inputs.
 */
export function softmax(z: ArrayLike<number>, out: Float64Array = new Float64Array(z.length)): Float64Array {
  let max = -Infinity;
  for (let j = 0; j < z.length; j++) if (z[j] > max) max = z[j];
  let sum = 0;
  for (let j = 0; j < z.length; j++) {
    out[j] = Math.exp(z[j] - max);
    sum += out[j];
  }
  for (let j = 0; j < z.length; j++) out[j] /= sum;
  return out;
}
