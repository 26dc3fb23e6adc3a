import { test } from "node:test";
import assert from "node:assert/strict";
import { sigmoid, sigmoidPrime, softmax } from "../../src/activations";
import { costByName, crossEntropyCost, logLikelihoodCost, quadraticCost } from "../../src/costs";
import { InputError } from "../../src/errors";
import { numericalGradient } from "../../src/numerical-gradient";

const y = Float64Array.from([0, 1, 0]);
const z = Float64Array.from([0.3, -1.2, 2.0]);

test("quadratic cost is ½‖a − y‖²", () => {
  assert.equal(quadraticCost.fn(Float64Array.from([0.5, 0.5, 0]), y), 0.5 * (0.25 + 0.25));
});

test("cross-entropy: 0·ln 0 counts as 0 (a = y gives cost 0), a confidently wrong output is large but finite", () => {
  assert.equal(crossEntropyCost.fn(Float64Array.from([0, 1, 0]), y), 0);
  const wrong = crossEntropyCost.fn(Float64Array.from([1, 0, 0]), y);
  assert.ok(Number.isFinite(wrong) && wrong > 1000, `got ${wrong}`);
});

test("log-likelihood is −ln a_y", () => {
  assert.ok(Math.abs(logLikelihoodCost.fn(Float64Array.from([0.2, 0.5, 0.3]), y) - -Math.log(0.5)) < 1e-15);
});

/** δᴸ = ∂C/∂zᴸ, by central differences through the output activation. */
function numericDelta(fn: (a: Float64Array) => number, activate: (z: Float64Array) => Float64Array): Float64Array {
  return numericalGradient((zL) => fn(activate(zL)), z);
}

const sigmoidLayer = (v: Float64Array) => v.map(sigmoid);
for (const [cost, activate] of [
  [quadraticCost, sigmoidLayer],
  [crossEntropyCost, sigmoidLayer],
  [logLikelihoodCost, (v: Float64Array) => softmax(v)],
] as const) {
  test(`${cost.name} delta is ∂C/∂z through its output layer (BP1, eqs. 66/84)`, () => {
    const expected = numericDelta((a) => cost.fn(a, y), activate);
    const got = cost.delta(z, activate(z), y, sigmoidPrime);
    got.forEach((d, j) => assert.ok(Math.abs(d - expected[j]) < 1e-8, `δ_${j} = ${d}, numeric ${expected[j]}`));
  });
}

test("delta writes into `out` when given", () => {
  const out = new Float64Array(3);
  assert.equal(crossEntropyCost.delta(z, sigmoidLayer(z), y, sigmoidPrime, out), out);
});

test("an unknown cost name is an InputError listing the valid ones", () => {
  assert.throws(
    () => costByName("hinge"),
    (e: unknown) =>
      e instanceof InputError &&
      e.message === 'unknown cost "hinge": use one of quadratic, cross-entropy, log-likelihood',
  );
});
