import type { Dataset } from "../dataset";
import type { Network } from "../network";
import type { Random } from "../random";

/**
 * What computes an epoch of mini-batch updates for sgd() (training/sgd.ts): the per-example engine
 * (the book's update_mini_batch, per-example.ts), the matrix engine (ch. 2's whole-batch problem,
 * matrix.ts), or the fast WebAssembly kernels (fast/). The registry (registry.ts) lists them.
 * Every engine must make the SAME mini-batches and the SAME updates:
 *  - mini-batches are consecutive slices of `order`; the last may be shorter (its step is η/len);
 *  - dropout masks are drawn from `rng` once per mini-batch, before its gradient, in the order of
 *    `drawDropoutMasks` (dropout.ts), and used for every example of that batch;
 *  - the update is `applyUpdate` (update.ts): network2.py's weight decay / L1, momentum.
 * Only float rounding may differ between engines (tests compare them).
 */
export interface Engine {
  readonly name: string;
  /** One epoch. Must leave net.weights/biases updated when the promise resolves. */
  trainEpoch(epoch: EpochRun): Promise<void>;
  /** How sgd's monitoring measures the network after an epoch on this engine. */
  readonly measures: Measures;
  /**
   * True if an interrupt mid-epoch leaves the network at the start of that epoch (the fast engine's
   * weights live in its workspace until the epoch ends); otherwise the network keeps the updates made.
   */
  readonly interruptKeepsEpochStart?: boolean;
  dispose?(): void;
}

/** One epoch's work, as sgd() hands it to an engine. */
export interface EpochRun {
  net: Network;
  data: Dataset;
  /** Indices into `data`, already shuffled: the epoch's mini-batches are its consecutive slices. */
  order: Uint32Array;
  hyper: EpochHyper;
  /** Draws the dropout masks (the shuffle has already been drawn). */
  rng: Random;
  state: TrainState;
  /** Called with the number of examples done, after each mini-batch (or chunk of them, on the fast engine). */
  onProgress?: (done: number) => void;
}

export interface EpochHyper {
  eta: number;
  batchSize: number;
  lambda: number; // 0 = no regularization
  regularization: "L2" | "L1";
  trainingSize: number; // n in the weight decay 1 − ηλ/n
  momentum: number; // μ; 0 = plain SGD
  dropout: number; // probability of dropping a hidden unit; 0 = off
}

/** What persists across the epochs of one sgd() run. */
export interface TrainState {
  /** Momentum velocities, shaped like net.weights / net.biases; created on first use when μ > 0. */
  velocityWeights: Float64Array[] | null;
  velocityBiases: Float64Array[] | null;
}

export function createTrainState(): TrainState {
  return { velocityWeights: null, velocityBiases: null };
}

/** Accuracy (a count of correct answers) and total cost, as monitoring measures them after an epoch. */
export interface Measures {
  evaluate(net: Network, data: Dataset): number;
  totalCost(net: Network, data: Dataset, lambda: number, regularization: "L2" | "L1"): number;
  /** Both of one data set, from one forward pass where the engine can (the same numbers as the two calls). */
  costAndCorrect(net: Network, data: Dataset, lambda: number, regularization: "L2" | "L1"): CostAndCorrect;
}

export interface CostAndCorrect {
  cost: number;
  correct: number;
}

/** The network's own evaluate and totalCost: the plain engines' measures. */
export const networkMeasures: Measures = {
  evaluate: (net, data) => net.evaluate(data),
  totalCost: (net, data, lambda, regularization) => net.totalCost(data, lambda, regularization),
  costAndCorrect: (net, data, lambda, regularization) => ({
    cost: net.totalCost(data, lambda, regularization),
    correct: net.evaluate(data),
  }),
};
