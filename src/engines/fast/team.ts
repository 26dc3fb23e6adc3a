import * as path from "path";
import { MessageChannel, type MessagePort, Worker } from "worker_threads";
import type { EpochHyper } from "../engine";
import { Cell, type Control, GATHER, Real, TOUCH, TRAIN, barrier, newControl, workerFailure } from "./barrier";
import { type OutputKind, type Share, backwardBatch, forwardFirstLayer, forwardRest, updateBatch } from "./minibatch";
import { type DataPlan, type Helper, type Workspace, gatherRange } from "./workspace";

/**
 * Two threads on one epoch: the main thread and a worker share the WebAssembly memory (weights,
 * inputs, order) and go through the mini-batches in lockstep, with ONE barrier per batch:
 *   1. each computes its columns (hidden units) of the first layer, for all the batch's examples;
 *   2. barrier — the first layer's activations are complete;
 *   3. each runs the later layers, BP1 and BP2 for all the examples on its own replica of those
 *      (small) layers, then the first layer's δ for its columns only, then updates its columns of
 *      the first layer and its replica of the later ones.
 * A thread only ever writes its own columns of the big weight matrix (whole cache lines, which stay
 * in its core's cache) and its own replica; the later layers' replicas see identical inputs and
 * arithmetic, so they stay equal bit for bit (tested). The first layer's activations alternate
 * between two buffers, so a thread may start batch b+1 while the other still reads batch b's.
 * The results are those of the one-thread engine, bit for bit.
 *
 * (Measured before this design: three barriers per batch, the later layers done once and shared —
 * two threads then beat one by only ~1.3× on an idle machine; each barrier costs a cache-line
 * round trip between the cores plus the imbalance of the phase before it.)
 */
export const OUTPUTS: OutputKind[] = ["sigmoid-quadratic", "sigmoid-cross-entropy", "softmax-log-likelihood"];

export interface Role {
  self: Cell;
  other: Cell;
  main: boolean;
}
export const MAIN: Role = { self: Cell.MainPhase, other: Cell.WorkerPhase, main: true };
export const WORKER: Role = { self: Cell.WorkerPhase, other: Cell.MainPhase, main: false };

/**
 * Told after each mini-batch how many images of the run are done (progress, and where an
 * interrupt stops the run). An object whose method stays the same function from epoch to epoch: a
 * fresh closure each epoch deoptimized this loop once it was optimized ("wrong call target").
 */
export interface BatchProgress {
  batchDone(done: number): void;
}

/** This thread's part of the run (order positions [From, Count)) described in the control block. */
export function runEpochShare(ws: Workspace, control: Control, role: Role, progress?: BatchProgress): void {
  const { ints, reals } = control;
  const count = ints[Cell.Count];
  const batchSize = ints[Cell.BatchSize];
  const split = ints[Cell.Split];
  const output = OUTPUTS[ints[Cell.Output]];
  const hyper: EpochHyper = {
    eta: reals[Real.Eta],
    batchSize,
    lambda: reals[Real.Lambda],
    regularization: ints[Cell.L1] ? "L1" : "L2",
    trainingSize: reals[Real.TrainingSize],
    momentum: reals[Real.Momentum],
    dropout: 0,
  };
  ws.hidden = ints[Cell.Hidden];
  let phase = ints[Cell.PhaseBase];
  const share: Share = role.main ? { h0: 0, h1: split } : { h0: split, h1: ws.layers[0].s };
  for (let at = ints[Cell.From]; at < count; at += batchSize) {
    const m = Math.min(batchSize, count - at);
    ws.useBuffer((at / batchSize) & 1);
    forwardFirstLayer(ws, at, m, share.h0, share.h1);
    barrier(ints, role.self, role.other, ++phase);
    forwardRest(ws, 0, m, output);
    backwardBatch(ws, at, 0, m, output, share.h0, share.h1);
    updateBatch(ws, at, m, hyper, share);
    progress?.batchDone(at + m);
  }
  barrier(ints, role.self, role.other, phase + 1); // both threads' updates are complete
  ws.useBuffer(0);
}

/** The worker's half of an epoch's gather (Team.gather): the range in the control block, then a barrier. */
export function gatherShare(ws: Workspace, control: Control): void {
  const { ints } = control;
  const source = dataPlanIn(ints);
  const stream: DataPlan = {
    count: source.count,
    start: ints[Cell.ToStart],
    rows: ints[Cell.ToRows],
    val: ints[Cell.ToVal],
    labels: ints[Cell.ToLabels],
    order: 0, // not read
  };
  gatherRange(ws.kernels, source, stream, ints[Cell.GatherFrom], ints[Cell.GatherTo], ints[Cell.GatherAt]);
  barrier(ints, WORKER.self, WORKER.other, ints[Cell.PhaseBase] + 1);
}

/** The worker's part of loading a data set (Team.touch): new memory touched, then a barrier. */
export function touchShare(ws: Workspace, control: Control): void {
  const { ints } = control;
  ws.kernels.touch(ints[Cell.TouchAt], ints[Cell.TouchBytes]);
  barrier(ints, WORKER.self, WORKER.other, ints[Cell.PhaseBase] + 1);
}

/** The data plan the main thread wrote into the control block. */
export function dataPlanIn(ints: Int32Array): DataPlan {
  return {
    count: ints[Cell.DataCount],
    start: ints[Cell.DataStart],
    rows: ints[Cell.DataRows],
    val: ints[Cell.DataVal],
    labels: ints[Cell.DataLabels],
    order: ints[Cell.DataOrder],
  };
}

/** Phases per run: a barrier per mini-batch and one at the end. */
function phasesFor(images: number, batchSize: number): number {
  return Math.ceil(images / batchSize) + 1;
}

/**
 * The main thread's side: owns the worker, fills the control block, runs its share. One Team
 * outlives the engines that use it (pool.ts): `run` is told which workspace to work in, and a new
 * workspace's plan is sent to the worker before the run that first uses it.
 */
export class Team implements Helper {
  private readonly control: Control = newControl();
  private readonly worker: Worker;
  private readonly port: MessagePort; // plans for the worker, which reads them synchronously (receiveMessageOnPort)
  private attached: Workspace | null;
  private phaseBase = 0;
  /** Mini-batches this worker has run: a pooled worker that has done a few hundred is warm (pace.ts). */
  batchesRun = 0;
  /** A run ended by an exception: the worker may be stuck at a barrier, so this team must not be used again. */
  broken = false;

  /** A worker in workspace `ws`, or (null) with no workspace yet: the pool's early start, before any run. */
  constructor(ws: Workspace | null) {
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    this.attached = ws;
    this.worker = new Worker(path.join(__dirname, "worker.js"), {
      workerData: { plan: ws?.shared() ?? null, control: this.control.ints.buffer, hidden: ws?.hidden, port: port2 },
      transferList: [port2],
    });
    this.worker.unref(); // an idle worker must not keep the process alive
    this.port.unref();
    this.worker.on("error", () => Atomics.store(this.control.ints, Cell.Failed, 1));
  }

  /** Whether the worker has started and warmed up (it takes ~0.1–0.2 s, while the main thread trains alone). */
  ready(): boolean {
    return this.started() && !this.failed();
  }

  /** Whether the worker ever got ready (a failure after that is a failed run, not a failed start). */
  started(): boolean {
    return Atomics.load(this.control.ints, Cell.Ready) === 1;
  }

  /** Waits (up to `ms`) for the worker to be ready; false if it is not. */
  waitUntilReady(ms = 10000): boolean {
    const ints = this.control.ints;
    if (Atomics.load(ints, Cell.Ready) === 0 && !this.failed()) Atomics.wait(ints, Cell.Ready, 0, ms);
    return this.ready();
  }

  /** Sends the worker a new workspace's plan before the command that first uses it. */
  private attach(ws: Workspace): void {
    if (ws === this.attached) return;
    this.port.postMessage({ plan: ws.shared() });
    this.control.ints[Cell.Replan] = 1;
    this.attached = ws;
  }

  /** Whether the worker hit an error (while starting, or in a run). */
  failed(): boolean {
    return Atomics.load(this.control.ints, Cell.Failed) !== 0;
  }

  /** Mini-batches starting at order positions from, from + batchSize, … below `to`, on both threads, in workspace `ws`. */
  run(
    ws: Workspace,
    hyper: EpochHyper,
    output: OutputKind,
    split: number,
    from: number,
    to: number,
    progress?: BatchProgress,
  ): void {
    const { ints } = this.control;
    this.attach(ws);
    describeRun(this.control, ws, hyper, output, split, from, to, this.phaseBase);
    Atomics.add(ints, Cell.Command, 1); // publishes everything above (Atomics are sequentially consistent)
    Atomics.notify(ints, Cell.Command);
    try {
      runEpochShare(ws, this.control, MAIN, progress);
    } catch (error) {
      this.broken = true; // e.g. progress threw (an interrupt) mid-run: the worker waits at a barrier we never reach
      throw Atomics.load(ints, Cell.Failed) !== 0 ? workerFailure(this.control) : error;
    }
    this.phaseBase += phasesFor(to - from, hyper.batchSize);
    this.batchesRun += Math.ceil((to - from) / hyper.batchSize);
  }

  /**
   * Starts the worker copying stream positions [k0, k1) (workspace.ts streamInOrder) in workspace
   * `ws`; waitForTask waits until it has.
   */
  gather(ws: Workspace, source: DataPlan, stream: DataPlan, k0: number, k1: number, at0: number): void {
    const { ints } = this.control;
    this.attach(ws);
    ints[Cell.Task] = GATHER;
    ints[Cell.PhaseBase] = this.phaseBase;
    writeDataPlan(ints, source);
    ints[Cell.ToStart] = stream.start;
    ints[Cell.ToRows] = stream.rows;
    ints[Cell.ToVal] = stream.val;
    ints[Cell.ToLabels] = stream.labels;
    ints[Cell.GatherFrom] = k0;
    ints[Cell.GatherTo] = k1;
    ints[Cell.GatherAt] = at0;
    Atomics.add(ints, Cell.Command, 1);
    Atomics.notify(ints, Cell.Command);
  }

  /** Waits for the worker at the barrier that ends a gather or touch. */
  waitForTask(): void {
    const { ints } = this.control;
    try {
      barrier(ints, MAIN.self, MAIN.other, this.phaseBase + 1);
    } catch (error) {
      this.broken = true;
      throw Atomics.load(ints, Cell.Failed) !== 0 ? workerFailure(this.control) : error;
    }
    this.phaseBase += 1;
  }

  /**
   * Starts the worker touching bytes [at, at + bytes) of workspace `ws`'s memory (new memory the
   * main thread will fill soon); waitForTask waits until it has.
   */
  touch(ws: Workspace, at: number, bytes: number): void {
    const { ints } = this.control;
    this.attach(ws);
    ints[Cell.Task] = TOUCH;
    ints[Cell.PhaseBase] = this.phaseBase;
    ints[Cell.TouchAt] = at;
    ints[Cell.TouchBytes] = bytes;
    Atomics.add(ints, Cell.Command, 1);
    Atomics.notify(ints, Cell.Command);
  }

  dispose(): void {
    Atomics.store(this.control.ints, Cell.Quit, 1);
    Atomics.add(this.control.ints, Cell.Command, 1);
    Atomics.notify(this.control.ints, Cell.Command);
    this.port.close();
    void this.worker.terminate();
  }
}

/** Writes a training run (what runEpochShare reads) into the control block. */
export function describeRun(
  control: Control,
  ws: Workspace,
  hyper: EpochHyper,
  output: OutputKind,
  split: number,
  from: number,
  to: number,
  phaseBase: number,
): void {
  const { ints, reals } = control;
  ints[Cell.Task] = TRAIN;
  ints[Cell.PhaseBase] = phaseBase;
  ints[Cell.From] = from;
  ints[Cell.Count] = to;
  ints[Cell.BatchSize] = hyper.batchSize;
  ints[Cell.Split] = split;
  ints[Cell.Output] = OUTPUTS.indexOf(output);
  ints[Cell.Hidden] = ws.hidden;
  ints[Cell.L1] = hyper.regularization === "L1" ? 1 : 0;
  writeDataPlan(ints, ws.data!);
  reals[Real.Eta] = hyper.eta;
  reals[Real.Lambda] = hyper.lambda;
  reals[Real.TrainingSize] = hyper.trainingSize;
  reals[Real.Momentum] = hyper.momentum;
}

function writeDataPlan(ints: Int32Array, data: DataPlan): void {
  ints[Cell.DataStart] = data.start;
  ints[Cell.DataRows] = data.rows;
  ints[Cell.DataVal] = data.val;
  ints[Cell.DataLabels] = data.labels;
  ints[Cell.DataOrder] = data.order;
  ints[Cell.DataCount] = data.count;
}
