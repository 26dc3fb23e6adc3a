import type { EpochHyper } from "../engine";
import { backwardBatch, forwardFirstLayer, forwardRest, updateBatch } from "./minibatch";
import type { SparseInput } from "../../sparse-input";
import { Workspace } from "./workspace";

/**
 * Runs a new worker's per-batch code on a throw-away network and made-up inputs, so V8 has
 * optimized it (JavaScript and WebAssembly start in baseline tiers) before the worker's first real
 * mini-batch. Without this a fresh worker is several times slower for its first thousands of
 * batches, and Pace would judge two threads by that. Takes a few tens of milliseconds, once.
 */
export function warmUp(sizes: readonly number[], batchSize: number, hidden: number, firstLayer32: boolean): void {
  const ws = Workspace.create({ sizes, batchSize, momentum: false, threads: 2, firstLayer32 }); // two panels, as the worker's
  const count = 4 * batchSize;
  const { sparse, labels } = madeUpInputs(count, sizes[0], sizes[sizes.length - 1]);
  ws.loadData(sparse, labels);
  ws.setOrder(Uint32Array.from({ length: count }, (_, i) => i));
  ws.hidden = hidden;
  const hyper: EpochHyper = {
    eta: 0.01,
    batchSize,
    lambda: 0,
    regularization: "L2",
    trainingSize: count,
    momentum: 0,
    dropout: 0,
  };
  const half = ws.layers[0].panel; // the worker's columns
  for (let round = 0; round < 500; round++) {
    for (let at = 0; at < count; at += batchSize) {
      forwardFirstLayer(ws, at, batchSize, half, ws.layers[0].s);
      forwardRest(ws, 0, batchSize, "sigmoid-quadratic");
      backwardBatch(ws, at, 0, batchSize, "sigmoid-quadratic", half, ws.layers[0].s);
      updateBatch(ws, at, batchSize, hyper, { h0: half, h1: ws.layers[0].s });
    }
  }
}

/** `count` examples with every 5th input set (about MNIST's share of inked pixels). */
function madeUpInputs(count: number, inputs: number, classes: number): { sparse: SparseInput; labels: Uint8Array } {
  const perExample = Math.ceil(inputs / 5);
  const start = Uint32Array.from({ length: count + 1 }, (_, i) => i * perExample);
  const idx = Uint16Array.from({ length: count * perExample }, (_, p) => ((p % perExample) * 5 + (p % 3)) % inputs);
  const val = Float32Array.from({ length: count * perExample }, (_, p) => ((p * 37) % 255) / 255);
  const labels = Uint8Array.from({ length: count }, (_, i) => i % classes);
  return { sparse: { count, start, idx, val }, labels };
}
