import type { Dataset } from "../dataset";
import type { Measures } from "../engine";
import { DivergenceError } from "../errors";
import type { Network } from "../network";
import type { EpochRecord, ResolvedOptions } from "./options";

/** network2.py's monitoring: the costs and accuracies asked for, measured after the epoch's training. */
export function monitorEpoch(net: Network, training: Dataset, o: ResolvedOptions, record: EpochRecord, measures: Measures): EpochRecord {
  const { evaluate, totalCost } = measures;
  if (o.monitorTrainingCost) record.trainingCost = finiteCost(totalCost(net, training, o.lambda, o.regularization), "training", record);
  if (o.monitorTrainingAccuracy) record.trainingAccuracy = evaluate(net, training) / training.count;
  const evaluation = o.evaluationData;
  if (evaluation && o.monitorEvaluationCost) {
    record.evaluationCost = finiteCost(totalCost(net, evaluation, o.lambda, o.regularization), "evaluation", record);
  }
  if (evaluation && o.monitorEvaluationAccuracy) {
    record.evaluationCorrect = evaluate(net, evaluation);
    record.evaluationAccuracy = record.evaluationCorrect / evaluation.count;
  }
  return record;
}

/** Throws DivergenceError if any weight or bias is NaN or infinite after `epoch`. */
export function checkParametersFinite(net: Network, epoch: number, eta: number): void {
  for (const group of [net.weights, net.biases]) {
    for (const p of group) {
      for (let i = 0; i < p.length; i++) if (!Number.isFinite(p[i])) throw diverged(epoch, eta, "the weights became NaN or infinite");
    }
  }
}

function finiteCost(cost: number, which: string, record: EpochRecord): number {
  if (!Number.isFinite(cost)) throw diverged(record.epoch, record.eta, `the ${which} cost became ${cost}`);
  return cost;
}

function diverged(epoch: number, eta: number, what: string): DivergenceError {
  return new DivergenceError(`training diverged in epoch ${epoch}: ${what}; try a smaller learning rate than η = ${eta}`);
}
