import type { Dataset } from "../../dataset";
import type { Network } from "../../network";
import { regularizationTerm } from "../../regularization";
import { checkDataFits } from "../../validate";
import { hiddenCode, outputKind } from "./network-codes";
import { forwardBatch } from "./minibatch";
import { sparseInput } from "../../sparse-input";
import { wasmAvailable } from "./wasm";
import { Workspace } from "./workspace";

const BATCH = 100;
let cached: Workspace | null = null;

/**
 * net.evaluate(data) — how many examples the network classifies correctly — on the fast kernels:
 * the forward pass of the fast engine, 100 examples per call, sparse first layer. Same answer as
 * net.evaluate up to float rounding (a tie between two outputs could break the other way).
 * Networks the kernels do not cover (an activation they lack) go to net.evaluate.
 */
export function fastEvaluate(net: Network, data: Dataset): number {
  checkDataFits(net.sizes, data);
  if (!covered(net)) return net.evaluate(data);
  const last = net.sizes.length - 2;
  let correct = 0;
  forEachOutput(net, data, (a, row, e) => {
    if (argmaxRow(a, row, net.sizes[last + 1]) === data.labels[e]) correct++;
  });
  return correct;
}

/**
 * net.totalCost(data, λ, regularization) — network2.py's total_cost — on the fast kernels' forward
 * pass: the cost's own fn on each output, summed the same way, plus the same regularization term.
 */
export function fastTotalCost(net: Network, data: Dataset, lambda = 0, regularization: "L2" | "L1" = "L2"): number {
  checkDataFits(net.sizes, data);
  if (!covered(net)) return net.totalCost(data, lambda, regularization);
  const classes = net.sizes[net.sizes.length - 1];
  const y = new Float64Array(classes);
  let cost = 0;
  forEachOutput(net, data, (a, row, e) => {
    y.fill(0);
    y[data.labels[e]] = 1;
    cost += net.cost.fn(a.subarray(row, row + classes), y) / data.count;
  });
  return cost + regularizationTerm(net.weights, lambda, data.count, regularization);
}

function covered(net: Network): boolean {
  return hiddenCode(net) !== undefined && net.sizes[0] <= 65536 && wasmAvailable();
}

/** Runs every example forward, BATCH at a time, calling `visit(heap, offset of its output row, example)`. */
function forEachOutput(
  net: Network,
  data: Dataset,
  visit: (heap: Float64Array, row: number, example: number) => void,
): void {
  const ws = workspaceFor(net);
  ws.layers.forEach((_, l) => {
    ws.moveWeights(l, net.weights[l], "WT", "in");
    ws.moveVector(l, "b", net.biases[l], "in");
  });
  const plan = ws.loadData(sparseInput(data), data.labels);
  if (plan !== lastOrdered) {
    ws.setOrder(Uint32Array.from({ length: data.count }, (_, i) => i));
    lastOrdered = plan;
  }
  const output = outputKind(net);
  ws.hidden = hiddenCode(net)!;
  const last = ws.layers[ws.layers.length - 1];
  for (let at = 0; at < data.count; at += BATCH) {
    const m = Math.min(BATCH, data.count - at);
    forwardBatch(ws, at, m, output);
    const heap = ws.heap();
    for (let e = 0; e < m; e++) visit(heap, last.A / 8 + e * last.s, at + e);
  }
}

let lastOrdered: object | null = null;

function workspaceFor(net: Network): Workspace {
  const same = cached && cached.sizes.length === net.sizes.length && cached.sizes.every((n, i) => n === net.sizes[i]);
  if (!same) {
    cached = Workspace.create({ sizes: net.sizes, batchSize: BATCH, momentum: false });
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
