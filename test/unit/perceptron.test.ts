import { test } from "node:test";
import assert from "node:assert/strict";
import { InputError } from "../../src/errors";
import { Perceptron, step } from "../../src/perceptron";

test("the book's NAND perceptron: weights −2, −2 and bias 3", () => {
  const nand = new Perceptron([-2, -2], 3);
  assert.deepEqual(
    [
      [0, 0],
      [0, 1],
      [1, 0],
      [1, 1],
    ].map((x) => nand.output(x)),
    [1, 1, 1, 0],
  );
});

test("the rule is w·x + b > 0: exactly 0 does not fire", () => {
  assert.equal(step(0), 0);
  assert.equal(new Perceptron([1, 1], -2).output([1, 1]), 0);
  assert.equal(new Perceptron([1, 1], -1.5).output([1, 1]), 1);
});

test("bad inputs are InputErrors", () => {
  assert.throws(
    () => new Perceptron([1], 0).output([1, 0]),
    (e: unknown) => e instanceof InputError && e.message === "input has 2 values but the perceptron has 1 weights",
  );
  assert.throws(() => new Perceptron([NaN], 0), InputError);
});
