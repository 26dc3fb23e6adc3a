import type { Random } from "../random";
import type { DropoutMasks } from "../gradient";

/**
 * Dropout masks for one mini-batch (chapter 3, "Dropout"): each hidden unit is dropped with
 * probability p, independently, and the same units stay dropped for every example of the batch.
 *
 * We use *inverted* dropout: a kept unit's activation is scaled by 1/(1 − p) during training, so
 * its expected output matches the full network's and evaluation uses the network as it is. (The
 * book instead trains unscaled and halves the outgoing weights afterwards; the two are equivalent
 * in expectation, but inverted dropout leaves saved weights and accuracy checks untouched.)
 *
 * Draw order, which every engine must follow: hidden layers in order, units in order, one
 * rng.uniform() each; dropped when uniform < p.
 */
export function drawDropoutMasks(sizes: readonly number[], p: number, rng: Random, reuse?: DropoutMasks): DropoutMasks {
  const masks = reuse ?? sizes.slice(1, -1).map((n) => new Float64Array(n));
  const keptScale = 1 / (1 - p);
  for (const mask of masks) {
    for (let j = 0; j < mask.length; j++) mask[j] = rng.uniform() < p ? 0 : keptScale;
  }
  return masks;
}
