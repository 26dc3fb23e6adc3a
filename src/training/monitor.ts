import type { Dataset } from "../dataset";
import type { CostAndCorrect, Measures } from "../engines/engine";
import { DivergenceError } from "../errors";
import type { Network } from "../network";
import type { EpochRecord, ResolvedOptions } from "./options";

/** network2.py's monitoring: the costs and accuracies asked for, measured after the epoch's training. */
export function monitorEpoch(
  net: Network,
  training: Dataset,
  o: ResolvedOptions,
  record: EpochRecord,
  measures: Measures,
): EpochRecord {
  const context: DivergenceContext = {
    momentum: o.momentum,
    lambda: o.lambda,
    regularization: o.regularization,
    trainingSize: training.count,
    training,
  };
  /** What is asked of one data set; cost and accuracy together come from one forward pass. */
  const measure = (data: Dataset, cost: boolean, correct: boolean): Partial<CostAndCorrect> => {
    if (cost && correct) return measures.costAndCorrect(net, data, o.lambda, o.regularization);
    if (cost) return { cost: measures.totalCost(net, data, o.lambda, o.regularization) };
    return correct ? { correct: measures.evaluate(net, data) } : {};
  };
  const trained = measure(training, o.monitorTrainingCost, o.monitorTrainingAccuracy);
  if (trained.cost !== undefined) record.trainingCost = finiteCost(trained.cost, "training", record, context);
  if (trained.correct !== undefined) record.trainingAccuracy = trained.correct / training.count;
  const evaluation = o.evaluationData;
  if (evaluation) {
    const held = measure(evaluation, o.monitorEvaluationCost, o.monitorEvaluationAccuracy);
    if (held.cost !== undefined) record.evaluationCost = finiteCost(held.cost, "evaluation", record, context);
    if (held.correct !== undefined) {
      record.evaluationCorrect = held.correct;
      record.evaluationAccuracy = held.correct / evaluation.count;
    }
  }
  return record;
}

/**
 * Throws DivergenceError if, after `epoch`, a weight or bias is NaN, infinite or larger in size than
 * `limit`. Waiting for overflow would let a run that blew up in its first epoch (μ > 1 does) carry on
 * for several more, every one of them wasted.
 */
export function checkParametersBounded(
  net: Network,
  epoch: number,
  eta: number,
  limit: number,
  context?: DivergenceContext,
): void {
  let largest = 0;
  for (const group of [net.weights, net.biases]) {
    for (const p of group) {
      for (let i = 0; i < p.length; i++) {
        const size = Math.abs(p[i]);
        if (!Number.isFinite(size)) throw diverged(epoch, eta, "the weights became NaN or infinite", context);
        if (size > largest) largest = size;
      }
    }
  }
  if (largest > limit) {
    const what = `a weight reached ${largest.toPrecision(3)}, past the divergenceLimit ${limit}`;
    throw diverged(epoch, eta, what, context);
  }
}

/** What a divergence message needs to name its likely cause, not only "a smaller η". */
export interface DivergenceContext {
  momentum: number;
  lambda: number;
  regularization: "L2" | "L1";
  trainingSize: number;
  training: Dataset;
}

function finiteCost(cost: number, which: string, record: EpochRecord, context: DivergenceContext): number {
  if (!Number.isFinite(cost)) throw diverged(record.epoch, record.eta, `the ${which} cost became ${cost}`, context);
  return cost;
}

function diverged(epoch: number, eta: number, what: string, context?: DivergenceContext): DivergenceError {
  const cause = context
    ? likelyCause(eta, context)
    : { cause: "eta" as const, advice: `try a smaller learning rate than η = ${eta}` };
  return new DivergenceError(`training diverged in epoch ${epoch}: ${what}; ${cause.advice}`, cause.cause);
}

/**
 * Why training blew up, most specific first: data that holds NaN (checked only now, to keep every
 * sgd call's start cheap), a momentum that amplifies (|μ| ≥ 1), weight decay that overshoots zero
 * (1 − ηλ/n ≤ 0), else the learning rate.
 */
export function likelyCause(eta: number, c: DivergenceContext): { cause: DivergenceError["setting"]; advice: string } {
  const bad = c.training.inputs.findIndex((v) => !Number.isFinite(v));
  if (bad >= 0) {
    const example = Math.floor(bad / c.training.inputSize);
    return {
      cause: "data",
      advice: `the training data holds ${c.training.inputs[bad]} (example ${example}, input ${bad % c.training.inputSize}); clean the data`,
    };
  }
  if (Math.abs(c.momentum) >= 1) {
    return {
      cause: "momentum",
      advice: `momentum μ = ${c.momentum} makes the velocity grow at every step (|μ| ≥ 1); use μ in [0, 1)`,
    };
  }
  const decay = 1 - (eta * c.lambda) / c.trainingSize;
  if (c.regularization === "L2" && decay <= 0) {
    return {
      cause: "lambda",
      advice: `λ = ${c.lambda} with η = ${eta} and n = ${c.trainingSize} multiplies every weight by 1 − ηλ/n = ${decay.toPrecision(3)} per mini-batch; use a smaller λ (below ${(c.trainingSize / eta).toPrecision(3)} for this learning rate and training-set size)`,
    };
  }
  return { cause: "eta", advice: `try a smaller learning rate than η = ${eta}` };
}
