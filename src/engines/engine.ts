import type { Dataset } from "./dataset";
import { InputError } from "./errors";
import type { Network } from "./network";
import type { Random } from "./random";
import { matrixEngine, perExampleEngine } from "./training/engines";

/**
 * The seam between the SGD loop (train.ts) and whatever computes an epoch of updates: the plain
 * per-example engine (the book's algorithm), the matrix engine (ch. 2's mini-batch problem), or the
 * fast kernels in src/kernels/. Every engine must make the SAME mini-batches and the SAME updates:
 *  - mini-batches are consecutive slices of `order`; the last may be shorter (its step is η/len);
 *  - dropout masks are drawn from `rng` once per mini-batch, before its gradient, in the order of
 *    `drawDropoutMasks` (training/dropout.ts), and used for every example of that batch;
 *  - the update is `applyUpdate` (training/update.ts): network2.py's weight decay / L1, momentum.
 * Only float rounding may differ between engines (tests compare them).
 */
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
  /** Scratch space an engine may keep between epochs (buffers, workers), keyed by engine name. */
  engineScratch: Map<string, unknown>;
}

export function createTrainState(): TrainState {
  return { velocityWeights: null, velocityBiases: null, engineScratch: new Map() };
}

export interface Engine {
  readonly name: string;
  /** One epoch. Must leave net.weights/biases updated when the promise resolves. */
  trainEpoch(
    net: Network,
    data: Dataset,
    order: Uint32Array,
    hyper: EpochHyper,
    rng: Random,
    state: TrainState,
    onProgress?: (done: number) => void,
  ): Promise<void>;
  dispose?(): void;
}

/** "fast32" is opt-in only ("auto" never picks it): float32 first-layer weights, so not the book's float64 results. */
export type EngineName = "auto" | "fast" | "fast32" | "matrix" | "per-example";
export const engineNames: EngineName[] = ["auto", "fast", "fast32", "matrix", "per-example"];

interface Registered {
  create(): Engine;
  supports(net: Network, hyper: EpochHyper): boolean;
}

const registry = new Map<string, Registered>();

/** How an engine joins in: the built-ins register below, src/kernels/ registers "fast". */
export function registerEngine(
  name: string,
  create: () => Engine,
  supports: (net: Network, hyper: EpochHyper) => boolean = () => true,
): void {
  registry.set(name, { create, supports });
}

/** What src/kernels/index.ts may export. */
interface Kernels {
  fastEngine?: () => Engine;
  supportsFast?: (net: Network, hyper: EpochHyper) => boolean;
  fast32Engine?: () => Engine;
  supportsFast32?: (net: Network, hyper: EpochHyper) => boolean;
  fastEvaluate?: (net: Network, data: Dataset) => number;
  fastTotalCost?: (net: Network, data: Dataset, lambda: number, regularization: "L2" | "L1") => number;
}

let kernels: Kernels | null | undefined;

/**
 * src/kernels/, if it exists in this build (loaded lazily, once). It may export fastEngine() and
 * supportsFast() or call registerEngine("fast", …) itself; either way works. Only a missing module
 * is tolerated: an error inside the kernels is a bug and must surface.
 */
function loadKernels(): Kernels | null {
  if (kernels === undefined) {
    try {
      kernels = require("./kernels") as Kernels;
    } catch (error) {
      const missing =
        (error as NodeJS.ErrnoException).code === "MODULE_NOT_FOUND" && String((error as Error).message).includes("./kernels");
      if (!missing) throw error;
      kernels = null;
    }
    if (kernels?.fastEngine && !registry.has("fast")) registerEngine("fast", kernels.fastEngine, kernels.supportsFast);
    if (kernels?.fast32Engine && !registry.has("fast32")) registerEngine("fast32", kernels.fast32Engine, kernels.supportsFast32);
  }
  return kernels;
}

function loadFast(name: "fast" | "fast32" = "fast"): Registered | undefined {
  loadKernels();
  return registry.get(name);
}

/** How monitoring measures the network after an epoch: accuracy (correct count) and total cost. */
export interface Measures {
  evaluate(net: Network, data: Dataset): number;
  totalCost(net: Network, data: Dataset, lambda: number, regularization: "L2" | "L1"): number;
}

/**
 * The measures for a run on `engine`: the kernels' fastEvaluate/fastTotalCost (float64) when the run
 * is on a fast engine (same values up to float rounding), else the network's own evaluate/totalCost.
 */
export function measuresFor(engine: Engine): Measures {
  const fast = engine.name === "fast" || engine.name === "fast32" ? loadKernels() : null;
  return {
    evaluate: fast?.fastEvaluate ?? ((net, data) => net.evaluate(data)),
    totalCost: fast?.fastTotalCost ?? ((net, data, lambda, regularization) => net.totalCost(data, lambda, regularization)),
  };
}

/** Chooses the engine for a run: "auto" = fast where it supports the configuration, else matrix. */
export function pickEngine(choice: EngineName, net: Network, hyper: EpochHyper): Engine {
  if (choice === "auto") {
    const fast = loadFast();
    if (fast && fast.supports(net, hyper)) return fast.create();
    return (registry.get("matrix") ?? registry.get("per-example")!).create();
  }
  if (choice === "fast" || choice === "fast32") {
    const fast = loadFast(choice);
    if (!fast) throw new InputError(`engine "${choice}" is not available in this build: use "auto", "matrix" or "per-example"`);
    if (!fast.supports(net, hyper)) {
      throw new InputError(`engine "${choice}" does not support this network or these options: use "auto" or "matrix"`);
    }
    return fast.create();
  }
  const chosen = registry.get(choice);
  if (!chosen) throw new InputError(`unknown engine ${JSON.stringify(choice)}: use one of ${engineNames.join(", ")}`);
  return chosen.create();
}

// The built-in engines.
registerEngine("per-example", perExampleEngine);
registerEngine("matrix", matrixEngine);
