import { InputError } from "./errors";

/** The step function: 1 when z > 0, else 0 — a perceptron's activation. */
export function step(z: number): 0 | 1 {
  return z > 0 ? 1 : 0;
}

/**
 * A perceptron (chapter 1, eq. 2): output 1 if w·x + b > 0, otherwise 0. The bias b measures how
 * easy it is to get the perceptron to fire.
 */
export class Perceptron {
  readonly weights: Float64Array;

  constructor(
    weights: ArrayLike<number>,
    readonly bias: number,
  ) {
    this.weights = Float64Array.from(weights);
    if (!this.weights.every(Number.isFinite) || !Number.isFinite(bias)) {
      throw new InputError(
        `perceptron weights [${Array.from(weights).join(", ")}] and bias ${bias} must all be finite numbers`,
      );
    }
  }

  /** w·x + b, the quantity the step function thresholds. */
  weightedInput(x: ArrayLike<number>): number {
    if (x.length !== this.weights.length) {
      throw new InputError(`input has ${x.length} values but the perceptron has ${this.weights.length} weights`);
    }
    let z = this.bias;
    for (let j = 0; j < x.length; j++) z += this.weights[j] * x[j];
    return z;
  }

  output(x: ArrayLike<number>): 0 | 1 {
    return step(this.weightedInput(x));
  }
}
