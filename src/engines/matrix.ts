import type { Dataset } from "../dataset";
import type { DropoutMasks } from "../gradient";
import type { Network } from "../network";
import { batchLoopEngine } from "./batch-loop";
import type { Engine, EpochHyper, TrainState } from "./engine";
import { applyUpdate } from "./update";

/**
 * The chapter 2 problem "fully matrix-based approach to backpropagation over a mini-batch":
 * update_mini_batch with the whole batch as one matrix through each layer (backprop-batch.ts),
 * then the same step as the per-example engine's.
 */
export function updateMiniBatchMatrix(
  net: Network,
  data: Dataset,
  batch: Uint32Array,
  hyper: EpochHyper,
  state: TrainState,
  masks?: DropoutMasks,
): void {
  applyUpdate(net, net.backpropBatch(data, batch, masks), batch.length, hyper, state);
}

/** SGD's epoch loop around updateMiniBatchMatrix. */
export function matrixEngine(): Engine {
  return batchLoopEngine("matrix", updateMiniBatchMatrix);
}
