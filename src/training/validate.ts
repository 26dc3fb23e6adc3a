import type { Dataset } from "../dataset";
import { InputError } from "../errors";

/** Layer sizes must be ≥ 2 positive integers: an input layer and an output layer at least. */
export function checkLayerSizes(sizes: unknown): asserts sizes is number[] {
  const ok =
    Array.isArray(sizes) && sizes.length >= 2 && sizes.every((n) => typeof n === "number" && Number.isInteger(n) && n > 0);
  if (!ok) {
    throw new InputError(
      `layer sizes ${show(sizes)} are not valid: give at least 2 layers, each a positive integer, e.g. [784, 30, 10]`,
    );
  }
}

/**
 * The data must have sizes[0] inputs per example and labels below the output layer's size. For
 * training data (`training` = true) we also catch an output layer that is too big — the classic
 * [784, 30] that forgot the 10 outputs: once there are at least 10 examples per output neuron, a
 * class that never occurs means the last layer does not match the labels.
 */
export function checkDataFits(sizes: readonly number[], data: Dataset, training = false): void {
  const outputs = sizes[sizes.length - 1];
  let classes = 0;
  for (let i = 0; i < data.count; i++) if (data.labels[i] + 1 > classes) classes = data.labels[i] + 1;
  const misfit = (why: string) => new InputError(`layer sizes ${show(sizes)} do not fit the data: ${why}`);
  if (data.inputSize !== sizes[0]) {
    throw misfit(`inputs have ${data.inputSize} values but the first layer has ${sizes[0]} neurons`);
  }
  if (classes > outputs || (training && classes < outputs && data.count >= 10 * outputs)) {
    throw misfit(`inputs have ${data.inputSize} values but the last layer has ${outputs} outputs while labels have ${classes} classes`);
  }
}

/** A readable rendering of a user value for error messages. */
export function show(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(show).join(", ")}]`;
  if (typeof value === "number") return String(value);
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
