import { test } from "node:test";
import assert from "node:assert/strict";
import { activationByName, activations, sigmoid, sigmoidPrime, softmax } from "../../src/activations";
import { InputError } from "../../src/errors";
import { numericalGradient } from "../../src/numerical-gradient";

test("sigmoid: σ(0) = 1/2, σ(−z) = 1 − σ(z), saturates to 0 and 1 without NaN", () => {
  assert.equal(sigmoid(0), 0.5);
  assert.ok(Math.abs(sigmoid(-1.3) - (1 - sigmoid(1.3))) < 1e-15);
  assert.equal(sigmoid(1000), 1);
  assert.equal(sigmoid(-1000), 0);
  assert.equal(sigmoidPrime(0), 0.25);
});

test("each activation's prime matches a central finite difference of its fn", () => {
  for (const a of Object.values(activations)) {
    for (const z of [-2.1, -0.4, 0.3, 1.7]) {
      const numeric = numericalGradient(a.fn, z);
      assert.ok(Math.abs(a.prime(z) - numeric) < 1e-8, `${a.name}'(${z}) = ${a.prime(z)}, numeric ${numeric}`);
    }
  }
});

test("relu is max(0, z) with derivative 0 at and below 0", () => {
  assert.equal(activations.relu.fn(-3), 0);
  assert.equal(activations.relu.fn(2.5), 2.5);
  assert.equal(activations.relu.prime(0), 0);
});

test("softmax is positive, sums to 1, and stays finite for huge inputs", () => {
  const a = softmax([1, 2, 3]);
  assert.ok(Math.abs(a.reduce((s, v) => s + v, 0) - 1) < 1e-15);
  assert.ok(a[2] > a[1] && a[1] > a[0] && a[0] > 0);
  const big = softmax([1000, 1001]);
  assert.ok(big.every(Number.isFinite));
  assert.ok(Math.abs(big[1] - sigmoid(1)) < 1e-15, "two-way softmax is a sigmoid of the difference");
});

test("an unknown activation name is an InputError listing the valid ones", () => {
  assert.throws(
    () => activationByName("swish"),
    (e: unknown) =>
      e instanceof InputError && e.message === 'unknown activation "swish": use one of sigmoid, tanh, relu, linear',
  );
});
