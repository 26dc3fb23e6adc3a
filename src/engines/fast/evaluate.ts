import type { Dataset } from "../../dataset";
import type { Network } from "../../network";
import { type CostAndCorrect, networkMeasures } from "../engine";
import { regularizationTerm } from "../../regularization";
import { checkDataFits } from "../../validate";
import { hiddenCode, outputKind } from "./network-codes";
import { forwardBatch } from "./minibatch";
import { sparseInput } from "../../sparse-input";
import { wasmAvailable } from "./wasm";
import { Workspace } from "./workspace";

const BATCH = 100;

/**
 * net.evaluate(data) — how many examples the network classifies correctly — on the fast kernels:
 * the forward pass of the fast engine, 100 examples per call, sparse first layer. Same answer as
 * net.evaluate up to float rounding (a tie between two outputs could break the other way).
 * Networks the kernels do not cover (an activation they lack) go to net.evaluate.
 */
export function fastEvaluate(net: Network, data: Dataset): number {
  checkDataFits(net.sizes, data);
  if (!covered(net)) return net.evaluate(data);
  return measureOutputs(net, data, false).correct;
}

/**
 * net.totalCost(data, λ, regularization) — network2.py's total_cost — on the fast kernels' forward
 * pass: the cost's own fn on each output, summed the same way, plus the same regularization term.
 */
export function fastTotalCost(net: Network, data: Dataset, lambda = 0, regularization: "L2" | "L1" = "L2"): number {
  checkDataFits(net.sizes, data);
  if (!covered(net)) return net.totalCost(data, lambda, regularization);
  return measureOutputs(net, data, true).cost + regularizationTerm(net.weights, lambda, data.count, regularization);
}

/** fastTotalCost and fastEvaluate from one forward pass: monitoring both on a data set costs one pass, not two. */
export function fastCostAndCorrect(
  net: Network,
  data: Dataset,
  lambda = 0,
  regularization: "L2" | "L1" = "L2",
): CostAndCorrect {
  checkDataFits(net.sizes, data);
  if (!covered(net)) return networkMeasures.costAndCorrect(net, data, lambda, regularization);
  const { cost, correct } = measureOutputs(net, data, true);
  return { cost: cost + regularizationTerm(net.weights, lambda, data.count, regularization), correct };
}

/** The summed cost (if asked; without regularization) and the number correct, from one forward pass. */
function measureOutputs(net: Network, data: Dataset, withCost: boolean): CostAndCorrect {
  const classes = net.sizes[net.sizes.length - 1];
  const y = new Float64Array(classes);
  let cost = 0;
  let correct = 0;
  forEachOutput(net, data, (a, row, e) => {
    const label = data.labels[e];
    if (argmaxRow(a, row, classes) === label) correct++;
    if (!withCost) return;
    y.fill(0);
    y[label] = 1;
    cost += net.cost.fn(a.subarray(row, row + classes), y) / data.count;
  });
  return { cost, correct };
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
  const ws = workspaceFor(net, data);
  ws.layers.forEach((_, l) => {
    ws.moveWeights(l, net.weights[l], "WT", "in");
    ws.moveVector(l, "b", net.biases[l], "in");
  });
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

/**
 * Workspaces for measuring, one per data set and network shape, the most recently used last.
 * Monitoring alternates every epoch between the training data and the evaluation data; with one
 * workspace each switch loaded the other set again (measured: 0.5 s of the 400 epochs of chapter
 * 3's overfitting run, monitored on 1,000 training and 10,000 test images).
 */
const measuring: Workspace[] = [];
const KEPT = 2;

function workspaceFor(net: Network, data: Dataset): Workspace {
  const sameShape = (ws: Workspace): boolean =>
    ws.sizes.length === net.sizes.length && ws.sizes.every((n, i) => n === net.sizes[i]);
  const i = measuring.findIndex((ws) => sameShape(ws) && ws.holds(sparseInput(data), data.labels));
  const ws = i >= 0 ? measuring.splice(i, 1)[0] : fresh(net, data);
  measuring.push(ws);
  while (measuring.length > KEPT) measuring.shift();
  return ws;
}

/** A new measuring workspace with `data` loaded, its examples in their own order. */
function fresh(net: Network, data: Dataset): Workspace {
  const ws = Workspace.create({ sizes: net.sizes, batchSize: BATCH, momentum: false });
  ws.loadData(sparseInput(data), data.labels);
  ws.setOrder(Uint32Array.from({ length: data.count }, (_, i) => i));
  return ws;
}

/** Index of the largest of a[from .. from+n) — the first one on a tie, like network.ts's argmax. */
function argmaxRow(a: Float64Array, from: number, n: number): number {
  let best = 0;
  for (let j = 1; j < n; j++) if (a[from + j] > a[from + best]) best = j;
  return best;
}
