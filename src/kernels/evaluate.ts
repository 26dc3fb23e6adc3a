import type { Dataset } from "../dataset";
import type { Network } from "../network";
import { checkDataFits } from "../training/validate";
import { outputKind } from "./fast-engine";
import { forwardBatch } from "./minibatch";
import { sparseInput } from "./sparse-input";
import { wasmAvailable } from "./wasm";
import { Workspace } from "./workspace";

const BATCH = 100;
let cached: Workspace | null = null;

/**
 * net.evaluate(data) — how many examples the network classifies correctly — on the fast kernels:
 * the forward pass of the fast engine, 100 examples per call, sparse first layer. Same answer as
 * net.evaluate up to float rounding (a tie between two outputs could break the other way).
 * Networks the kernels do not cover (non-sigmoid hidden layers) go to net.evaluate.
 */
export function fastEvaluate(net: Network, data: Dataset): number {
  checkDataFits(net.sizes, data);
  if (net.activation.name !== "sigmoid" || net.sizes[0] > 65536 || !wasmAvailable()) return net.evaluate(data);
  const ws = workspaceFor(net);
  ws.layers.forEach((layer, l) => {
    ws.putWeights(l, net.weights[l]);
    ws.putVector(layer.b, net.biases[l]);
  });
  const plan = ws.loadData(sparseInput(data), data.labels);
  if (plan !== lastOrdered) {
    ws.setOrder(Uint32Array.from({ length: data.count }, (_, i) => i));
    lastOrdered = plan;
  }
  const output = outputKind(net);
  const last = ws.layers[ws.layers.length - 1];
  let correct = 0;
  for (let at = 0; at < data.count; at += BATCH) {
    const m = Math.min(BATCH, data.count - at);
    forwardBatch(ws, at, 0, m, output);
    const a = ws.heap();
    for (let e = 0; e < m; e++) if (argmaxRow(a, last.A / 8 + e * last.s, last.nOut) === data.labels[at + e]) correct++;
  }
  return correct;
}

let lastOrdered: object | null = null;

function workspaceFor(net: Network): Workspace {
  const same = cached && cached.sizes.length === net.sizes.length && cached.sizes.every((n, i) => n === net.sizes[i]);
  if (!same) {
    cached = new Workspace(net.sizes, BATCH, false);
    lastOrdered = null;
  }
  return cached!;
}

/** Index of the largest of a[from .. from+n) — the first one on a tie, like network.ts's argmax. */
function argmaxRow(a: Float64Array, from: number, n: number): number {
  let best = 0;
  for (let j = 1; j < n; j++) if (a[from + j] > a[from + best]) best = j;
  return best;
}
