import type { Dataset } from "../dataset";
import type { Engine, EpochHyper, TrainState } from "../engine";
import type { Network } from "../network";
import { OutputKind, backwardBatch, forwardBatch, updateBatch } from "./minibatch";
import { sparseInput } from "./sparse-input";
import { wasmAvailable } from "./wasm";
import { Workspace } from "./workspace";

/**
 * The fast engine: the book's mini-batch SGD, the same batches and the same updates as the plain
 * engines, computed by WebAssembly SIMD kernels on a sparse first layer. The network's parameters
 * are copied into the workspace at the start of each epoch and back at its end, so the network
 * object is always the truth between epochs (and switching engines between epochs is safe).
 */
export function fastEngine(): Engine {
  let workspace: Workspace | null = null;
  return {
    name: "fast",
    async trainEpoch(net, data, order, hyper, _rng, state, onProgress) {
      if (!supportsFast(net, hyper)) throw new Error("fastEngine: this network or these options need the matrix engine (see supportsFast)");
      workspace = workspaceFor(workspace, net, hyper);
      trainEpochOn(workspace, net, data, order, hyper, state, onProgress);
    },
    dispose() {
      workspace = null;
    },
  };
}

/**
 * What the kernels cover: sigmoid hidden layers; a sigmoid output with the quadratic or
 * cross-entropy cost, or softmax with log-likelihood; L2 or L1; momentum. Dropout and other hidden
 * activations fall back to the matrix engine.
 */
export function supportsFast(net: Network, hyper: EpochHyper): boolean {
  return (
    net.activation.name === "sigmoid" &&
    hyper.dropout === 0 &&
    net.sizes[0] <= 65536 && // input indices are stored as u16
    wasmAvailable()
  );
}

export function outputKind(net: Network): OutputKind {
  if (net.cost.name === "log-likelihood") return "softmax-log-likelihood";
  return net.cost.name === "quadratic" ? "sigmoid-quadratic" : "sigmoid-cross-entropy";
}

function workspaceFor(current: Workspace | null, net: Network, hyper: EpochHyper): Workspace {
  const momentum = hyper.momentum > 0;
  const fits =
    current &&
    current.batchSize >= hyper.batchSize &&
    current.sizes.length === net.sizes.length &&
    current.sizes.every((n, i) => n === net.sizes[i]) &&
    (current.layers[0].VW !== 0) === momentum;
  return fits ? current! : new Workspace(net.sizes, hyper.batchSize, momentum);
}

const PROGRESS_EVERY = 1000; // images between onProgress calls

function trainEpochOn(ws: Workspace, net: Network, data: Dataset, order: Uint32Array, hyper: EpochHyper, state: TrainState,
  onProgress?: (done: number) => void): void {
  ws.loadData(sparseInput(data));
  ws.setOrder(order);
  loadParameters(ws, net, state, hyper.momentum > 0);
  const output = outputKind(net);
  let reported = 0;
  for (let at = 0; at < order.length; at += hyper.batchSize) {
    const m = Math.min(hyper.batchSize, order.length - at);
    forwardBatch(ws, at, m, output);
    backwardBatch(ws, data.labels, order, at, m, output);
    updateBatch(ws, at, m, hyper);
    if (onProgress && at + m - reported >= PROGRESS_EVERY) onProgress((reported = at + m));
  }
  storeParameters(ws, net, state, hyper.momentum > 0);
  if (onProgress && reported < order.length) onProgress(order.length);
}

function loadParameters(ws: Workspace, net: Network, state: TrainState, momentum: boolean): void {
  if (momentum && !state.velocityWeights) {
    state.velocityWeights = net.weights.map((w) => new Float64Array(w.length));
    state.velocityBiases = net.biases.map((b) => new Float64Array(b.length));
  }
  ws.layers.forEach((layer, l) => {
    ws.putWeights(l, net.weights[l]);
    ws.putVector(layer.b, net.biases[l]);
    if (momentum) {
      ws.putWeights(l, state.velocityWeights![l], "VW");
      ws.putVector(layer.VB, state.velocityBiases![l]);
    }
  });
}

function storeParameters(ws: Workspace, net: Network, state: TrainState, momentum: boolean): void {
  ws.layers.forEach((layer, l) => {
    ws.getWeights(l, net.weights[l]);
    ws.getVector(layer.b, net.biases[l]);
    if (momentum) {
      ws.getWeights(l, state.velocityWeights![l], "VW");
      ws.getVector(layer.VB, state.velocityBiases![l]);
    }
  });
}
