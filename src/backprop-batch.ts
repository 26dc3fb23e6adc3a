import { sigmoid, sigmoidPrime, softmax } from "./activations";
import type { Dataset } from "./dataset";
import type { DropoutMasks, Gradient } from "./gradient";
import type { NetworkLayers } from "./network-layers";

/**
 * Backpropagation for a whole mini-batch at once — the chapter 2 problem "Fully matrix-based
 * approach to backpropagation over a mini-batch". The batch's inputs form a matrix with one row per
 * example (row-major, m × n), so each layer is one matrix product instead of m vector products:
 *   Z^l = A^{l−1} (W^l)ᵀ + b,   A^l = σ(Z^l)                       (forward)
 *   Δᴸ = cost.delta row by row                                      (BP1)
 *   Δ^{l−1} = (Δ^l W^l) ⊙ σ'(Z^{l−1})                               (BP2)
 *   ∇b^l = Σ_rows Δ^l,   ∇W^l = (Δ^l)ᵀ A^{l−1}                       (BP3, BP4, summed over the batch)
 * Returns the gradient summed (not averaged) over the batch, like the per-example loop does.
 */
export function backpropBatch(
  net: NetworkLayers,
  data: Dataset,
  indices: ArrayLike<number>,
  masks?: DropoutMasks,
): Gradient {
  const m = indices.length;
  const L = net.weights.length;
  const activations = [inputMatrix(data, indices)];
  const weightedInputs: Float64Array[] = [];
  for (let l = 0; l < L; l++) {
    const z = weightedInputMatrix(net, l, activations[l], m);
    weightedInputs.push(z);
    activations.push(l === L - 1 ? outputMatrix(net, z, m) : hiddenMatrix(net, z, masks?.[l]));
  }
  const nablaB: Float64Array[] = new Array(L);
  const nablaW: Float64Array[] = new Array(L);
  let delta = outputError(net, data, indices, weightedInputs[L - 1], activations[L]);
  for (let l = L - 1; l >= 0; l--) {
    nablaB[l] = sumRows(delta, m, net.sizes[l + 1]);
    nablaW[l] = deltaTransposeTimes(delta, activations[l], m, net.sizes[l + 1], net.sizes[l]);
    if (l > 0) delta = backwardErrorMatrix(net, l, delta, weightedInputs[l - 1], m, masks?.[l - 1]);
  }
  return { nablaB, nablaW };
}

/** The batch's inputs as an m × n₀ matrix (float64, so both backprops do identical arithmetic). */
function inputMatrix(data: Dataset, indices: ArrayLike<number>): Float64Array {
  const n = data.inputSize;
  const x = new Float64Array(indices.length * n);
  for (let r = 0; r < indices.length; r++) x.set(data.inputs.subarray(indices[r] * n, (indices[r] + 1) * n), r * n);
  return x;
}

/**
 * Z = A Wᵀ + b: row r of Z is z for example r. Zero activations are skipped — about 80% of MNIST's
 * pixels, and every dropped or inactive (ReLU) unit — which only leaves out terms w·0.
 */
function weightedInputMatrix(net: NetworkLayers, l: number, a: Float64Array, m: number): Float64Array {
  const w = net.weights[l];
  const b = net.biases[l];
  const nIn = net.sizes[l];
  const nOut = net.sizes[l + 1];
  const z = new Float64Array(m * nOut);
  const nonzero = new Int32Array(nIn);
  for (let r = 0; r < m; r++) {
    const aRow = r * nIn;
    const count = nonzeroIndices(a, aRow, nIn, nonzero);
    for (let j = 0; j < nOut; j++) {
      const wRow = j * nIn;
      let sum = b[j];
      for (let t = 0; t < count; t++) sum += w[wRow + nonzero[t]] * a[aRow + nonzero[t]];
      z[r * nOut + j] = sum;
    }
  }
  return z;
}

/** Writes the positions k of the nonzero a[from + k], k < n, into `into`; returns how many. */
function nonzeroIndices(a: Float64Array, from: number, n: number, into: Int32Array): number {
  let count = 0;
  for (let k = 0; k < n; k++) if (a[from + k] !== 0) into[count++] = k;
  return count;
}

function hiddenMatrix(net: NetworkLayers, z: Float64Array, mask?: Float64Array): Float64Array {
  const a = new Float64Array(z.length);
  for (let i = 0; i < z.length; i++) a[i] = net.activation.fn(z[i]);
  if (mask) for (let i = 0; i < z.length; i++) a[i] *= mask[i % mask.length];
  return a;
}

function outputMatrix(net: NetworkLayers, z: Float64Array, m: number): Float64Array {
  const a = new Float64Array(z.length);
  const n = z.length / m;
  if (net.output === "softmax")
    for (let r = 0; r < m; r++) softmax(z.subarray(r * n, (r + 1) * n), a.subarray(r * n, (r + 1) * n));
  else for (let i = 0; i < z.length; i++) a[i] = sigmoid(z[i]);
  return a;
}

/** BP1 for every row: the cost's δᴸ of example r, written into row r. */
function outputError(
  net: NetworkLayers,
  data: Dataset,
  indices: ArrayLike<number>,
  z: Float64Array,
  a: Float64Array,
): Float64Array {
  const n = net.sizes[net.sizes.length - 1];
  const delta = new Float64Array(z.length);
  const y = new Float64Array(n);
  for (let r = 0; r < indices.length; r++) {
    y.fill(0);
    y[data.labels[indices[r]]] = 1;
    const row = (matrix: Float64Array) => matrix.subarray(r * n, (r + 1) * n);
    net.cost.delta(row(z), row(a), y, sigmoidPrime, row(delta));
  }
  return delta;
}

/** BP3 summed over the batch: ∇b_j = Σ_r Δ[r, j]. */
function sumRows(delta: Float64Array, m: number, n: number): Float64Array {
  const out = new Float64Array(n);
  for (let r = 0; r < m; r++) for (let j = 0; j < n; j++) out[j] += delta[r * n + j];
  return out;
}

/** BP4 summed over the batch: ∇W = Δᵀ A, an nOut × nIn matrix (zero activations add nothing: skipped). */
function deltaTransposeTimes(delta: Float64Array, a: Float64Array, m: number, nOut: number, nIn: number): Float64Array {
  const out = new Float64Array(nOut * nIn);
  const nonzero = new Int32Array(nIn);
  for (let r = 0; r < m; r++) {
    const aRow = r * nIn;
    const count = nonzeroIndices(a, aRow, nIn, nonzero);
    for (let j = 0; j < nOut; j++) {
      const d = delta[r * nOut + j];
      const outRow = j * nIn;
      for (let t = 0; t < count; t++) out[outRow + nonzero[t]] += d * a[aRow + nonzero[t]];
    }
  }
  return out;
}

/** BP2 for every row: Δ^{l−1} = (Δ^l W^l) ⊙ σ'(Z^{l−1}), times the dropout mask of layer l−1. */
function backwardErrorMatrix(
  net: NetworkLayers,
  l: number,
  deltaNext: Float64Array,
  z: Float64Array,
  m: number,
  mask?: Float64Array,
): Float64Array {
  const w = net.weights[l];
  const nIn = net.sizes[l];
  const nOut = net.sizes[l + 1];
  const delta = new Float64Array(m * nIn);
  for (let r = 0; r < m; r++) {
    const row = r * nIn;
    for (let j = 0; j < nOut; j++) {
      const d = deltaNext[r * nOut + j];
      const wRow = j * nIn;
      for (let k = 0; k < nIn; k++) delta[row + k] += d * w[wRow + k];
    }
  }
  for (let i = 0; i < delta.length; i++) delta[i] *= net.activation.prime(z[i]) * (mask ? mask[i % nIn] : 1);
  return delta;
}
