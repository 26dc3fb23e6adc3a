import type { Dataset } from "./dataset";
import { EpochHyper, createTrainState, evaluatorFor, pickEngine } from "./engine";
import type { Network } from "./network";
import { Random } from "./random";
import { checkParametersFinite, monitorEpoch } from "./training/monitor";
import { EpochRecord, History, SGDOptions, resolveOptions } from "./training/options";
import { StoppingRule } from "./training/stopping";

export type { EpochRecord, History, SGDOptions } from "./training/options";

/**
 * Mini-batch stochastic gradient descent — network2.py's SGD: each epoch reshuffle the training
 * data, cut it into mini-batches, update once per mini-batch; then monitor what was asked for.
 * The per-batch work is done by an engine (engine.ts); this loop owns the epoch-level decisions:
 * shuffling, the learning-rate schedule, early stopping, monitoring, divergence checks.
 *
 * Async so a notebook stays live: it awaits `onEpoch` and yields to the event loop between epochs,
 * so a live chart can redraw while training runs.
 */
export async function sgd(net: Network, training: Dataset, options: SGDOptions): Promise<History> {
  const o = resolveOptions(net.sizes, training, options);
  const rng = new Random(o.seed ?? runSeed(net));
  const order = Uint32Array.from({ length: training.count }, (_, i) => i);
  const state = createTrainState();
  const hyper = (eta: number): EpochHyper => ({ eta, batchSize: o.batchSize, lambda: o.lambda, regularization: o.regularization,
    trainingSize: training.count, momentum: o.momentum, dropout: o.dropout });
  const engine = pickEngine(o.engine, net, hyper(o.eta));
  const evaluate = evaluatorFor(engine);
  const rule = new StoppingRule(o.eta, o.earlyStopping, o.schedule);
  const history: History = { epochs: [], stopReason: "epochs" };
  let eta = o.eta;
  try {
    for (let epoch = 0; epoch < o.epochs; epoch++) {
      const record = await trainOneEpoch(net, training, order, hyper(eta), rng, state, engine, epoch, options.onProgress);
      monitorEpoch(net, training, o, record, evaluate);
      noteBest(history, record);
      history.epochs.push(record);
      await options.onEpoch?.(record, history);
      const next = rule.next(record.evaluationAccuracy, eta);
      eta = next.eta;
      if (next.stop) {
        history.stopReason = next.stop;
        break;
      }
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  } finally {
    engine.dispose?.();
  }
  return history;
}

/** Shuffle (like random.shuffle(training_data)), train one epoch, time it, check it stayed finite. */
async function trainOneEpoch(net: Network, training: Dataset, order: Uint32Array, hyper: EpochHyper, rng: Random,
  state: ReturnType<typeof createTrainState>, engine: ReturnType<typeof pickEngine>, epoch: number,
  onProgress: SGDOptions["onProgress"]): Promise<EpochRecord> {
  rng.shuffle(order);
  const start = performance.now();
  await engine.trainEpoch(net, training, order, hyper, rng, state, onProgress && ((done) => onProgress(done, training.count)));
  const seconds = (performance.now() - start) / 1000;
  checkParametersFinite(net, epoch, hyper.eta);
  return { epoch, seconds, eta: hyper.eta };
}

function noteBest(history: History, record: EpochRecord): void {
  if (record.evaluationAccuracy === undefined) return;
  if (!history.best || record.evaluationAccuracy > history.best.evaluationAccuracy!) history.best = record;
}

/**
 * Without an explicit seed, each sgd() run on a network gets its own stream derived from the
 * network's seed and how many runs came before: reproducible, yet a second run reshuffles afresh.
 */
function runSeed(net: Network): number {
  const base = new Random(net.seed ^ 0x5eed5eed);
  let seed = 0;
  for (let run = 0; run <= net.trainingRuns; run++) seed = base.nextUint32();
  net.trainingRuns++;
  return seed;
}

