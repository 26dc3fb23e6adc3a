import type { EpochHyper } from "../engine";
import { ACTIVATION_CODES } from "./wat";
import { panelEnd, weightOffset } from "./layout";
import type { LayerPlan, Workspace } from "./workspace";

/** What the output layer does: the pairing of output activation and cost decides δᴸ (BP1). */
export type OutputKind = "sigmoid-quadratic" | "sigmoid-cross-entropy" | "softmax-log-likelihood";

/**
 * A thread's part of one mini-batch: the first layer — nearly all the work — is split by columns
 * (hidden units [h0, h1)), its forward pass, its δ and its update, so each thread's weights stay in
 * its own core's cache. The later layers are small; each thread runs them whole, on its own replica
 * (see Workspace). One thread alone has every column.
 */
export interface Share {
  h0: number;
  h1: number;
}

/** The whole batch on one thread. */
export function wholeBatch(ws: Workspace): Share {
  return { h0: 0, h1: ws.layers[0].s };
}

/** The whole forward pass for batch examples order[at … at+m) on one thread. */
export function forwardBatch(ws: Workspace, at: number, m: number, output: OutputKind): void {
  forwardFirstLayer(ws, at, m, 0, ws.layers[0].s);
  forwardRest(ws, 0, m, output);
}

/**
 * Eq. 25 for the first layer, units [h0, h1), all m examples of the batch, reading only each
 * example's nonzero inputs; then the hidden activation, if the first layer is a hidden layer.
 * The kernel runs once per weight panel the range touches (layout.ts).
 */
export function forwardFirstLayer(ws: Workspace, at: number, m: number, h0: number, h1: number): void {
  for (let lo = h0; lo < h1;) {
    const hi = Math.min(h1, panelEnd(ws.layers[0], lo));
    forwardPanelPiece(ws, at, m, lo, hi);
    lo = hi;
  }
}

/** forwardFirstLayer for units [h0, h1) inside one weight panel. */
function forwardPanelPiece(ws: Workspace, at: number, m: number, h0: number, h1: number): void {
  const n = h1 - h0;
  const data = ws.data!;
  const l0 = ws.layers[0];
  const col = 8 * h0;
  const forward = ws.firstLayer32 ? ws.kernels.sparseForward32 : ws.kernels.sparseForward;
  const weights = l0.WT + weightOffset(l0, 0, h0, ws.weightBytes(0));
  forward(l0.Z + col, weights, l0.s, n, l0.b + col, m, data.order + 4 * at, data.start, data.rows, data.val);
  const real = Math.min(n, evenCeil(l0.nOut) - h0); // skip padding units
  if (ws.layers.length > 1 && real > 0) activateHidden(ws, l0, 0, h0, m, real);
}

/** The layers after the first (and the output activation) for batch rows [first, first+count). */
export function forwardRest(ws: Workspace, first: number, count: number, output: OutputKind): void {
  if (count <= 0) return;
  const k = ws.kernels;
  const layers = ws.layers;
  const last = layers.length - 1;
  for (let l = 1; l <= last; l++) {
    const layer = layers[l];
    const prev = layers[l - 1];
    const rows = 8 * first * layer.s;
    k.denseForward(
      layer.Z + rows,
      layer.WT,
      layer.s,
      layer.s,
      layer.b,
      count,
      prev.A + 8 * first * prev.s,
      prev.s,
      layer.nIn,
    );
    if (l < last) activateHidden(ws, layer, first, 0, count, evenCeil(layer.nOut));
  }
  const out = layers[last];
  const rows = 8 * first * out.s;
  if (output === "softmax-log-likelihood") return softmaxRows(ws, first, count);
  const n = evenCeil(out.nOut);
  // Rows with no padding between them are one long row: the kernel's groups of vectors then run
  // across rows instead of leaving each row's odd vector to a lone e^x (10 units = 4 + 1 vectors).
  if (n === out.s) k.activate(out.A + rows, out.Z + rows, 1, count * n, count * n, ACTIVATION_CODES.sigmoid);
  else k.activate(out.A + rows, out.Z + rows, count, n, out.s, ACTIVATION_CODES.sigmoid);
}

const evenCeil = (n: number): number => n + (n & 1);

/**
 * A hidden layer's activation for rows [first, first+rows) × units [h0, h0+n).
 * With dropout (chapter 3) the activation goes to U and A = U ⊙ mask, as network.ts does it: BP4
 * and the next layer see the masked a, BP2's σ' the unmasked one.
 */
function activateHidden(ws: Workspace, layer: LayerPlan, first: number, h0: number, rows: number, n: number): void {
  const k = ws.kernels;
  const at = 8 * (first * layer.s + h0);
  if (!ws.dropout) return k.activate(layer.A + at, layer.Z + at, rows, n, layer.s, ws.hidden);
  k.activate(layer.U + at, layer.Z + at, rows, n, layer.s, ws.hidden);
  k.mask(layer.A + at, layer.U + at, layer.M + 8 * h0, rows, n, layer.s);
}

/** a = softmax(z) per example (eq. 78), subtracting max z first as activations.ts does. */
function softmaxRows(ws: Workspace, first: number, count: number): void {
  const { Z, A, s, nOut } = ws.layers[ws.layers.length - 1];
  const heap = ws.heap();
  for (let e = first; e < first + count; e++) {
    const z = Z / 8 + e * s;
    const a = A / 8 + e * s;
    let max = -Infinity;
    for (let j = 0; j < nOut; j++) if (heap[z + j] > max) max = heap[z + j];
    let sum = 0;
    for (let j = 0; j < nOut; j++) sum += heap[a + j] = Math.exp(heap[z + j] - max);
    for (let j = 0; j < nOut; j++) heap[a + j] /= sum;
  }
}

/**
 * BP1 for each example: δᴸ = (a − y) ⊙ σ'(z) for the quadratic cost, a − y for cross-entropy with
 * sigmoid (eq. 66) and log-likelihood with softmax (eq. 84); y is the one-hot label.
 */
function outputError(ws: Workspace, at: number, first: number, count: number, output: OutputKind): void {
  const { A, D, s, nOut } = ws.layers[ws.layers.length - 1];
  const rows = 8 * first * s;
  const order = ws.data!.order + 4 * (at + first);
  const quadratic = output === "sigmoid-quadratic" ? 1 : 0;
  ws.kernels.outputError(D + rows, A + rows, s, nOut, count, order, ws.data!.labels, quadratic);
}

/**
 * BP1 then BP2 down to the first layer — all at the pre-batch weights — for batch rows
 * [first, first+count); the first layer's δ only for its units [h0, h1) (a thread's columns).
 */
export function backwardBatch(
  ws: Workspace,
  at: number,
  first: number,
  count: number,
  output: OutputKind,
  h0 = 0,
  h1 = ws.layers[0].s,
): void {
  if (count <= 0) return;
  outputError(ws, at, first, count, output);
  const layers = ws.layers;
  for (let l = layers.length - 1; l > 0; l--) {
    const layer = layers[l];
    const prev = layers[l - 1];
    const j0 = l === 1 ? h0 : 0;
    const cols = (l === 1 ? h1 : prev.s) - j0;
    if (cols <= 0) continue;
    const real = Math.max(0, Math.min(prev.nOut - j0, cols));
    const rowPrev = 8 * (first * prev.s + j0);
    ws.kernels.backwardError(
      prev.D + rowPrev,
      prev.s,
      real,
      cols,
      layer.WT + 8 * j0 * layer.s,
      layer.s,
      layer.D + 8 * first * layer.s,
      (ws.dropout ? prev.U : prev.A) + rowPrev,
      count,
      ws.hidden,
      ws.dropout ? prev.M + 8 * j0 : 0,
    );
  }
}

/**
 * The update of ../update.ts, applied in place, for the m examples of the batch. With
 * step = η/m and decay = ηλ/n:
 *   L2: w → (1 − decay)w − step·Σ x δ;  L1: w → w − decay·sgn(w) − step·Σ x δ;  b → b − step·Σ δ
 *   momentum: v → μv − decay·(w or sgn w) − step·Σ x δ, w → w + v (biases likewise, undecayed).
 * Σ x δ (BP4 summed over the batch) is never formed: each example's x·δᵀ is subtracted straight
 * from the weights, which is the same sum; for the first layer only the rows of nonzero x move.
 * `share` says which columns of the first layer this thread updates; it updates all later layers
 * (its own replica of them).
 */
export function updateBatch(ws: Workspace, at: number, m: number, hyper: EpochHyper, share: Share): void {
  // (Plain loops, no closures: this runs 5,000 times an epoch on each thread, and garbage means
  // collector pauses, which stall the other thread at the next barrier.)
  for (let l = 0; l < ws.layers.length; l++) {
    const layer = ws.layers[l];
    const h1 = l === 0 ? share.h1 : layer.s;
    for (let lo = l === 0 ? share.h0 : 0; lo < h1;) {
      // one weight panel at a time (layout.ts)
      const hi = Math.min(h1, panelEnd(layer, lo));
      updateLayer(ws, l, at, hyper, m, lo, hi - lo);
      lo = hi;
    }
  }
}

/**
 * BP4 summed over the batch, subtracted (times `step`) from the weights or velocities at byte
 * `target` (unit h0's place in row 0), n units from unit h0.
 */
function subtractGradient(
  ws: Workspace,
  l: number,
  at: number,
  m: number,
  h0: number,
  n: number,
  target: number,
  step: number,
): void {
  const layer = ws.layers[l];
  if (l === 0) {
    const data = ws.data!;
    const update = ws.firstLayer32 ? ws.kernels.sparseUpdate32 : ws.kernels.sparseUpdate;
    update(target, layer.s, n, layer.D + 8 * h0, m, data.order + 4 * at, data.start, data.rows, data.val, step);
  } else {
    const prev = ws.layers[l - 1];
    ws.kernels.denseUpdate(target, layer.s, n, layer.D + 8 * h0, m, prev.A, prev.s, layer.nIn, step);
  }
}

/** Regularization, BP4, momentum and biases for units [h0, h0 + n) of layer l, all inside one weight panel. */
function updateLayer(ws: Workspace, l: number, at: number, hyper: EpochHyper, m: number, h0: number, n: number): void {
  const k = ws.kernels;
  const layer = ws.layers[l];
  const { nIn, s, panel, b, VB, D } = layer;
  const col = 8 * h0; // unit h0 in a row of s float64 (biases, δ)
  const bytes = ws.weightBytes(l); // weights and their velocities: float64, or float32 in fast32's first layer
  const w = layer.WT + weightOffset(layer, 0, h0, bytes); // unit h0 in row 0 of its panel (rows are `panel` apart)
  const v = layer.VW + weightOffset(layer, 0, h0, bytes);
  const scale = bytes === 4 ? k.scale32 : k.scale;
  const axpy = bytes === 4 ? k.axpy32 : k.axpy;
  const subtractSign = bytes === 4 ? k.subtractSign32 : k.subtractSign;
  const step = hyper.eta / m;
  const decay = (hyper.eta * hyper.lambda) / hyper.trainingSize;
  const mu = hyper.momentum;
  const momentum = mu !== 0; // μ < 0 and μ > 1 are legal too (a chapter 3 exercise), as in update.ts
  const target = momentum ? v : w;
  if (momentum) scale(v, nIn, n, panel, mu);
  if (decay !== 0) {
    if (hyper.regularization === "L1") subtractSign(target, w, nIn, n, panel, decay);
    else if (momentum) axpy(v, w, nIn, n, panel, -decay);
    else scale(w, nIn, n, panel, 1 - decay);
  }
  subtractGradient(ws, l, at, m, h0, n, target, step);
  if (momentum) {
    axpy(w, v, nIn, n, panel, 1);
    k.scale(VB + col, 1, n, s, mu);
    k.biasUpdate(VB + col, D + col, s, n, m, step);
    k.axpy(b + col, VB + col, 1, n, s, 1);
  } else {
    k.biasUpdate(b + col, D + col, s, n, m, step);
  }
}
