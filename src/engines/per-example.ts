import { type Dataset, inputOf, oneHot } from "../dataset";
import type { Engine } from "../engine";
import type { DropoutMasks, Gradient, Network } from "../network";
import { drawDropoutMasks } from "./dropout";
import { YIELD_EVERY_MS, yieldToEventLoop } from "./interrupt";
import { applyUpdate, zeroGradient } from "./update";

/**
 * The two plain-TypeScript engines. Both walk the epoch the same way — consecutive mini-batches of
 * `order`, dropout masks per batch, then applyUpdate — and differ only in how a batch's gradient is
 * summed: one example at a time (network2.py's update_mini_batch), or all at once with matrices.
 */
type BatchGradient = (net: Network, data: Dataset, batch: Uint32Array, masks: DropoutMasks | undefined) => Gradient;

function plainEngine(name: string, batchGradient: BatchGradient): Engine {
  return {
    name,
    async trainEpoch(net, data, order, hyper, rng, state, onProgress) {
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
        const gradient = batchGradient(net, data, order.subarray(start, end), masks);
        applyUpdate(net, gradient, end - start, hyper, state);
        onProgress?.(end);
      }
    },
  };
}

/** The book's way (update_mini_batch): backprop each example of the batch and add up the gradients. */
export function perExampleEngine(): Engine {
  return plainEngine("per-example", (net, data, batch, masks) => {
    const classes = net.sizes[net.sizes.length - 1];
    const sum = zeroGradient(net);
    for (let i = 0; i < batch.length; i++) {
      const e = batch[i];
      net.addBackprop(inputOf(data, e), oneHot(data.labels[e], classes), sum, masks);
    }
    return sum;
  });
}

/** The chapter 2 problem: the whole mini-batch as one matrix through each layer (backprop-batch.ts). */
export function matrixEngine(): Engine {
  return plainEngine("matrix", (net, data, batch, masks) => net.backpropBatch(data, batch, masks));
}
