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

/** The data must have sizes[0] inputs per example and labels below the output layer's size. */
export function checkDataFits(sizes: readonly number[], data: Dataset): void {
  const outputs = sizes[sizes.length - 1];
  let maxLabel = -1;
  for (let i = 0; i < data.count; i++) if (data.labels[i] > maxLabel) maxLabel = data.labels[i];
  if (data.inputSize !== sizes[0] || maxLabel >= outputs) {
    throw new InputError(
      `layer sizes ${show(sizes)} do not fit the data: inputs have ${data.inputSize} values ` +
        `and the first layer has ${sizes[0]}; labels have ${maxLabel + 1} classes and the last layer has ${outputs} outputs`,
    );
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
