import { test } from "node:test";
import assert from "node:assert/strict";
import type { ActivationName } from "../../src/activations";
import type { CostName } from "../../src/costs";
import { inputOf, oneHot } from "../../src/dataset";
import { createTrainState } from "../../src/engines/engine";
import { Network } from "../../src/network";
import { numericalGradientInPlace } from "../../src/numerical-gradient";
import { addGradient, zeroGradient } from "../../src/gradient";
import { applyUpdate } from "../../src/engines/update";
import { randomDataset } from "./network-testdata";

/*
 * Every gradient against central finite differences of totalCost, an independent computation:
 * it only runs the network forward. The analytic side is what training actually does: one
 * applyUpdate with η = 1 over the whole data set as a single batch (m = n), so w − w_new is exactly
 * ∂(totalCost)/∂w, regularization term included — this checks BP1–BP4, each cost's δᴸ and the
 * L2/L1 update rules at once.
 *
 * Tolerance: central differences have truncation error O(h²·C''') ≈ 1e-12 and rounding error
 * ≈ ε·|C|/h ≈ 1e-16/1e-6 = 1e-10, so in float64 with h = 1e-6 the two sides agree to ~1e-9; we
 * allow 1e-7 absolute plus 1e-6 relative, far tighter than any real bug (a wrong sign, a missing σ'
 * or λ/n factor gives errors of order the gradient itself).
 */
const h = 1e-6;
const sizes = [4, 5, 4, 3];
const data = randomDataset(3, 4, 3);
const costNames: CostName[] = ["quadratic", "cross-entropy", "log-likelihood"];
const hiddenActivations: ActivationName[] = ["sigmoid", "tanh", "relu"];
const regularizations = [
  { name: "none", lambda: 0, regularization: "L2" as const },
  { name: "L2", lambda: 0.3, regularization: "L2" as const },
  { name: "L1", lambda: 0.3, regularization: "L1" as const },
];

/** ∂totalCost/∂θ for every weight and bias, read off one full-batch update with η = 1. */
function gradientFromUpdate(net: Network, lambda: number, regularization: "L2" | "L1") {
  const before = net.clone();
  const sum = zeroGradient(net);
  for (let i = 0; i < data.count; i++) {
    addGradient(sum, net.backprop(inputOf(data, i), oneHot(data.labels[i], 3)));
  }
  const hyper = {
    eta: 1,
    batchSize: data.count,
    lambda,
    regularization,
    trainingSize: data.count,
    momentum: 0,
    dropout: 0,
  };
  applyUpdate(net, sum, data.count, hyper, createTrainState());
  const diff = (a: Float64Array[], b: Float64Array[]) => a.map((p, l) => p.map((v, i) => v - b[l][i]));
  const gradient = { weights: diff(before.weights, net.weights), biases: diff(before.biases, net.biases) };
  net.weights = before.weights;
  net.biases = before.biases;
  return gradient;
}

/** ReLU has a kink at 0 and L1 one at w = 0; finite differences are only meaningful away from them. */
function awayFromKinks(net: Network): boolean {
  for (let i = 0; i < data.count; i++) {
    const { weightedInputs } = net.forward(inputOf(data, i));
    for (const z of weightedInputs.slice(0, -1)) if (z.some((v) => Math.abs(v) < 1e-3)) return false;
  }
  return net.weights.every((w) => w.every((v) => Math.abs(v) > 1e-3));
}

for (const cost of costNames) {
  for (const activation of hiddenActivations) {
    for (const { name, lambda, regularization } of regularizations) {
      test(`gradient of ${cost} cost, ${activation} hidden layers, regularization ${name} = finite differences`, () => {
        let seed = 1;
        let net = new Network(sizes, { cost, activation, seed });
        while (!awayFromKinks(net)) net = new Network(sizes, { cost, activation, seed: ++seed });
        const analytic = gradientFromUpdate(net, lambda, regularization);
        for (const [group, params] of [
          ["weights", net.weights],
          ["biases", net.biases],
        ] as const) {
          params.forEach((p, l) => {
            const numerics = numericalGradientInPlace(p, () => net.totalCost(data, lambda, regularization), h);
            for (let i = 0; i < p.length; i++) {
              const numeric = numerics[i];
              const got = analytic[group][l][i];
              assert.ok(
                Math.abs(got - numeric) <= 1e-7 + 1e-6 * Math.abs(numeric),
                `${group}[${l}][${i}]: backprop ${got}, finite differences ${numeric}`,
              );
            }
          });
        }
      });
    }
  }
}

test("with dropout masks, backprop is the gradient of the thinned network's cost (inverted dropout, BP2 × mask)", () => {
  const net = new Network(sizes, { cost: "cross-entropy", activation: "tanh", seed: 3 });
  const masks = [Float64Array.from([2, 0, 2, 2, 0]), Float64Array.from([0, 2, 2, 2])]; // p = 1/2
  const x = inputOf(data, 0);
  const y = oneHot(data.labels[0], 3);
  const thinnedCost = () => {
    const { activations } = net.forward(x, masks);
    return net.cost.fn(activations[activations.length - 1], y);
  };
  const { nablaB, nablaW } = net.backprop(x, y, masks);
  for (const [params, analytic] of [
    [net.weights, nablaW],
    [net.biases, nablaB],
  ] as const) {
    params.forEach((p, l) => {
      const numerics = numericalGradientInPlace(p, thinnedCost, h);
      for (let i = 0; i < p.length; i++) {
        const numeric = numerics[i];
        assert.ok(
          Math.abs(analytic[l][i] - numeric) <= 1e-7 + 1e-6 * Math.abs(numeric),
          `layer ${l} [${i}]: ${analytic[l][i]} vs ${numeric}`,
        );
      }
    });
  }
});
