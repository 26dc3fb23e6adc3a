import type { EpochHyper } from "../engine";
import type { Workspace } from "./workspace";

/** What the output layer does: the pairing of output activation and cost decides δᴸ (BP1). */
export type OutputKind = "sigmoid-quadratic" | "sigmoid-cross-entropy" | "softmax-log-likelihood";

/**
 * Forward pass for examples order[at .. at+m) (their indices are already in the workspace's order
 * area): Z and A of every layer, for all m examples. The first layer reads only nonzero inputs.
 */
export function forwardBatch(ws: Workspace, at: number, m: number, output: OutputKind): void {
  const k = ws.kernels;
  const data = ws.data!;
  const layers = ws.layers;
  const first = layers[0];
  k.sparseForward(first.Z, first.WT, first.s, first.b, m, data.order + 4 * at, data.start, data.idx, data.val);
  for (let l = 0; l < layers.length; l++) {
    const layer = layers[l];
    if (l > 0) {
      const prev = layers[l - 1];
      k.denseForward(layer.Z, layer.WT, layer.s, layer.b, m, prev.A, prev.s, layer.nIn);
    }
    if (l < layers.length - 1 || output !== "softmax-log-likelihood") k.sigmoid(layer.A, layer.Z, m * layer.s);
    else softmaxRows(ws, m);
  }
}

/** a = softmax(z) per example (eq. 78), subtracting max z first as activations.ts does. */
function softmaxRows(ws: Workspace, m: number): void {
  const { Z, A, s, nOut } = ws.layers[ws.layers.length - 1];
  const z = ws.f64(Z, m * s);
  const a = ws.f64(A, m * s);
  for (let e = 0; e < m; e++) {
    const row = e * s;
    let max = -Infinity;
    for (let j = 0; j < nOut; j++) if (z[row + j] > max) max = z[row + j];
    let sum = 0;
    for (let j = 0; j < nOut; j++) sum += a[row + j] = Math.exp(z[row + j] - max);
    for (let j = 0; j < nOut; j++) a[row + j] /= sum;
  }
}

/**
 * BP1 for each example: δᴸ = (a − y) ⊙ σ'(z) for the quadratic cost, a − y for cross-entropy with
 * sigmoid (eq. 66) and log-likelihood with softmax (eq. 84); y is the one-hot label.
 */
function outputError(ws: Workspace, labels: Uint8Array, order: Uint32Array, at: number, m: number, output: OutputKind): void {
  const { A, D, s, nOut } = ws.layers[ws.layers.length - 1];
  const a = ws.f64(A, m * s);
  const d = ws.f64(D, m * s);
  const quadratic = output === "sigmoid-quadratic";
  for (let e = 0; e < m; e++) {
    const label = labels[order[at + e]];
    const row = e * s;
    for (let j = 0; j < nOut; j++) {
      const aj = a[row + j];
      const diff = aj - (j === label ? 1 : 0);
      d[row + j] = quadratic ? diff * aj * (1 - aj) : diff;
    }
  }
}

/** BP1 then BP2 down to the first layer — all at the pre-batch weights. */
export function backwardBatch(ws: Workspace, labels: Uint8Array, order: Uint32Array, at: number, m: number, output: OutputKind): void {
  outputError(ws, labels, order, at, m, output);
  const layers = ws.layers;
  for (let l = layers.length - 1; l > 0; l--) {
    const layer = layers[l];
    const prev = layers[l - 1];
    ws.kernels.backwardError(prev.D, prev.s, layer.nIn, layer.WT, layer.s, layer.D, prev.A, m);
  }
}

/**
 * The update of training/update.ts, applied in place. With step = η/m and decay = ηλ/n:
 *   L2: w → (1 − decay)w − step·Σ x δ;  L1: w → w − decay·sgn(w) − step·Σ x δ;  b → b − step·Σ δ
 *   momentum: v → μv − decay·(w or sgn w) − step·Σ x δ, w → w + v (biases likewise, undecayed).
 * Σ x δ (BP4 summed over the batch) is never formed: each example's x·δᵀ is subtracted straight
 * from the weights, which is the same sum; for the first layer only the rows of nonzero x move.
 */
export function updateBatch(ws: Workspace, at: number, m: number, hyper: EpochHyper): void {
  const k = ws.kernels;
  const data = ws.data!;
  const step = hyper.eta / m;
  const decay = (hyper.eta * hyper.lambda) / hyper.trainingSize;
  const l1 = hyper.regularization === "L1";
  const mu = hyper.momentum;
  ws.layers.forEach((layer, l) => {
    const count = layer.nIn * layer.s;
    const target = mu > 0 ? layer.VW : layer.WT;
    if (mu > 0) k.scale(layer.VW, count, mu);
    if (decay !== 0) {
      if (l1) k.subtractSign(target, layer.WT, count, decay);
      else if (mu > 0) k.axpy(layer.VW, layer.WT, count, -decay);
      else k.scale(layer.WT, count, 1 - decay);
    }
    if (l === 0) k.sparseUpdate(target, layer.s, layer.D, m, data.order + 4 * at, data.start, data.idx, data.val, step);
    else {
      const prev = ws.layers[l - 1];
      k.denseUpdate(target, layer.s, layer.D, m, prev.A, prev.s, layer.nIn, step);
    }
    if (mu > 0) {
      k.axpy(layer.WT, layer.VW, count, 1);
      k.scale(layer.VB, layer.s, mu);
      k.biasUpdate(layer.VB, layer.D, layer.s, m, step);
      k.axpy(layer.b, layer.VB, layer.s, 1);
    } else {
      k.biasUpdate(layer.b, layer.D, layer.s, m, step);
    }
  });
}
