import { InputError } from "./errors";
import type { Random } from "./random";

/**
 * Weight initialisers (chapter 3, "Weight initialization").
 * - "default": weights N(0, 1/n_in), so the weighted input z starts with standard deviation ≈ 1
 *   whatever the fan-in and hidden neurons don't start saturated; biases N(0, 1).
 * - "large": every weight and bias N(0, 1), the book's first (chapter 1) initialisation.
 */
export type InitName = "default" | "large";

export const initNames: InitName[] = ["default", "large"];

export interface Parameters {
  weights: Float64Array[]; // weights[l]: sizes[l+1] × sizes[l], row-major
  biases: Float64Array[]; // biases[l]: sizes[l+1]
}

export function checkInitName(name: unknown): InitName {
  if (name === "default" || name === "large") return name;
  throw new InputError(`unknown init ${JSON.stringify(name)}: use one of ${initNames.join(", ")}`);
}

/**
 * Fresh parameters for layer `sizes`. Draw order (fixed, so a seed pins every value): all biases
 * layer by layer, then all weights layer by layer, row-major — network2.py's order.
 */
export function initialize(sizes: readonly number[], init: InitName, rng: Random): Parameters {
  const biases = sizes.slice(1).map((n) => {
    const b = new Float64Array(n);
    for (let j = 0; j < n; j++) b[j] = rng.gaussian();
    return b;
  });
  const weights = sizes.slice(1).map((nOut, l) => {
    const nIn = sizes[l];
    const scale = init === "default" ? 1 / Math.sqrt(nIn) : 1;
    const w = new Float64Array(nOut * nIn);
    for (let i = 0; i < w.length; i++) w[i] = rng.gaussian() * scale;
    return w;
  });
  return { weights, biases };
}
