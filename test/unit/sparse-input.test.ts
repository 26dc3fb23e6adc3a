import { test } from "node:test";
import assert from "node:assert/strict";
import { sparseInput } from "../../src/sparse-input";
import { type Dataset, datasetFrom, slice } from "../../src/dataset";
import { loadMnist } from "../../src/mnist";
import { toDataset } from "../../src/mnist/split";
import { randomDataset } from "./network-testdata";

// 303 real MNIST images; their sparse form was made by the MNIST decoder, in the same pass as the floats.
const training = loadMnist({ trainingLimit: 303, validationLimit: 1, testLimit: 1 }).training;

test("sparseInput keeps exactly the nonzero inputs, in order, and handles an all-zero example", () => {
  const data = datasetFrom([
    { x: [0, 0.5, 0, 1], label: 0 },
    { x: [0, 0, 0, 0], label: 1 },
    { x: [0.25, 0, 0, 0.75], label: 1 },
  ]);
  const sparse = sparseInput(data);
  assert.deepEqual(Array.from(sparse.start), [0, 2, 2, 4]);
  assert.deepEqual(Array.from(sparse.idx), [1, 3, 0, 3]);
  assert.deepEqual(Array.from(sparse.val), [0.5, 1, 0.25, 0.75]);
  assert.equal(sparseInput(data), sparse, "cached per data set");
});

test("sparseInput = the plain definition on MNIST, dense data (its arrays grow), odd widths, unaligned slices and −0", () => {
  const plain = (data: Dataset) => {
    const idx: number[] = [];
    const val: number[] = [];
    const start = [0];
    for (let i = 0; i < data.count; i++) {
      for (let j = 0; j < data.inputSize; j++) {
        const x = data.inputs[i * data.inputSize + j];
        if (x !== 0) {
          idx.push(j);
          val.push(x);
        }
      }
      start.push(idx.length);
    }
    return { start, idx, val };
  };
  const dense = randomDataset(40, 7, 3); // every input nonzero: far above the 25% first guess; 7 wide: pairs straddle rows
  const withZeros = datasetFrom([
    { x: [0, -0, 0.5, 0, 0, 0], label: 0 },
    { x: [-0, 0.25, 0, 0, 1, 0], label: 1 },
  ]);
  for (const data of [
    training,
    dense,
    slice(dense, 1, 30),
    withZeros,
    slice(withZeros, 1, 2),
    slice(training, 3, 300),
  ]) {
    const sparse = sparseInput(data);
    const expected = plain(data);
    assert.deepEqual(Array.from(sparse.start), expected.start);
    assert.deepEqual(Array.from(sparse.idx), expected.idx);
    assert.deepEqual(Array.from(sparse.val), expected.val);
  }
});

test("MNIST's decoder makes the floats (byte / 255) and their sparse form in one pass, at any alignment", () => {
  const bytes = new Uint8Array(4 + 5 * 784); // an unaligned start is copied first, as words need alignment
  for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 37) % 5 === 0 ? (i * 11) % 256 : 0;
  const labels = new Uint8Array(5);
  for (const [images, start] of [
    [bytes.subarray(4), 0],
    [bytes.subarray(4), 2],
    [bytes.subarray(1), 0], // unaligned
    [bytes.subarray(1), 3],
  ] as Array<[Uint8Array, number]>) {
    const data = toDataset(images, labels, start, 2);
    const expected = Float32Array.from(images.subarray(start * 784, (start + 2) * 784), (b) => b / 255);
    assert.deepEqual(data.inputs, expected);
    const fresh = sparseInput({ ...data, inputs: Float32Array.from(data.inputs) }); // made by scanning the floats
    const made = sparseInput(data); // made by the decoder
    assert.notEqual(made, fresh);
    assert.deepEqual(made, fresh);
  }
});
