/**
 * The gradient of the cost with respect to every weight and bias, shaped like the network's
 * parameters (network2.py's nabla_b, nabla_w), and the dropout masks a backprop may apply.
 */

export interface Gradient {
  nablaB: Float64Array[];
  nablaW: Float64Array[];
}

/** Per hidden layer, a factor for each unit: 0 (dropped) or 1/(1 − p) (kept; inverted dropout). */
export type DropoutMasks = Float64Array[];

/** Zeroed gradient buffers shaped like the parameters (network2.py's `[np.zeros(b.shape) for b in self.biases]`). */
export function zeroGradient(parameters: {
  readonly weights: readonly Float64Array[];
  readonly biases: readonly Float64Array[];
}): Gradient {
  return {
    nablaB: parameters.biases.map((b) => new Float64Array(b.length)),
    nablaW: parameters.weights.map((w) => new Float64Array(w.length)),
  };
}

/** sum += g, layer by layer. */
export function addGradient(sum: Gradient, g: Gradient): void {
  for (let l = 0; l < sum.nablaW.length; l++) {
    const sw = sum.nablaW[l];
    const gw = g.nablaW[l];
    for (let i = 0; i < sw.length; i++) sw[i] += gw[i];
    const sb = sum.nablaB[l];
    const gb = g.nablaB[l];
    for (let j = 0; j < sb.length; j++) sb[j] += gb[j];
  }
}
