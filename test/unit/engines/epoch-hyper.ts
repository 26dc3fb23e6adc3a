import type { EpochHyper } from "../../../src/engines/engine";

/** The engine tests' epoch: plain SGD as in chapter 1 (η = 3, mini-batches of 10, no λ, μ or dropout). */
export function epochHyper(trainingSize: number, overrides: Partial<EpochHyper> = {}): EpochHyper {
  return {
    eta: 3,
    batchSize: 10,
    lambda: 0,
    regularization: "L2",
    trainingSize,
    momentum: 0,
    dropout: 0,
    ...overrides,
  };
}
