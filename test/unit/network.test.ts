import { test } from "node:test";
import assert from "node:assert/strict";
import { sigmoid } from "../../src/activations";
import { datasetFrom } from "../../src/dataset";
import { InputError } from "../../src/errors";
import { Network } from "../../src/network";

function throwsInput(fn: () => unknown, message: string): void {
  assert.throws(fn, (e: unknown) => e instanceof InputError && e.message === message);
}

test("parameters have the book's shapes: weights[l] is sizes[l+1] × sizes[l], biases[l] is sizes[l+1]", () => {
  const net = new Network([784, 30, 10]);
  assert.deepEqual(
    net.weights.map((w) => w.length),
    [30 * 784, 10 * 30],
  );
  assert.deepEqual(
    net.biases.map((b) => b.length),
    [30, 10],
  );
  assert.equal(net.numLayers, 3);
  assert.equal(net.cost.name, "cross-entropy");
  assert.equal(net.activation.name, "sigmoid");
  assert.equal(net.output, "sigmoid");
  assert.equal(new Network([2, 2], { cost: "log-likelihood" }).output, "softmax");
});

test("default init: weights N(0, 1/n_in), biases N(0, 1); large init: weights N(0, 1)", () => {
  const std = (a: Float64Array) => Math.sqrt(a.reduce((s, v) => s + v * v, 0) / a.length);
  const net = new Network([400, 100, 10]);
  assert.ok(Math.abs(std(net.weights[0]) - 1 / 20) < 0.002, `std ${std(net.weights[0])}, expected 1/√400 = 0.05`);
  assert.ok(Math.abs(std(net.biases[0]) - 1) < 0.25);
  const large = new Network([400, 100, 10], { init: "large" });
  assert.ok(Math.abs(std(large.weights[0]) - 1) < 0.02);
});

test("feedforward computes σ(w·a + b) layer by layer (eq. 22), by hand for a 2-2-1 network", () => {
  const net = new Network([2, 2, 1], { cost: "quadratic" });
  net.weights = [Float64Array.from([1, -1, 0.5, 2]), Float64Array.from([3, -2])];
  net.biases = [Float64Array.from([0.1, -0.2]), Float64Array.from([0.4])];
  const x = [0.3, 0.8];
  const h0 = sigmoid(1 * 0.3 - 1 * 0.8 + 0.1);
  const h1 = sigmoid(0.5 * 0.3 + 2 * 0.8 - 0.2);
  assert.ok(Math.abs(net.feedforward(x)[0] - sigmoid(3 * h0 - 2 * h1 + 0.4)) < 1e-15);
  const { weightedInputs, activations } = net.forward(x);
  assert.deepEqual(Array.from(activations[0]), x);
  assert.equal(activations[1][0], h0);
  assert.ok(Math.abs(weightedInputs[1][0] - (3 * h0 - 2 * h1 + 0.4)) < 1e-15);
});

test("evaluate counts correct argmax predictions; accuracy is the fraction", () => {
  const net = new Network([2, 2], { cost: "quadratic" });
  net.weights = [Float64Array.from([1, 0, 0, 1])];
  net.biases = [new Float64Array(2)];
  const data = datasetFrom([
    { x: [1, 0], label: 0 },
    { x: [0, 1], label: 1 },
    { x: [1, 0], label: 1 },
  ]);
  assert.equal(net.predict([0.2, 0.9]), 1);
  assert.equal(net.evaluate(data), 2);
  assert.equal(net.accuracy(data), 2 / 3);
});

test("totalCost is the mean cost plus (λ/2n)Σw² for L2 and (λ/n)Σ|w| for L1 — biases excluded", () => {
  const net = new Network([1, 1], { cost: "quadratic" });
  net.weights = [Float64Array.from([2])];
  net.biases = [Float64Array.from([5])];
  const data = datasetFrom([
    { x: [0], label: 0 },
    { x: [0], label: 0 },
  ]);
  const base = 0.5 * (sigmoid(5) - 1) ** 2;
  assert.equal(net.totalCost(data), base);
  assert.ok(Math.abs(net.totalCost(data, 3) - (base + (0.5 * 3 * 4) / 2)) < 1e-15);
  assert.ok(Math.abs(net.totalCost(data, 3, "L1") - (base + (3 * 2) / 2)) < 1e-15);
});

test("clone is a deep copy", () => {
  const net = new Network([3, 4, 2], { activation: "tanh", cost: "log-likelihood", seed: 9 });
  const copy = net.clone();
  assert.deepEqual(copy.weights, net.weights);
  assert.equal(copy.activation.name, "tanh");
  assert.equal(copy.cost.name, "log-likelihood");
  copy.weights[0][0] += 1;
  assert.notEqual(copy.weights[0][0], net.weights[0][0]);
});

test("bad layer sizes, names and inputs are InputErrors naming the value", () => {
  const sizesMessage = (s: string) =>
    `layer sizes ${s} are not valid: give at least 2 layers, each a positive integer, e.g. [784, 30, 10]`;
  throwsInput(() => new Network([784, 0, 10]), sizesMessage("[784, 0, 10]"));
  throwsInput(() => new Network([784]), sizesMessage("[784]"));
  throwsInput(() => new Network([784, 2.5]), sizesMessage("[784, 2.5]"));
  throwsInput(
    () => new Network([2, 2], { cost: "mse" as never }),
    'unknown cost "mse": use one of quadratic, cross-entropy, log-likelihood',
  );
  throwsInput(
    () => new Network([2, 2], { activation: "elu" as never }),
    'unknown activation "elu": use one of sigmoid, tanh, relu, linear',
  );
  throwsInput(
    () => new Network([2, 2], { init: "xavier" as never }),
    'unknown init "xavier": use one of default, large',
  );
  throwsInput(
    () => new Network([2, 2]).feedforward([1, 2, 3]),
    "input has 3 values but the network's first layer has 2 neurons",
  );
  throwsInput(
    () => new Network([784, 5]).evaluate(datasetFrom([{ x: new Array(784).fill(0), label: 9 }])),
    "layer sizes [784, 5] do not fit the data: inputs have 784 values but the last layer has 5 outputs while labels have 10 classes",
  );
  throwsInput(
    () => new Network([100, 10]).evaluate(datasetFrom([{ x: new Array(784).fill(0), label: 9 }])),
    "layer sizes [100, 10] do not fit the data: inputs have 784 values but the first layer has 100 neurons",
  );
});

test("evaluate and totalCost (buffered, zero inputs skipped) agree bit for bit with feedforward example by example", () => {
  const examples = Array.from({ length: 30 }, (_, i) => ({
    x: Array.from({ length: 12 }, (_, k) => ((i * 7 + k * 3) % 5 === 0 ? 0 : (((i + 1) * (k + 2)) % 11) / 11)),
    label: i % 4,
  }));
  const data = datasetFrom(examples);
  for (const options of [
    { cost: "quadratic" as const },
    { cost: "log-likelihood" as const, activation: "tanh" as const },
  ]) {
    const net = new Network([12, 6, 4], { ...options, seed: 4 });
    let correct = 0;
    let cost = 0;
    examples.forEach(({ x, label }) => {
      const a = net.feedforward(Float32Array.from(x));
      if (net.predict(Float32Array.from(x)) === label) correct++;
      cost +=
        net.cost.fn(
          a,
          Float64Array.from({ length: 4 }, (_, j) => (j === label ? 1 : 0)),
        ) / examples.length;
    });
    assert.equal(net.evaluate(data), correct);
    assert.equal(net.totalCost(data), cost);
  }
});
