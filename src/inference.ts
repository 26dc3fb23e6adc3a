import { sigmoid, softmax } from "./activations";
import type { Dataset } from "./dataset";
import type { NetworkLayers } from "./network-layers";

/**
 * Runs every example of `data` through the network and hands its output a^L and label to `visit` —
 * the loop behind evaluate() and totalCost(), which monitoring calls every epoch on up to 50,000
 * images. The arithmetic is feedforward's, in the same order, with two savings: buffers are
 * reused across examples, and the first layer skips zero inputs (≈80% of MNIST's pixels), which
 * only drops terms w·0 from each sum. The output buffer is reused: copy it if you keep it.
 */
export function forEachOutput(
  net: NetworkLayers,
  data: Dataset,
  visit: (output: Float64Array, label: number) => void,
): void {
  const activations = net.sizes.map((n) => new Float64Array(n));
  const nonzero = new Int32Array(data.inputSize);
  const last = net.weights.length - 1;
  for (let i = 0; i < data.count; i++) {
    const x = activations[0];
    let count = 0;
    for (let k = 0, at = i * data.inputSize; k < data.inputSize; k++) {
      x[k] = data.inputs[at + k];
      if (x[k] !== 0) nonzero[count++] = k;
    }
    firstLayer(net, x, nonzero, count, activations[1]);
    for (let l = 0; l <= last; l++) {
      if (l > 0) layer(net, l, activations[l], activations[l + 1]);
      activate(net, activations[l + 1], l === last);
    }
    visit(activations[last + 1], data.labels[i]);
  }
}

/** z = w x + b over the nonzero inputs only. */
function firstLayer(net: NetworkLayers, x: Float64Array, nonzero: Int32Array, count: number, z: Float64Array): void {
  const w = net.weights[0];
  const b = net.biases[0];
  const nIn = net.sizes[0];
  for (let j = 0; j < z.length; j++) {
    const row = j * nIn;
    let sum = b[j];
    for (let t = 0; t < count; t++) sum += w[row + nonzero[t]] * x[nonzero[t]];
    z[j] = sum;
  }
}

function layer(net: NetworkLayers, l: number, a: Float64Array, z: Float64Array): void {
  const w = net.weights[l];
  const b = net.biases[l];
  const nIn = a.length;
  for (let j = 0; j < z.length; j++) {
    const row = j * nIn;
    let sum = b[j];
    for (let k = 0; k < nIn; k++) sum += w[row + k] * a[k];
    z[j] = sum;
  }
}

/** In place: z → σ(z) for hidden layers, sigmoid or softmax for the output layer. */
function activate(net: NetworkLayers, z: Float64Array, output: boolean): void {
  if (output && net.output === "softmax") softmax(z, z);
  else if (output) for (let j = 0; j < z.length; j++) z[j] = sigmoid(z[j]);
  else for (let j = 0; j < z.length; j++) z[j] = net.activation.fn(z[j]);
}
