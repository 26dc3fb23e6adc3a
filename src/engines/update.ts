import type { EpochHyper, TrainState } from "./engine";
import type { Gradient } from "../gradient";
import type { Network } from "../network";

/**
 * The parameter update after one mini-batch of `batchLength` examples whose gradients were summed
 * into `gradient` (network2.py's update_mini_batch, plus L1 and momentum). With step = η/m and
 * decay = ηλ/n (n = training-set size):
 *   L2 (eq. 93):  w → (1 − decay)·w − step·∇w
 *   L1 (eq. 97):  w → w − decay·sgn(w) − step·∇w
 *   b → b − step·∇b   (biases are not regularized)
 * With momentum μ ≠ 0 (chapter 3, eqs. 107–108) the same step goes into a velocity first:
 *   v → μv − step·∇w − decay·w (or decay·sgn(w)),  w → w + v   — and likewise for biases.
 */
export function applyUpdate(
  net: Network,
  gradient: Gradient,
  batchLength: number,
  hyper: EpochHyper,
  state: TrainState,
): void {
  const step = hyper.eta / batchLength;
  const decay = (hyper.eta * hyper.lambda) / hyper.trainingSize;
  const l1 = hyper.regularization === "L1";
  const momentum = hyper.momentum !== 0; // μ < 0 is legal (a chapter 3 exercise), so test ≠ 0
  if (momentum) ensureVelocities(net, state);
  for (let l = 0; l < net.weights.length; l++) {
    const w = net.weights[l];
    const nablaW = gradient.nablaW[l];
    const b = net.biases[l];
    const nablaB = gradient.nablaB[l];
    if (momentum) {
      const mu = hyper.momentum;
      const vw = state.velocityWeights![l];
      const vb = state.velocityBiases![l];
      for (let i = 0; i < w.length; i++) {
        vw[i] = mu * vw[i] - step * nablaW[i] - decay * (l1 ? Math.sign(w[i]) : w[i]);
        w[i] += vw[i];
      }
      for (let j = 0; j < b.length; j++) {
        vb[j] = mu * vb[j] - step * nablaB[j];
        b[j] += vb[j];
      }
    } else {
      if (l1) for (let i = 0; i < w.length; i++) w[i] = w[i] - decay * Math.sign(w[i]) - step * nablaW[i];
      else for (let i = 0; i < w.length; i++) w[i] = (1 - decay) * w[i] - step * nablaW[i];
      for (let j = 0; j < b.length; j++) b[j] -= step * nablaB[j];
    }
  }
}

/** Velocities start at zero and live in the train state, so they carry over from epoch to epoch. */
function ensureVelocities(net: Network, state: TrainState): void {
  if (state.velocityWeights) return;
  state.velocityWeights = net.weights.map((w) => new Float64Array(w.length));
  state.velocityBiases = net.biases.map((b) => new Float64Array(b.length));
}
