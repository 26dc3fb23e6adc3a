import type { Dataset } from "../dataset";
import { type Engine, type EpochHyper, type TrainState, createTrainState } from "../engines/engine";
import { pickEngine } from "../engines/registry";
import { Network } from "../network";
import { Random } from "../random";
import { checkParametersBounded, monitorEpoch } from "./monitor";
import { type EpochRecord, type History, type SGDOptions, resolveOptions } from "./options";
import { StoppingRule } from "./stopping";
import { TrainingInterrupted, watchInterrupts } from "./interrupt";

export type { EpochRecord, History, SGDOptions } from "./options";

/**
 * Mini-batch stochastic gradient descent — network2.py's SGD: each epoch reshuffle the training
 * data, cut it into mini-batches, update once per mini-batch; then monitor what was asked for.
 * The per-batch work — update_mini_batch — is done by an engine (../engines/: per-example.ts is the
 * book's, matrix.ts chapter 2's, fast/ the WebAssembly kernels); this loop owns the epoch-level decisions:
 * shuffling, the learning-rate schedule, early stopping, monitoring, divergence checks.
 *
 * Async so a notebook stays live: it awaits `onEpoch` and yields to the event loop between epochs,
 * so a live chart can redraw while training runs.
 */
export async function sgd(net: Network, training: Dataset, options: SGDOptions): Promise<History> {
  const o = resolveOptions(net.sizes, training, options);
  const hyper = (eta: number): EpochHyper => ({
    eta,
    batchSize: o.batchSize,
    lambda: o.lambda,
    regularization: o.regularization,
    trainingSize: training.count,
    momentum: o.momentum,
    dropout: o.dropout,
  });
  const run: Run = {
    net,
    training,
    order: Uint32Array.from({ length: training.count }, (_, i) => i),
    rng: new Random(o.seed ?? runSeed(net)),
    state: createTrainState(),
    engine: pickEngine(o.engine, net, hyper(o.eta)),
    onProgress: (done) => {
      stopIfInterrupted(run.epoch, done);
      options.onProgress?.(done, training.count);
    },
    epoch: 0,
    divergenceLimit: o.divergenceLimit,
  };
  const watch = watchInterrupts();
  const stopIfInterrupted = (epoch: number, done: number) => {
    if (!watch.interrupted()) return;
    const batches = Math.ceil(training.count / o.batchSize);
    const kept =
      done > 0 && run.engine.interruptKeepsEpochStart
        ? `the network keeps the weights it had at the start of epoch ${epoch}`
        : `the network keeps the weights it had reached`;
    throw new TrainingInterrupted(
      `training interrupted at epoch ${epoch}, mini-batch ${Math.ceil(done / o.batchSize)} of ${batches}; ${kept}`,
    );
  };
  const measures = run.engine.measures;
  const rule = new StoppingRule(o.eta, o.earlyStopping, o.schedule);
  const history: History = { epochs: [], stopReason: "epochs" };
  let eta = o.eta;
  try {
    for (let epoch = 0; epoch < o.epochs; epoch++) {
      run.epoch = epoch;
      stopIfInterrupted(epoch, 0);
      const record = await trainOneEpoch(run, epoch, hyper(eta));
      monitorEpoch(net, training, o, record, measures);
      noteBest(history, record);
      history.epochs.push(record);
      if ((await options.onEpoch?.(record, history)) === "stop") {
        history.stopReason = "callback";
        break;
      }
      const next = rule.next(record.evaluationAccuracy, eta);
      eta = next.eta;
      if (next.stop) {
        history.stopReason = next.stop;
        break;
      }
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  } finally {
    watch.done();
    run.engine.dispose?.();
  }
  return history;
}

/** What stays the same through the epochs of one sgd() run. */
interface Run {
  net: Network;
  training: Dataset;
  order: Uint32Array; // indices into `training`, reshuffled each epoch
  rng: Random;
  state: TrainState;
  engine: Engine;
  /** Called after each mini-batch (or each chunk, on the fast engine): progress, and where an interrupt stops the run. */
  onProgress: (done: number) => void;
  epoch: number;
  /** See SGDOptions.divergenceLimit. */
  divergenceLimit: number;
}

/** Shuffle (like random.shuffle(training_data)), train one epoch, time it, check it has not blown up. */
async function trainOneEpoch(run: Run, epoch: number, hyper: EpochHyper): Promise<EpochRecord> {
  run.rng.shuffle(run.order);
  const start = performance.now();
  await run.engine.trainEpoch({
    net: run.net,
    data: run.training,
    order: run.order,
    hyper,
    rng: run.rng,
    state: run.state,
    onProgress: run.onProgress,
  });
  const seconds = (performance.now() - start) / 1000;
  checkParametersBounded(run.net, epoch, hyper.eta, run.divergenceLimit, {
    momentum: hyper.momentum,
    lambda: hyper.lambda,
    regularization: hyper.regularization,
    trainingSize: run.training.count,
    training: run.training,
  });
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

// network2.py's SGD is a method of Network: so is ours. The trainer sits above the network (imports
// point one way), so it adds the method here, as TensorFlow.js adds its chained ops to Tensor; the
// library's index.ts imports this module, so every `import … from "nndl"` has it.
declare module "../network" {
  interface Network {
    /** Mini-batch stochastic gradient descent on `training`: sgd(this, training, options); see SGDOptions. */
    sgd(training: Dataset, options: SGDOptions): Promise<History>;
  }
}
Network.prototype.sgd = function (this: Network, training: Dataset, options: SGDOptions): Promise<History> {
  return sgd(this, training, options);
};
