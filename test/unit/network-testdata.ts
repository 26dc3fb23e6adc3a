// Small random data sets for the network tests (not a test file itself).
import type { Dataset } from "../../src/dataset";
import { Random } from "../../src/random";

/** `count` examples of `inputSize` values in [0, 1) with labels below `classes`, from `seed`. */
export function randomDataset(count: number, inputSize: number, classes: number, seed = 7): Dataset {
  const rng = new Random(seed);
  const inputs = new Float32Array(count * inputSize);
  for (let i = 0; i < inputs.length; i++) inputs[i] = rng.uniform();
  const labels = new Uint8Array(count);
  for (let i = 0; i < count; i++) labels[i] = rng.int(classes);
  return { count, inputSize, inputs, labels };
}

/** Largest |a − b| relative to max(1, |b|), over two lists of arrays. */
export function maxRelativeDifference(a: ArrayLike<number>[], b: ArrayLike<number>[]): number {
  let worst = 0;
  a.forEach((arr, l) => {
    for (let i = 0; i < arr.length; i++)
      worst = Math.max(worst, Math.abs(arr[i] - b[l][i]) / Math.max(1, Math.abs(b[l][i])));
  });
  return worst;
}
