import type { Activation } from "./activations";
import type { Cost } from "./costs";

/**
 * What a pass through a network reads: its layer sizes, parameters, cost and activations. The
 * Network class (network.ts) is one; the whole-batch passes (backprop-batch.ts, inference.ts) take
 * this rather than the class, because the class calls them: imports point one way.
 *
 * Layer l's weights are one row-major Float64Array: weights[l][j*nIn + k] is the weight from neuron
 * k in layer l+1 to neuron j in layer l+2 (the book numbers the input layer 1), numpy's w[j][k].
 */
export interface NetworkLayers {
  readonly sizes: readonly number[];
  readonly weights: Float64Array[];
  readonly biases: Float64Array[];
  readonly cost: Cost;
  /** The hidden layers' activation. */
  readonly activation: Activation;
  /** The output layer: softmax for log-likelihood (eq. 78), sigmoid otherwise. */
  readonly output: "sigmoid" | "softmax";
}
