import { type Activation, type ActivationName, activationByName, sigmoid, sigmoidPrime, softmax } from "./activations";
import { type Cost, type CostName, costByName } from "./costs";
import type { Dataset } from "./dataset";
import { InputError } from "./errors";
import { type DropoutMasks, type Gradient, zeroGradient } from "./gradient";
import { type InitName, checkInitName, initialize } from "./init";
import type { NetworkLayers } from "./network-layers";
import { Random } from "./random";
import { regularizationTerm } from "./regularization";
import { checkLayerSizes, checkDataFits, show } from "./validate";
import { backpropBatch } from "./backprop-batch";
import { forEachOutput } from "./inference";

export interface NetworkOptions {
  cost?: CostName; // default "cross-entropy"
  activation?: ActivationName; // hidden layers; default "sigmoid"
  init?: InitName; // default "default"
  seed?: number; // default 1
  /** Start from these weights and biases (row-major, as `weights`/`biases`) instead of random ones. */
  parameters?: { weights: Float64Array[]; biases: Float64Array[] };
}

/**
 * A feedforward network, network2.py's Network in TypeScript. Layer l's weights are one row-major
 * Float64Array: weights[l][j*nIn + k] is the weight from neuron k in layer l+1 to neuron j in
 * layer l+2 (the book numbers the input layer 1), numpy's w[j][k].
 *
 * Training is sgd() (training/sgd.ts), which also gives every Network its `net.sgd(…)` method, as
 * network2.py's Network has SGD: the trainer sits above the network, so this file does not import it.
 * Saving and loading (network2.py's JSON) is io.ts: saveNetwork, loadNetwork, networkToJSON.
 */
export class Network implements NetworkLayers {
  readonly sizes: number[];
  weights: Float64Array[];
  biases: Float64Array[];
  readonly cost: Cost;
  /** The hidden layers' activation. */
  readonly activation: Activation;
  /** The output layer: softmax for log-likelihood (eq. 78), sigmoid otherwise. */
  readonly output: "sigmoid" | "softmax";
  readonly init: InitName;
  readonly seed: number;
  /** How many sgd() runs drew their seed from this network; keeps successive runs different. */
  trainingRuns = 0;

  constructor(sizes: readonly number[], options: NetworkOptions = {}) {
    checkLayerSizes(sizes);
    this.sizes = [...sizes];
    this.cost = costByName(options.cost ?? "cross-entropy");
    this.activation = activationByName(options.activation ?? "sigmoid");
    this.output = this.cost.name === "log-likelihood" ? "softmax" : "sigmoid";
    this.init = checkInitName(options.init ?? "default");
    this.seed = options.seed ?? 1;
    if (!Number.isFinite(this.seed)) throw new InputError(`seed ${this.seed} is not valid: use a finite number`);
    const { weights, biases } = options.parameters
      ? checkedParameters(this.sizes, options.parameters)
      : initialize(this.sizes, this.init, new Random(this.seed));
    this.weights = weights;
    this.biases = biases;
  }

  /** Number of layers, input layer included (the book's L). */
  get numLayers(): number {
    return this.sizes.length;
  }

  /** The network's output a^L for input x (eq. 22 applied layer by layer). */
  feedforward(x: ArrayLike<number>): Float64Array {
    this.checkInputValues(x);
    const { activations } = this.forward(x);
    return activations[activations.length - 1];
  }

  /**
   * Runs x forward and keeps what backprop needs: weightedInputs[l] = z for layer l+2 and
   * activations[l] = a for layer l+1 (activations[0] = x). With dropout masks, each hidden
   * activation is multiplied by its unit's mask.
   */
  forward(x: ArrayLike<number>, masks?: DropoutMasks): { weightedInputs: Float64Array[]; activations: Float64Array[] } {
    this.checkInput(x);
    const activations: Float64Array[] = [Float64Array.from(x)];
    const weightedInputs: Float64Array[] = [];
    const last = this.weights.length - 1;
    for (let l = 0; l <= last; l++) {
      const z = this.weightedInput(l, activations[l]);
      weightedInputs.push(z);
      const a = l === last ? this.outputActivation(z) : this.hiddenActivation(z, masks?.[l]);
      activations.push(a);
    }
    return { weightedInputs, activations };
  }

  /**
   * ∂C_x/∂b and ∂C_x/∂w for one example (x, y) — the book's backpropagation algorithm.
   * With `masks`, the gradient of the thinned (dropout) network.
   */
  backprop(x: ArrayLike<number>, y: Float64Array, masks?: DropoutMasks): Gradient {
    this.checkInputValues(x);
    this.checkDesiredOutput(y);
    const gradient = zeroGradient(this);
    this.addBackprop(x, y, gradient, masks);
    return gradient;
  }

  /**
   * Adds one example's gradient to `sum`, as update_mini_batch adds up delta_nabla_b/w — without
   * allocating a fresh nablaW per example (for [784, 30, 10] that would be 188 kB each).
   */
  addBackprop(x: ArrayLike<number>, y: Float64Array, sum: Gradient, masks?: DropoutMasks): void {
    const { weightedInputs, activations } = this.forward(x, masks);
    const L = this.weights.length; // number of weight layers
    // BP1: the output error δᴸ, as the cost defines it.
    let delta = this.cost.delta(weightedInputs[L - 1], activations[L], y, sigmoidPrime);
    for (let l = L - 1; l >= 0; l--) {
      addVector(sum.nablaB[l], delta); // BP3: ∂C/∂b^l_j = δ^l_j
      addOuter(sum.nablaW[l], delta, activations[l]); // BP4: ∂C/∂w^l_jk = a^{l−1}_k δ^l_j
      if (l > 0) delta = this.backwardError(l, delta, weightedInputs[l - 1], masks?.[l - 1]); // BP2
    }
  }

  /** Gradient summed over the examples `indices` of `data`, computed for the whole batch at once (ch. 2 problem). */
  backpropBatch(data: Dataset, indices: ArrayLike<number>, masks?: DropoutMasks): Gradient {
    return backpropBatch(this, data, indices, masks);
  }

  /** The digit the network picks: the index of the largest output. */
  predict(x: ArrayLike<number>): number {
    return argmax(this.feedforward(x));
  }

  /** How many examples of `data` the network classifies correctly. */
  evaluate(data: Dataset): number {
    checkDataFits(this.sizes, data);
    let correct = 0;
    forEachOutput(this, data, (output, label) => {
      if (argmax(output) === label) correct++;
    });
    return correct;
  }

  /**
   * The FRACTION of `data` classified correctly, in [0, 1]. network2.py's `accuracy` returns the
   * COUNT: that is `evaluate` here (network.py's name for it).
   */
  accuracy(data: Dataset): number {
    return data.count === 0 ? 0 : this.evaluate(data) / data.count;
  }

  /**
   * network2.py's total_cost: the mean cost over `data` plus the regularization term, with λ
   * scaled by data.count as the book does — (λ/2n)Σw² for L2 (eq. 85), (λ/n)Σ|w| for L1 (eq. 95).
   */
  totalCost(data: Dataset, lambda = 0, regularization: "L2" | "L1" = "L2"): number {
    checkDataFits(this.sizes, data);
    if (data.count === 0) throw new InputError("totalCost needs at least one example: the data set is empty");
    const y = new Float64Array(this.sizes[this.sizes.length - 1]);
    let cost = 0;
    forEachOutput(this, data, (output, label) => {
      y[label] = 1; // the one-hot desired output (network2's vectorized_result)
      cost += this.cost.fn(output, y) / data.count;
      y[label] = 0;
    });
    return cost + regularizationTerm(this.weights, lambda, data.count, regularization);
  }

  /** An independent copy: same sizes, cost, activation, init and seed, copies of the weights and biases. */
  clone(): Network {
    const copy = new Network(this.sizes, {
      cost: this.cost.name,
      activation: this.activation.name,
      init: this.init,
      seed: this.seed,
      parameters: { weights: this.weights, biases: this.biases },
    });
    copy.trainingRuns = this.trainingRuns;
    return copy;
  }

  // z = w a + b for weight layer l (eq. 25).
  private weightedInput(l: number, a: Float64Array): Float64Array {
    const w = this.weights[l];
    const b = this.biases[l];
    const nIn = this.sizes[l];
    const z = new Float64Array(b.length);
    for (let j = 0; j < b.length; j++) {
      let sum = b[j];
      const row = j * nIn;
      for (let k = 0; k < nIn; k++) sum += w[row + k] * a[k];
      z[j] = sum;
    }
    return z;
  }

  private hiddenActivation(z: Float64Array, mask?: Float64Array): Float64Array {
    const a = new Float64Array(z.length);
    for (let j = 0; j < z.length; j++) a[j] = this.activation.fn(z[j]);
    if (mask) for (let j = 0; j < z.length; j++) a[j] *= mask[j];
    return a;
  }

  private outputActivation(z: Float64Array): Float64Array {
    if (this.output === "softmax") return softmax(z);
    const a = new Float64Array(z.length);
    for (let j = 0; j < z.length; j++) a[j] = sigmoid(z[j]);
    return a;
  }

  /**
   * BP2: δ^l = ((w^{l+1})ᵀ δ^{l+1}) ⊙ σ'(z^l), moving the error one layer back through weight layer
   * l. A dropped unit (mask 0) passes no error back; a kept one carries its 1/(1−p) scale.
   */
  private backwardError(l: number, deltaNext: Float64Array, z: Float64Array, mask?: Float64Array): Float64Array {
    const w = this.weights[l];
    const nIn = this.sizes[l];
    const delta = new Float64Array(nIn);
    for (let j = 0; j < deltaNext.length; j++) {
      const row = j * nIn;
      for (let k = 0; k < nIn; k++) delta[k] += w[row + k] * deltaNext[j];
    }
    for (let k = 0; k < nIn; k++) delta[k] *= this.activation.prime(z[k]) * (mask ? mask[k] : 1);
    return delta;
  }

  /** For the one-example entry points (the engines' loops skip this: their data was checked once). */
  private checkInputValues(x: ArrayLike<number>): void {
    if (x === null || typeof x !== "object" || typeof x.length !== "number") {
      throw new InputError(
        `input is ${show(x)}: expected an array of ${this.sizes[0]} numbers (e.g. inputOf(data, i))`,
      );
    }
    this.checkInput(x);
    for (let k = 0; k < x.length; k++) {
      if (!Number.isFinite(x[k])) throw new InputError(`input[${k}] is ${x[k]}: every input must be a finite number`);
    }
  }

  private checkDesiredOutput(y: unknown): void {
    const outputs = this.sizes[this.sizes.length - 1];
    if (typeof y === "number")
      throw new InputError(`desired output is the label ${y}, not a vector: use oneHot(${y}, ${outputs})`);
    if (y === null || typeof y !== "object" || (y as ArrayLike<number>).length !== outputs) {
      throw new InputError(
        `desired output is ${show(y)}: expected ${outputs} numbers, one per output neuron (oneHot(label, ${outputs}))`,
      );
    }
  }

  private checkInput(x: ArrayLike<number>): void {
    if (x.length !== this.sizes[0]) {
      throw new InputError(`input has ${x.length} values but the network's first layer has ${this.sizes[0]} neurons`);
    }
  }
}

/** sum += δ (BP3). */
function addVector(sum: Float64Array, delta: Float64Array): void {
  for (let j = 0; j < delta.length; j++) sum[j] += delta[j];
}

/** sum += δ aᵀ (BP4), row-major: sum[j*a.length + k] += δ_j a_k. */
function addOuter(sum: Float64Array, delta: Float64Array, a: Float64Array): void {
  for (let j = 0; j < delta.length; j++) {
    const row = j * a.length;
    for (let k = 0; k < a.length; k++) sum[row + k] += delta[j] * a[k];
  }
}

export function argmax(values: ArrayLike<number>): number {
  let best = 0;
  for (let j = 1; j < values.length; j++) if (values[j] > values[best]) best = j;
  return best;
}

/** Given parameters must have the shapes `sizes` implies and be finite; the network keeps copies. */
function checkedParameters(
  sizes: readonly number[],
  p: { weights: Float64Array[]; biases: Float64Array[] },
): { weights: Float64Array[]; biases: Float64Array[] } {
  const layers = sizes.length - 1;
  if (p.weights?.length !== layers || p.biases?.length !== layers) {
    throw new InputError(
      `parameters must hold ${layers} weight matrices and ${layers} bias vectors for sizes ${show(sizes)}`,
    );
  }
  for (let l = 0; l < layers; l++) {
    if (p.weights[l].length !== sizes[l + 1] * sizes[l] || p.biases[l].length !== sizes[l + 1]) {
      throw new InputError(
        `parameters of layer ${l + 1}: expected ${sizes[l + 1]}×${sizes[l]} weights and ${sizes[l + 1]} biases`,
      );
    }
  }
  return { weights: p.weights.map((w) => Float64Array.from(w)), biases: p.biases.map((b) => Float64Array.from(b)) };
}
