import type { Dataset } from "./dataset";
import { InputError } from "./errors";

/** Layer sizes must be ≥ 2 positive integers: an input layer and an output layer at least. */
export function checkLayerSizes(sizes: unknown): asserts sizes is number[] {
  const ok =
    Array.isArray(sizes) &&
    sizes.length >= 2 &&
    sizes.every((n) => typeof n === "number" && Number.isInteger(n) && n > 0);
  if (!ok) {
    throw new InputError(
      `layer sizes ${show(sizes)} are not valid: give at least 2 layers, each a positive integer, e.g. [784, 30, 10]`,
    );
  }
  let parameters = 0;
  for (let l = 1; l < sizes.length; l++) parameters += sizes[l] * (sizes[l - 1] + 1);
  if (parameters > MAX_PARAMETERS) {
    throw new InputError(
      `layer sizes ${show(sizes)} make ${parameters.toExponential(2)} weights and biases, more than the ` +
        `${MAX_PARAMETERS.toExponential(0)} (${((MAX_PARAMETERS * 8) / 2 ** 30).toFixed(1)} GiB) this library allocates; use smaller layers`,
    );
  }
}

/** The most weights and biases a network may have (0.75 GiB of float64; [784, 100, 10] has 79,510). */
export const MAX_PARAMETERS = 100_000_000;

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
    throw misfit(
      `inputs have ${data.inputSize} values but the last layer has ${outputs} outputs while labels have ${classes} classes`,
    );
  }
}

/**
 * A readable rendering of a user value for error messages: short whatever the value (at most 8
 * items per list, 3 levels deep, 200 characters), so a huge or deeply nested input cannot flood the
 * message or overflow the stack.
 */
export function show(value: unknown, depth = 0): string {
  const text = showValue(value, depth);
  return text.length > 200 ? `${text.slice(0, 199)}…` : text;
}

function showValue(value: unknown, depth: number): string {
  if (Array.isArray(value)) {
    if (depth >= 3) return "[…]";
    const items = value.slice(0, 8).map((v) => showValue(v, depth + 1));
    return `[${items.join(", ")}${value.length > 8 ? `, … (${value.length} items)` : ""}]`;
  }
  if (typeof value === "number") return String(value);
  if (typeof value === "object" && value !== null) {
    if (ArrayBuffer.isView(value))
      return `${value.constructor.name}(${(value as unknown as ArrayLike<number>).length})`;
    if (depth >= 3) return "{…}";
  }
  try {
    return (JSON.stringify(value, (_k, v) => v, 0) ?? String(value)).slice(0, 200);
  } catch {
    return String(value);
  }
}
