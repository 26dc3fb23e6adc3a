import * as os from "os";
import type { Engine, EpochHyper, EpochRun, TrainState } from "../engine";
import type { Network } from "../../network";
import type { Random } from "../../random";
import { drawDropoutMasks } from "../dropout";
import { type OutputKind, backwardBatch, forwardBatch, updateBatch, wholeBatch } from "./minibatch";
import { sparseInput } from "../../sparse-input";
import { Pace } from "./pace";
import { fastCostAndCorrect, fastEvaluate, fastTotalCost } from "./evaluate";
import { hiddenCode, outputKind } from "./network-codes";
import { parkWorkspace, prestartPool, sharedTeam, startTeam, takeWorkspace } from "./pool";
import type { BatchProgress, Team } from "./team";
import { wasmAvailable } from "./wasm";
import { Workspace } from "./workspace";

/**
 * The fast engine: the book's mini-batch SGD, the same batches and the same updates as the plain
 * engines, computed by WebAssembly SIMD kernels on a sparse first layer. The network's parameters
 * are copied into the workspace at the start of each epoch and back at its end, so the network
 * object is always the truth between epochs (and switching engines between epochs is safe).
 */
export function fastEngine(options: FastOptions = {}): Engine & { pace(): ReturnType<Pace["summary"]> } {
  let workspace: Workspace | null = null;
  let lastTeam: Team | null = null;
  const adaptive = options.adaptive ?? true;
  const pace = new Pace(adaptive);
  const f32 = options.precision === 32;
  const threads = options.threads ?? defaultThreads();
  /** The process's worker (pool.ts), started the first time two threads are worth trying. */
  const teamFor = (ws: Workspace): Team | null => {
    const team = sharedTeam(ws, !adaptive);
    if (team && team !== lastTeam) pace.newTeam(team.batchesRun); // a cold worker's first chunk is its warm-up, not a measurement
    lastTeam = team;
    return team;
  };
  return {
    name: f32 ? "fast32" : "fast",
    // The kernels' own forward pass measures the network too (float64, same values up to rounding).
    measures: { evaluate: fastEvaluate, totalCost: fastTotalCost, costAndCorrect: fastCostAndCorrect },
    interruptKeepsEpochStart: true,
    async trainEpoch(epoch: EpochRun) {
      const { net, hyper, order } = epoch;
      if (!(f32 ? supportsFast32 : supportsFast)(net, hyper)) {
        throw new Error(
          `fastEngine: this network or these options need the matrix engine (see supportsFast${f32 ? "32" : ""})`,
        );
      }
      const fits = (ws: Workspace): boolean => workspaceFits(ws, net, hyper, threads, f32);
      if (!workspace || !fits(workspace)) {
        if (workspace) parkWorkspace(workspace);
        workspace =
          takeWorkspace(fits) ??
          Workspace.create({
            sizes: net.sizes,
            batchSize: hyper.batchSize,
            momentum: hyper.momentum !== 0,
            threads,
            firstLayer32: f32,
          });
      }
      const two = threads > 1 && worthTwoThreads(workspace, hyper, adaptive ? order.length : Infinity);
      if (two) startTeam(workspace); // warms up on the other core while this one loads the data
      try {
        trainEpochOn(epoch, { ws: workspace, teamFor: two ? teamFor : null, pace, stream: options.stream });
      } catch (error) {
        // Stopped mid-run on two threads: the retired worker may still be finishing its share in this
        // workspace's memory, so the workspace is dropped rather than lent to the next run.
        if (lastTeam?.broken) workspace = null;
        throw error;
      }
    },
    /** The end of an sgd run: the workspace waits in the pool for the next run (the worker is the pool's). */
    dispose() {
      if (workspace) parkWorkspace(workspace);
      workspace = null;
    },
    pace: () => pace.summary(),
  };
}

export interface FastOptions {
  /** 1 = main thread only; 2 = main thread + one worker. Default: 2 on a machine with ≥ 2 cores (NNDL_THREADS overrides). */
  threads?: number;
  /** With 2 threads: pick one or two threads chunk by chunk, by measured speed (default), or always use two. */
  adaptive?: boolean;
  /**
   * 32: the opt-in "fast32" engine — the first layer's weights in float32, its sparse loops four
   * lanes wide (f32x4) instead of two; its weight velocities float32 too. Results
   * then differ from the other engines by float32 rounding (~1e-6 relative per step), not 1e-14.
   */
  precision?: 64 | 32;
  /**
   * Copy each epoch's examples into one stream in the epoch's order before training on it
   * (Workspace.streamInOrder), or read them in place. Default: copy when the data set's nonzeros
   * take more than 16 MB. Either way the results are the same, bit for bit.
   */
  stream?: boolean;
}

/** fastEngine({ precision: 32 }): what ../registry.ts lists as "fast32". */
export function fast32Engine(): ReturnType<typeof fastEngine> {
  return fastEngine({ precision: 32 });
}

// The pool's worker starts as this module loads, where two threads are the default (see prestartPool).
if (defaultThreads() > 1 && wasmAvailable()) prestartPool();

function defaultThreads(): number {
  const fromEnv = Number(process.env.NNDL_THREADS);
  if (Number.isInteger(fromEnv) && fromEnv >= 1) return Math.min(fromEnv, 2);
  return Math.min(2, os.availableParallelism?.() ?? os.cpus().length);
}

/**
 * Two threads can only pay when a mini-batch has enough work to hide its barrier (about a
 * microsecond when both threads run): several examples, and a first layer wide enough to cut into
 * two weight panels (layout.ts). Tiny batches or layers stay on one thread; Pace decides the rest
 * by measurement.
 */
function worthTwoThreads(ws: Workspace, hyper: EpochHyper, images: number): boolean {
  return hyper.batchSize >= 4 && ws.layers[0].panels === 2 && images >= MIN_IMAGES_FOR_TWO && hyper.dropout === 0; // (dropout: one thread)
}

/**
 * Epochs smaller than this stay on one thread: waking the worker and settling (Pace) would cost
 * more than a few mini-batches save. The pool's worker is started and warmed up before the first
 * run, so even short epochs can pay. Measured (Xeon, [784, 30, 10], cross-entropy, L2, 1.5 million
 * images in epochs of the sizes below, the sweep of the chapter 3 notebook's "more data" figure;
 * the bound was 10,000 before the pool started its worker early): 100 images an epoch, no gain;
 * 200, 4.4 → 3.8 s; 500, 3.8 → 2.8 s; 1,000 to 5,000, 3.6 → 2.4–2.6 s. The whole sweep: 56 → 47 s.
 */
const MIN_IMAGES_FOR_TWO = 200;

/**
 * What the kernels cover: sigmoid, tanh, ReLU or linear hidden layers; a sigmoid output with the
 * quadratic or cross-entropy cost, or softmax with log-likelihood; L2 or L1; momentum; dropout
 * (on one thread).
 */
export function supportsFast(net: Network, hyper: EpochHyper): boolean {
  void hyper; // every EpochHyper combination is covered
  return (
    hiddenCode(net) !== undefined &&
    net.sizes[0] <= 65536 && // sparse-input.ts keeps input indices as u16
    wasmAvailable()
  );
}

/**
 * What "fast32" covers: everything "fast" covers (its first layer's weight decay and momentum run
 * on float32 weights and velocities; every panel is a multiple of 8 units, as f32x4 needs).
 */
export function supportsFast32(net: Network, hyper: EpochHyper): boolean {
  return supportsFast(net, hyper);
}

/** Whether a workspace can run this network with these options (its batch room, shape, momentum, threads, precision). */
function workspaceFits(ws: Workspace, net: Network, hyper: EpochHyper, threads: number, f32: boolean): boolean {
  return (
    ws.batchSize >= hyper.batchSize &&
    ws.sizes.length === net.sizes.length &&
    ws.sizes.every((n, i) => n === net.sizes[i]) &&
    (ws.layers[0].VW !== 0) === (hyper.momentum !== 0) &&
    ws.replicaCount === threads &&
    ws.firstLayer32 === f32
  );
}

const PROGRESS_EVERY = 1000; // images between onProgress calls

/**
 * A data set whose nonzeros take more than this is copied into the epoch's order first
 * (Workspace.streamInOrder); a smaller one is read in place, as it stays in the caches anyway.
 * Measured per image on [784, 30, 10] (Xeon, 2 MB L2 per core): at 10,000 MNIST images (12 MB)
 * the copy gained nothing on one or two threads; at 20,000 (24 MB) two threads gained 11%; at
 * 50,000, 5% on one thread and 20–25% on two.
 */
const STREAM_ABOVE_BYTES = 16 * 2 ** 20;

/** Where an epoch runs: the workspace, the worker thread when two threads may be used, and the pace that picks. */
interface Machinery {
  ws: Workspace;
  teamFor: ((ws: Workspace) => Team | null) | null;
  pace: Pace;
  stream?: boolean;
}

function trainEpochOn(
  { net, data, order, hyper, rng, state, onProgress }: EpochRun,
  { ws, teamFor, pace, stream }: Machinery,
): void {
  const sparse = sparseInput(data);
  // (8 bytes a nonzero in memory: its value and its row offset)
  if (stream ?? 8 * sparse.idx.length > STREAM_ABOVE_BYTES) {
    // A ready worker touches the new stream's memory while this thread loads the data (the first
    // time), then copies half of each epoch's stream.
    const helper = teamFor?.(ws) ?? undefined;
    ws.loadData(sparse, data.labels, helper);
    ws.streamInOrder(order, helper);
  } else {
    ws.loadData(sparse, data.labels);
    ws.setOrder(order);
  }
  moveParameters(ws, net, state, hyper.momentum !== 0, "in");
  ws.hidden = hiddenCode(net)!;
  ws.dropout = hyper.dropout > 0;
  const masks = ws.dropout ? new DropoutDraw(ws, net, hyper.dropout, rng) : null;
  const output = outputKind(net);
  const progress = new ProgressReport(onProgress);
  for (let from = 0; from < order.length;) {
    const team = teamFor !== null && pace.nextIsTeam() ? teamFor(ws) : null;
    const both = team !== null;
    const to = Math.min(from + pace.chunkBatches(both) * hyper.batchSize, order.length);
    const settled = Math.min(from + pace.settleBatches(both) * hyper.batchSize, to);
    const run = (a: number, b: number): void => {
      if (a >= b) return;
      if (team)
        team.run(ws, hyper, output, ws.layers[0].panel, a, b, progress); // each thread has its own weight panel
      else oneThread(ws, hyper, output, a, b, progress, masks);
    };
    if (team) ws.syncReplicas(); // one-thread chunks only kept replica 0 of the later layers current
    run(from, settled); // untimed: the cost of switching (see Pace)
    const start = performance.now();
    run(settled, to);
    if (to > settled) pace.record(both, (performance.now() - start) / (to - settled), to - from);
    from = to;
  }
  moveParameters(ws, net, state, hyper.momentum !== 0, "out");
  progress.finish(order.length);
}

/** The epoch's onProgress, called every PROGRESS_EVERY images and at the end (see BatchProgress). */
class ProgressReport implements BatchProgress {
  private reported = 0;

  constructor(private readonly onProgress: ((done: number) => void) | undefined) {}

  batchDone(done: number): void {
    if (this.onProgress && done - this.reported >= PROGRESS_EVERY) this.onProgress((this.reported = done));
  }

  finish(images: number): void {
    if (this.onProgress && this.reported < images) this.onProgress(images);
  }
}

function oneThread(
  ws: Workspace,
  hyper: EpochHyper,
  output: OutputKind,
  from: number,
  to: number,
  progress: BatchProgress,
  masks: DropoutDraw | null,
): void {
  for (let at = from; at < to; at += hyper.batchSize) {
    const m = Math.min(hyper.batchSize, to - at);
    masks?.next();
    forwardBatch(ws, at, m, output);
    backwardBatch(ws, at, 0, m, output);
    updateBatch(ws, at, m, hyper, wholeBatch(ws));
    progress.batchDone(at + m);
  }
}

/**
 * Dropout masks, one per hidden layer, drawn for each mini-batch before its gradient exactly as
 * the plain engines draw them (drawDropoutMasks: same generator, same order), then copied into the
 * workspace's M regions.
 */
class DropoutDraw {
  private readonly masks: Float64Array[];

  constructor(
    private readonly ws: Workspace,
    private readonly net: Network,
    private readonly p: number,
    private readonly rng: Random,
  ) {
    this.masks = net.sizes.slice(1, -1).map((n) => new Float64Array(n));
  }

  next(): void {
    drawDropoutMasks(this.net.sizes, this.p, this.rng, this.masks);
    this.masks.forEach((mask, l) => this.ws.f64(this.ws.layers[l].M, mask.length).set(mask));
  }
}

/** The network's parameters (and momentum velocities) into the workspace before an epoch ("in"), back after it ("out"). */
function moveParameters(
  ws: Workspace,
  net: Network,
  state: TrainState,
  momentum: boolean,
  direction: "in" | "out",
): void {
  if (momentum && !state.velocityWeights) {
    state.velocityWeights = net.weights.map((w) => new Float64Array(w.length));
    state.velocityBiases = net.biases.map((b) => new Float64Array(b.length));
  }
  ws.layers.forEach((_, l) => {
    ws.moveWeights(l, net.weights[l], "WT", direction);
    ws.moveVector(l, "b", net.biases[l], direction);
    if (momentum) {
      ws.moveWeights(l, state.velocityWeights![l], "VW", direction);
      ws.moveVector(l, "VB", state.velocityBiases![l], direction);
    }
  });
}
