import { InputError } from "./errors";

/**
 * A labelled classification data set stored flat, so the fast training path reads it without
 * per-example objects: `inputs` holds `count` rows of `inputSize` values, row-major.
 * MNIST pixels are scaled to [0, 1] (0 = white, 1 = black, as in the book).
 */
export interface Dataset {
  readonly count: number;
  readonly inputSize: number;
  readonly inputs: Float32Array;
  /** Class index of each example (the digit, for MNIST). */
  readonly labels: Uint8Array;
}

/** The inputs of example `i`, as a view (no copy). */
export function inputOf(data: Dataset, i: number): Float32Array {
  return data.inputs.subarray(i * data.inputSize, (i + 1) * data.inputSize);
}

/** Examples [start, end) as a data set sharing memory with `data`. */
export function slice(data: Dataset, start: number, end = data.count): Dataset {
  if (!(Number.isInteger(start) && Number.isInteger(end) && 0 <= start && start <= end && end <= data.count)) {
    throw new InputError(`slice [${start}, ${end}) is outside the data set's ${data.count} examples`);
  }
  return {
    count: end - start,
    inputSize: data.inputSize,
    inputs: data.inputs.subarray(start * data.inputSize, end * data.inputSize),
    labels: data.labels.subarray(start, end),
  };
}

/** The desired output for class `label`: 1 at that index, 0 elsewhere (the book's vectorized_result). */
export function oneHot(label: number, classes = 10): Float64Array {
  if (!(Number.isInteger(label) && label >= 0 && label < classes)) {
    throw new InputError(
      `label ${label} is not valid for ${classes} classes: use a whole number from 0 to ${classes - 1}`,
    );
  }
  const y = new Float64Array(classes);
  y[label] = 1;
  return y;
}

/** Builds a data set from per-example arrays (handy in notebooks and tests). */
export function datasetFrom(examples: ReadonlyArray<{ x: ArrayLike<number>; label: number }>): Dataset {
  if (examples.length === 0) throw new InputError("datasetFrom needs at least one example, got none");
  const inputSize = examples[0].x.length;
  const inputs = new Float32Array(examples.length * inputSize);
  const labels = new Uint8Array(examples.length);
  examples.forEach((e, i) => {
    if (e.x.length !== inputSize) {
      throw new InputError(`example ${i} has ${e.x.length} inputs but example 0 has ${inputSize}; all must match`);
    }
    if (!(Number.isInteger(e.label) && e.label >= 0 && e.label <= 255)) {
      throw new InputError(`example ${i} has label ${e.label}: labels are class numbers, whole numbers from 0 to 255`);
    }
    inputs.set(e.x, i * inputSize);
    labels[i] = e.label;
  });
  return { count: examples.length, inputSize, inputs, labels };
}
