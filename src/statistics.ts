/**
 * The small summaries the notebooks print and check: averages, spreads, percentages, and the
 * accuracy figures of a training history. Each refuses an empty list with a one-line error instead
 * of returning NaN.
 */
import { InputError } from "./errors";
import type { History } from "./training/options";

/** The arithmetic mean of the values. */
export function mean(values: ArrayLike<number>): number {
  if (values.length === 0) throw new InputError("mean of an empty list: give at least one value");
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i];
  return sum / values.length;
}

/**
 * The sample standard deviation, with n − 1 in the denominator (Bessel's correction): the spread
 * estimated from a sample, e.g. of the best accuracies over several seeds.
 */
export function sampleStd(values: ArrayLike<number>): number {
  if (values.length < 2)
    throw new InputError(`sample standard deviation of ${values.length} value(s): give at least two`);
  const m = mean(values);
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += (values[i] - m) ** 2;
  return Math.sqrt(sum / (values.length - 1));
}

/** The root mean square √(Σv²/n): the typical size of a set of weights. */
export function rms(values: ArrayLike<number>): number {
  if (values.length === 0) throw new InputError("rms of an empty list: give at least one value");
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i] * values[i];
  return Math.sqrt(sum / values.length);
}

/**
 * The least-squares line through (log₁₀ x, log₁₀ y): its slope is the power p in y ∝ x^p (how an error
 * shrinks with a step, how a time grows with a size), and `at(x)` reads the fitted power law at any x.
 */
export function logLogFit(xs: ArrayLike<number>, ys: ArrayLike<number>): { slope: number; at(x: number): number } {
  if (xs.length !== ys.length || xs.length < 2) {
    throw new InputError(
      `logLogFit needs two lists of one length, at least 2 points: got ${xs.length} x and ${ys.length} y values`,
    );
  }
  const logs = (values: ArrayLike<number>, name: string) =>
    Array.from(values, (v, i) => {
      if (!(v > 0) || !Number.isFinite(v))
        throw new InputError(
          `logLogFit: ${name}[${i}] = ${v} is not a positive number; a log-log fit needs values > 0`,
        );
      return Math.log10(v);
    });
  const lx = logs(xs, "x"),
    ly = logs(ys, "y");
  const mx = mean(lx),
    my = mean(ly);
  let sxy = 0,
    sxx = 0;
  for (let i = 0; i < lx.length; i++) {
    sxy += (lx[i] - mx) * (ly[i] - my);
    sxx += (lx[i] - mx) ** 2;
  }
  if (sxx === 0) throw new InputError(`logLogFit: every x is ${xs[0]}; a slope needs at least two different x values`);
  const slope = sxy / sxx;
  return { slope, at: (x: number) => 10 ** (my + slope * (Math.log10(x) - mx)) };
}

/** A fraction as a percentage: 0.9542 → 95.42 (the library's accuracies are fractions, the book prints percentages). */
export const percent = (fraction: number): number => 100 * fraction;

/** Accuracy in percent after each epoch, on the evaluation data (default) or the training data. */
export function percentsPerEpoch(history: History, data: "evaluation" | "training" = "evaluation"): number[] {
  // Guards against runs.map(bestPercent) in plain JavaScript, which would pass the index as `data`.
  if (data !== "evaluation" && data !== "training") {
    throw new InputError(
      `accuracy data ${JSON.stringify(data)} is not valid: use "evaluation" or "training" (with map, write runs.map((h) => bestPercent(h)))`,
    );
  }
  return history.epochs.map((record, k) => {
    const fraction = data === "evaluation" ? record.evaluationAccuracy : record.trainingAccuracy;
    if (fraction === undefined) {
      const flag = data === "evaluation" ? "evaluationData" : "monitorTrainingAccuracy: true";
      throw new InputError(`epoch ${k} recorded no ${data} accuracy: train with ${flag} to monitor it`);
    }
    return percent(fraction);
  });
}

/** The best accuracy of a run, in percent (on the evaluation data unless `data` says training). */
export function bestPercent(history: History, data: "evaluation" | "training" = "evaluation"): number {
  return Math.max(...nonEmpty(percentsPerEpoch(history, data)));
}

/** The accuracy after the last epoch, in percent (on the evaluation data unless `data` says training). */
export function finalPercent(history: History, data: "evaluation" | "training" = "evaluation"): number {
  const percents = nonEmpty(percentsPerEpoch(history, data));
  return percents[percents.length - 1];
}

function nonEmpty(values: number[]): number[] {
  if (values.length === 0) throw new InputError("the history has no epochs: train for at least one epoch");
  return values;
}
