import { test } from "node:test";
import assert from "node:assert/strict";
import { InputError } from "../../src/errors";
import { bestPercent, finalPercent, mean, percent, percentsPerEpoch, rms, sampleStd } from "../../src/statistics";
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

const history: History = {
  stopReason: "epochs",
  epochs: [0.9, 0.95, 0.94].map((a, epoch) => ({ epoch, seconds: 1, eta: 3, evaluationAccuracy: a, trainingAccuracy: a + 0.01 })),
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
  assert.throws(() => [history].map(bestPercent as unknown as (h: History, i: number) => number), /accuracy data 0 is not valid/);
  assert.throws(() => bestPercent(unmonitored), (e: unknown) =>
    e instanceof InputError && e.message === "epoch 0 recorded no evaluation accuracy: train with evaluationData to monitor it");
});
