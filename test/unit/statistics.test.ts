import { test } from "node:test";
import assert from "node:assert/strict";
import { InputError } from "../../src/errors";
import {
  bestPercent,
  finalPercent,
  logLogFit,
  mean,
  percent,
  percentsPerEpoch,
  rms,
  sampleStd,
} from "../../src/statistics";
import type { History } from "../../src/training/options";

test("mean, sample standard deviation (n − 1) and rms of small lists with known answers", () => {
  assert.equal(mean([2, 4, 9]), 5);
  assert.equal(mean(Float32Array.of(1, 2)), 1.5);
  // [2, 4, 4, 4, 5, 5, 7, 9]: squared deviations sum to 32; n − 1 = 7 gives √(32/7) (n would give 2).
  assert.ok(Math.abs(sampleStd([2, 4, 4, 4, 5, 5, 7, 9]) - Math.sqrt(32 / 7)) < 1e-15);
  assert.equal(sampleStd([3, 3, 3]), 0);
  assert.equal(rms([3, -4]), Math.sqrt(12.5));
  assert.equal(rms([-2, -2]), 2); // a sign slip (mean, not mean of squares) would give −2
  assert.equal(percent(0.9542), 95.42);
});

test("logLogFit recovers an exact power law y = 3x^2.5 (slope and the fitted curve), and a falling one y = x^−1", () => {
  const xs = [0.01, 0.1, 2, 30, 400];
  const fit = logLogFit(
    xs,
    xs.map((x) => 3 * x ** 2.5),
  );
  assert.ok(Math.abs(fit.slope - 2.5) < 1e-12, `slope ${fit.slope}`);
  assert.ok(Math.abs(fit.at(7) / (3 * 7 ** 2.5) - 1) < 1e-12, `at(7) = ${fit.at(7)}`);
  assert.ok(
    Math.abs(
      logLogFit(
        xs,
        xs.map((x) => 1 / x),
      ).slope + 1,
    ) < 1e-12,
  );
  // Noise symmetric in log y leaves the slope of a least-squares fit unchanged: ±10% alternately about x².
  const noisy = logLogFit(
    [1, 2, 4, 8],
    [1, 4, 16, 64].map((y, i) => y * (i % 3 === 0 ? 1 : i % 3 === 1 ? 1.1 : 1 / 1.1)),
  );
  assert.ok(Math.abs(noisy.slope - 2) < 0.1, `noisy slope ${noisy.slope}`);
  assert.throws(() => logLogFit([1, 2], [1, 0]), /y\[1\] = 0 is not a positive number/);
  assert.throws(() => logLogFit([2, 2], [1, 3]), /at least two different x values/);
  assert.throws(() => logLogFit([1, 2, 3], [1, 2]), InputError);
});

const history: History = {
  stopReason: "epochs",
  epochs: [0.9, 0.95, 0.94].map((a, epoch) => ({
    epoch,
    seconds: 1,
    eta: 3,
    evaluationAccuracy: a,
    trainingAccuracy: a + 0.01,
  })),
};

test("accuracy summaries of a history: per epoch, best and final, in percent, on evaluation or training data", () => {
  assert.deepEqual(percentsPerEpoch(history), [90, 95, 94]);
  assert.equal(bestPercent(history), 95);
  assert.equal(finalPercent(history), 94);
  assert.equal(finalPercent(history, "training"), 100 * 0.95);
  assert.equal(bestPercent(history, "training"), 100 * (0.95 + 0.01));
});

test("empty or unmonitored input is a one-line InputError, never NaN", () => {
  assert.throws(() => mean([]), InputError);
  assert.throws(() => rms([]), InputError);
  assert.throws(() => sampleStd([1]), /give at least two/);
  assert.throws(() => finalPercent({ stopReason: "epochs", epochs: [] }), /no epochs/);
  const unmonitored: History = { stopReason: "epochs", epochs: [{ epoch: 0, seconds: 1, eta: 3 }] };
  assert.throws(
    () => [history].map(bestPercent as unknown as (h: History, i: number) => number),
    /accuracy data 0 is not valid/,
  );
  assert.throws(
    () => bestPercent(unmonitored),
    (e: unknown) =>
      e instanceof InputError &&
      e.message === "epoch 0 recorded no evaluation accuracy: train with evaluationData to monitor it",
  );
});
