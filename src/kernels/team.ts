import * as path from "path";
import { Worker } from "worker_threads";
import type { EpochHyper } from "../engine";
import { Cell, Control, Real, barrier, newControl } from "./barrier";
import { OutputKind, Share, backwardBatch, forwardFirstLayer, forwardRest, updateBatch } from "./minibatch";
import type { Workspace } from "./workspace";

/**
 * Two threads on one epoch: the main thread and a worker share the WebAssembly memory (weights,
 * inputs, order), and do every mini-batch in lockstep (see Share in minibatch.ts):
 *   1. each computes its columns (hidden units) of the first layer for all the batch's examples;
 *   2. barrier — the first layer's activations are complete;
 *   3. each runs the later layers, BP1 and BP2 for half of the examples (at the pre-batch weights);
 *   4. barrier — every δ of the batch is ready;
 *   5. each updates its columns of the first layer; the main thread also the later, small layers;
 *   6. barrier — the new weights are complete before anyone starts the next batch.
 * A thread thus only ever touches its own columns of the big weight matrix (whole cache lines),
 * which stay in its core's cache; only the small per-batch activations and errors move between
 * cores. (An earlier version split the first layer's forward pass by examples instead: one barrier
 * fewer, but every row read then pulled the partner's freshly updated cache lines across.)
 * The arithmetic per weight is exactly the single-thread engine's, so results are identical to it,
 * bit for bit (tested).
 */
export const OUTPUTS: OutputKind[] = ["sigmoid-quadratic", "sigmoid-cross-entropy", "softmax-log-likelihood"];

export interface Role {
  self: Cell;
  other: Cell;
  main: boolean;
}
export const MAIN: Role = { self: Cell.MainPhase, other: Cell.WorkerPhase, main: true };
export const WORKER: Role = { self: Cell.WorkerPhase, other: Cell.MainPhase, main: false };

/** This thread's part of the run (order positions [From, Count)) described in the control block. */
export function runEpochShare(ws: Workspace, control: Control, role: Role, onBatch?: (done: number) => void): void {
  const { ints, reals } = control;
  const count = ints[Cell.Count];
  const batchSize = ints[Cell.BatchSize];
  const split = ints[Cell.Split];
  const output = OUTPUTS[ints[Cell.Output]];
  const hyper: EpochHyper = {
    eta: reals[Real.Eta], batchSize, lambda: reals[Real.Lambda], regularization: ints[Cell.L1] ? "L1" : "L2",
    trainingSize: reals[Real.TrainingSize], momentum: reals[Real.Momentum], dropout: 0,
  };
  let phase = ints[Cell.PhaseBase];
  for (let at = ints[Cell.From]; at < count; at += batchSize) {
    const m = Math.min(batchSize, count - at);
    const mainRows = Math.ceil(m / 2);
    const share: Share = role.main
      ? { first: 0, count: mainRows, h0: 0, h1: split, rest: true }
      : { first: mainRows, count: m - mainRows, h0: split, h1: ws.layers[0].s, rest: false };
    forwardFirstLayer(ws, at, m, share.h0, share.h1);
    barrier(ints, role.self, role.other, ++phase);
    forwardRest(ws, share.first, share.count, output);
    backwardBatch(ws, at, share.first, share.count, output);
    barrier(ints, role.self, role.other, ++phase);
    updateBatch(ws, at, m, hyper, share);
    barrier(ints, role.self, role.other, ++phase);
    onBatch?.(at + m);
  }
}

/** Phases per run: three barriers per mini-batch. */
function phasesFor(images: number, batchSize: number): number {
  return 3 * Math.ceil(images / batchSize);
}

/** The main thread's side: owns the worker, fills the control block, runs its share. */
export class Team {
  private readonly control: Control = newControl();
  private readonly worker: Worker;
  private phaseBase = 0;

  constructor(private readonly ws: Workspace) {
    this.worker = new Worker(path.join(__dirname, "worker.js"), {
      workerData: { plan: ws.shared(), control: this.control.ints.buffer },
    });
    this.worker.unref(); // an idle worker must not keep the process alive
    this.worker.on("error", () => Atomics.store(this.control.ints, Cell.Failed, 1));
  }

  /** Waits (up to `ms`) for the worker to start; false if it did not. */
  ready(ms = 10000): boolean {
    const ints = this.control.ints;
    if (Atomics.load(ints, Cell.Ready) === 0) Atomics.wait(ints, Cell.Ready, 0, ms);
    return Atomics.load(ints, Cell.Ready) === 1 && Atomics.load(ints, Cell.Failed) === 0;
  }

  /** Mini-batches starting at order positions from, from + batchSize, … below `to`, on both threads. */
  run(hyper: EpochHyper, output: OutputKind, split: number, from: number, to: number, onBatch?: (done: number) => void): void {
    const { ints, reals } = this.control;
    const data = this.ws.data!;
    ints[Cell.PhaseBase] = this.phaseBase;
    ints[Cell.From] = from;
    ints[Cell.Count] = to;
    ints[Cell.BatchSize] = hyper.batchSize;
    ints[Cell.Split] = split;
    ints[Cell.Output] = OUTPUTS.indexOf(output);
    ints[Cell.L1] = hyper.regularization === "L1" ? 1 : 0;
    ints[Cell.DataStart] = data.start;
    ints[Cell.DataRows] = data.rows;
    ints[Cell.DataVal] = data.val;
    ints[Cell.DataLabels] = data.labels;
    ints[Cell.DataOrder] = data.order;
    ints[Cell.DataCount] = data.count;
    reals[Real.Eta] = hyper.eta;
    reals[Real.Lambda] = hyper.lambda;
    reals[Real.TrainingSize] = hyper.trainingSize;
    reals[Real.Momentum] = hyper.momentum;
    Atomics.add(ints, Cell.Command, 1); // publishes everything above (Atomics are sequentially consistent)
    Atomics.notify(ints, Cell.Command);
    runEpochShare(this.ws, this.control, MAIN, onBatch);
    this.phaseBase += phasesFor(to - from, hyper.batchSize);
  }

  dispose(): void {
    Atomics.store(this.control.ints, Cell.Quit, 1);
    Atomics.add(this.control.ints, Cell.Command, 1);
    Atomics.notify(this.control.ints, Cell.Command);
    void this.worker.terminate();
  }
}
