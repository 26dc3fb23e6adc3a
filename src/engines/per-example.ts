import { type Dataset, inputOf, oneHot } from "../dataset";
import { type DropoutMasks, zeroGradient } from "../gradient";
import type { Network } from "../network";
import { batchLoopEngine } from "./batch-loop";
import type { Engine, EpochHyper, TrainState } from "./engine";
import { applyUpdate } from "./update";

/**
 * network2.py's update_mini_batch: backpropagate each example of the mini-batch, add up the
 * gradients (nabla_b, nabla_w), then take one gradient-descent step with their sum (update.ts:
 * w → w − (η/m)·Σ∇w, with weight decay or L1, and momentum, when asked).
 */
export function updateMiniBatch(
  net: Network,
  data: Dataset,
  batch: Uint32Array,
  hyper: EpochHyper,
  state: TrainState,
  masks?: DropoutMasks,
): void {
  const classes = net.sizes[net.sizes.length - 1];
  const nabla = zeroGradient(net);
  for (const e of batch) net.addBackprop(inputOf(data, e), oneHot(data.labels[e], classes), nabla, masks);
  applyUpdate(net, nabla, batch.length, hyper, state);
}

/** The book's engine: SGD's epoch loop around updateMiniBatch, one example at a time. */
export function perExampleEngine(): Engine {
  return batchLoopEngine("per-example", updateMiniBatch);
}
