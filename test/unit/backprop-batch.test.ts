import { test } from "node:test";
import assert from "node:assert/strict";
import type { ActivationName } from "../../src/activations";
import type { CostName } from "../../src/costs";
import { inputOf, oneHot } from "../../src/dataset";
import { Network } from "../../src/network";
import { Random } from "../../src/random";
import { drawDropoutMasks } from "../../src/engines/dropout";
import { addGradient, zeroGradient } from "../../src/gradient";
import { maxRelativeDifference, randomDataset } from "./network-testdata";

/*
 * Per-example backprop (the book's loop) against the fully matrix-based mini-batch version. They do
 * the same float64 arithmetic in a different arrangement, so they must agree to rounding: 1e-10.
 */
const sizes = [6, 7, 5, 4];
const data = randomDataset(9, 6, 4);
const batch = Uint32Array.from([3, 0, 8, 8, 5, 1, 2]); // any order, repeats allowed

function perExampleSum(net: Network, masks?: Float64Array[]) {
  const sum = zeroGradient(net);
  for (const e of batch) addGradient(sum, net.backprop(inputOf(data, e), oneHot(data.labels[e], 4), masks));
  return sum;
}

/** Inverted-dropout masks for p = 0.5 that keep the few units a ReLU net leaves alive here. */
function handMasks(): Float64Array[] {
  return [Float64Array.from([2, 0, 2, 0, 2, 2, 2]), Float64Array.from([2, 2, 2, 0, 2])];
}

const costs: CostName[] = ["quadratic", "cross-entropy", "log-likelihood"];
const activations: ActivationName[] = ["sigmoid", "tanh", "relu", "linear"];
for (const cost of costs) {
  for (const activation of activations) {
    for (const dropout of [0, 0.5]) {
      test(`matrix backprop = per-example backprop: ${cost}, ${activation}${dropout ? ", with dropout masks" : ""}`, () => {
        const net = new Network(sizes, { cost, activation, seed: 3 });
        const masks = dropout ? handMasks() : undefined;
        const expected = perExampleSum(net, masks);
        const got = net.backpropBatch(data, batch, masks);
        assert.ok(maxRelativeDifference(got.nablaW, expected.nablaW) <= 1e-10, "nablaW differs");
        assert.ok(maxRelativeDifference(got.nablaB, expected.nablaB) <= 1e-10, "nablaB differs");
        assert.ok(
          expected.nablaW.every((w) => w.some((v) => v !== 0)),
          "every layer's gradient should be non-zero",
        );
      });
    }
  }
}

test("backprop's shapes follow the layers: nablaW[l] is sizes[l+1]×sizes[l], nablaB[l] is sizes[l+1]", () => {
  const net = new Network(sizes);
  const { nablaB, nablaW } = net.backprop(inputOf(data, 0), oneHot(data.labels[0], 4));
  assert.deepEqual(
    nablaW.map((w) => w.length),
    [42, 35, 20],
  );
  assert.deepEqual(
    nablaB.map((b) => b.length),
    [7, 5, 4],
  );
});

test("a dropped hidden unit gets no gradient on its incoming weights and bias", () => {
  const net = new Network(sizes, { seed: 2 });
  const masks = [new Float64Array(7).fill(2), new Float64Array(5).fill(2)];
  masks[0][3] = 0;
  const { nablaB, nablaW } = net.backprop(inputOf(data, 1), oneHot(data.labels[1], 4), masks);
  const isZero = (v: number) => v === 0; // ±0
  assert.ok(isZero(nablaB[0][3]));
  for (let k = 0; k < 6; k++) assert.ok(isZero(nablaW[0][3 * 6 + k]));
  for (let j = 0; j < 5; j++) assert.ok(isZero(nablaW[1][j * 7 + 3]), "outgoing weights see a zero activation");
});

test("dropout masks: units dropped with probability p, kept ones scaled by 1/(1 − p), same draws for the same seed", () => {
  const big = [10, 2000, 1000, 3];
  const masks = drawDropoutMasks(big, 0.3, new Random(4));
  const values = masks.flatMap((m) => Array.from(m));
  const dropped = values.filter((v) => v === 0).length / values.length;
  assert.ok(Math.abs(dropped - 0.3) < 0.02, `dropped fraction ${dropped}, expected ≈ 0.3 (3000 units)`);
  assert.ok(values.every((v) => v === 0 || v === 1 / 0.7));
  assert.deepEqual(drawDropoutMasks(big, 0.3, new Random(4)), masks);
});
