import type { Dataset } from "../dataset";
import type { DropoutMasks } from "../gradient";
import type { Network } from "../network";
import { drawDropoutMasks } from "./dropout";
import { type Engine, type EpochHyper, type EpochRun, type TrainState, networkMeasures } from "./engine";

/**
 * One mini-batch's step: its gradient, then the parameter update — network2.py's update_mini_batch.
 * `batch` holds the examples' indices into `data`; `masks` are this batch's dropout masks, if any.
 */
export type MiniBatchUpdate = (
  net: Network,
  data: Dataset,
  batch: Uint32Array,
  hyper: EpochHyper,
  state: TrainState,
  masks: DropoutMasks | undefined,
) => void;

/** How long a plain engine computes before giving the event loop (and so Kernel → Interrupt) a turn. */
export const YIELD_EVERY_MS = 50;

export const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * An engine that walks the epoch as network2.py's SGD does — consecutive mini-batches of `order`,
 * each one `updateMiniBatch` — drawing each batch's dropout masks first. The per-example and the
 * matrix engines are this loop with their own update_mini_batch.
 */
export function batchLoopEngine(name: string, updateMiniBatch: MiniBatchUpdate): Engine {
  return {
    name,
    measures: networkMeasures,
    async trainEpoch({ net, data, order, hyper, rng, state, onProgress }: EpochRun) {
      const masks = hyper.dropout > 0 ? net.sizes.slice(1, -1).map((n) => new Float64Array(n)) : undefined;
      let lastYield = performance.now();
      for (let start = 0; start < order.length; start += hyper.batchSize) {
        // An epoch here takes seconds: let the event loop run now and then, so an interrupt is heard.
        if (performance.now() - lastYield > YIELD_EVERY_MS) {
          await yieldToEventLoop();
          lastYield = performance.now();
        }
        const end = Math.min(start + hyper.batchSize, order.length);
        if (masks) drawDropoutMasks(net.sizes, hyper.dropout, rng, masks);
        updateMiniBatch(net, data, order.subarray(start, end), hyper, state, masks);
        onProgress?.(end);
      }
    },
  };
}
