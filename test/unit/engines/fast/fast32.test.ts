import { test } from "node:test";
import assert from "node:assert/strict";
import { Network } from "../../../../src/network";
import { type EpochHyper, createTrainState, type Engine } from "../../../../src/engines/engine";
import { pickEngine } from "../../../../src/engines/registry";
import { InputError } from "../../../../src/errors";
import { fastEngine, fast32Engine, supportsFast32 } from "../../../../src/engines/fast";
import { Random } from "../../../../src/random";
import type { Dataset } from "../../../../src/dataset";
import { loadMnist } from "../../../../src/mnist";
import type { CostName } from "../../../../src/costs";
import { epochHyper } from "../epoch-hyper";

// 303 real MNIST images: with batch 10 the last mini-batch has 3 examples.
const training = loadMnist({ trainingLimit: 303, validationLimit: 1, testLimit: 1 }).training;

/**
 * How far the opt-in "fast32" engine (float32 first-layer weights, f32x4 loops) may drift from the
 * float64 "fast" engine in one epoch, relative to the largest weight of the layer. The first layer's
 * weights are rounded to float32 on the way in (relative error ≤ 2⁻²⁴ ≈ 6e-8), each z sums ~150
 * products in float32 (~√150 · 6e-8 ≈ 1e-6 relative to the terms), and each of the 31 mini-batches
 * rounds every touched weight again. Through the sigmoid's slope (≤ 1/4) those errors stay of that
 * order: we measured ~1e-6 after one epoch. 1e-5 leaves room, and is still far below a real mistake —
 * one wrong or missing update moves a weight by η/m·x·δ ≈ 1e-3 of a weight of size ~1.
 */
const RELATIVE_TOLERANCE = 1e-5;

const hyper = (overrides: Partial<EpochHyper> = {}): EpochHyper => epochHyper(training.count, overrides);

async function oneEpoch(engine: Engine, net: Network, data: Dataset, h: EpochHyper): Promise<void> {
  const order = new Random(100).shuffle(Uint32Array.from({ length: data.count }, (_, i) => i));
  await engine.trainEpoch({ net, data, order, hyper: h, rng: new Random(1), state: createTrainState() });
  engine.dispose?.();
}

/** max |a − b| over a layer, divided by max |b| over it; the worst layer. */
function relativeDifference(a: Float64Array[], b: Float64Array[]): number {
  let worst = 0;
  a.forEach((x, l) => {
    let diff = 0;
    let size = 0;
    x.forEach((v, i) => {
      diff = Math.max(diff, Math.abs(v - b[l][i]));
      size = Math.max(size, Math.abs(b[l][i]));
    });
    worst = Math.max(worst, diff / size);
  });
  return worst;
}

const cases: Array<{ cost: CostName; sizes: number[]; eta: number; extra?: Partial<EpochHyper> }> = [
  { cost: "quadratic", sizes: [784, 30, 10], eta: 3 },
  { cost: "quadratic", sizes: [784, 100, 10], eta: 3 },
  { cost: "cross-entropy", sizes: [784, 20, 15, 10], eta: 0.5 },
  { cost: "log-likelihood", sizes: [784, 17, 10], eta: 0.5 },
  { cost: "cross-entropy", sizes: [784, 30, 10], eta: 0.5, extra: { dropout: 0.5 } },
  // Weight decay and momentum run on the float32 first layer too (scale32, axpy32, subtractSign32).
  // λ = 30 on 303 images decays each weight by ηλ/n ≈ 5% a batch: a missing decay would show.
  { cost: "cross-entropy", sizes: [784, 30, 10], eta: 0.5, extra: { lambda: 30 } },
  { cost: "cross-entropy", sizes: [784, 30, 10], eta: 0.5, extra: { lambda: 30, regularization: "L1" } },
  { cost: "cross-entropy", sizes: [784, 40, 10], eta: 0.5, extra: { momentum: 0.7, lambda: 5 } },
];

for (const { cost, sizes, eta, extra = {} } of cases) {
  test(`fast32 = fast (float64) to ${RELATIVE_TOLERANCE} relative after one epoch: ${cost}, [${sizes}], ${JSON.stringify(extra)}`, async () => {
    const h = hyper({ eta, ...extra });
    const reference = new Network(sizes, { cost, seed: 7 });
    const start = reference.clone();
    const f32 = reference.clone();
    await oneEpoch(fastEngine({ threads: 1 }), reference, training, h);
    await oneEpoch(fast32Engine(), f32, training, h);
    const dw = relativeDifference(f32.weights, reference.weights);
    const db = relativeDifference(f32.biases, reference.biases);
    assert.ok(
      dw < RELATIVE_TOLERANCE && db < RELATIVE_TOLERANCE,
      `weights differ by ${dw}, biases by ${db} (relative)`,
    );
    // ...and it did train (a no-op engine would fail here), in float32 (a float64 one would not round).
    assert.ok(relativeDifference(f32.weights, start.weights) > 1e-3, "fast32 changed the weights");
    assert.ok(
      f32.weights[0].every((w) => Math.fround(w) === w),
      "fast32's first-layer weights are float32 values",
    );
    assert.ok(
      !reference.weights[0].every((w) => Math.fround(w) === w),
      "fast's first-layer weights are float64 values",
    );
  });
}

test("fast32 is deterministic: same start, same order ⇒ bit-identical weights", async () => {
  const a = new Network([784, 30, 10], { seed: 3 });
  const b = a.clone();
  await oneEpoch(fast32Engine(), a, training, hyper());
  await oneEpoch(fast32Engine(), b, training, hyper());
  a.weights.forEach((w, l) => assert.deepEqual(w, b.weights[l]));
  a.biases.forEach((v, l) => assert.deepEqual(v, b.biases[l]));
});

test("fast32 on two threads (each its own float32 weight panel) = fast32 on one, bit for bit", async () => {
  for (const sizes of [
    [784, 30, 10],
    [784, 100, 10],
    [784, 20, 15, 10],
  ]) {
    const one = new Network(sizes, { seed: 6 });
    const two = one.clone();
    const team = fastEngine({ precision: 32, threads: 2, adaptive: false });
    await oneEpoch(fastEngine({ precision: 32, threads: 1 }), one, training, hyper({ eta: 0.5 }));
    await team.trainEpoch({
      net: two,
      data: training,
      order: new Random(100).shuffle(Uint32Array.from({ length: training.count }, (_, i) => i)),
      hyper: hyper({ eta: 0.5 }),
      rng: new Random(1),
      state: createTrainState(),
    });
    assert.equal(team.pace().twoThreadShare, 1, "every mini-batch ran on two threads");
    team.dispose?.();
    assert.deepEqual(two.weights, one.weights, `[${sizes}]`);
    assert.deepEqual(two.biases, one.biases, `[${sizes}]`);
  }
});

test("fast32 is opt-in: auto still picks the float64 fast engine; fast32 takes L1/L2 and momentum too", () => {
  const net = new Network([784, 30, 10], { seed: 1 });
  assert.equal(pickEngine("auto", net, hyper()).name, "fast");
  assert.equal(pickEngine("fast32", net, hyper()).name, "fast32");
  for (const variant of [
    { dropout: 0.3 },
    { lambda: 5 },
    { momentum: 0.5 },
    { lambda: 5, regularization: "L1" as const },
  ]) {
    assert.equal(supportsFast32(net, hyper(variant)), true);
    assert.equal(pickEngine("fast32", net, hyper(variant)).name, "fast32");
  }
  const tanhNet = new Network([784, 30, 10], { seed: 1, activation: "tanh" });
  assert.equal(pickEngine("fast32", tanhNet, hyper()).name, "fast32");
  assert.throws(
    () => pickEngine("fast32", new Network([70000, 2, 2]), hyper()),
    (e: unknown) =>
      e instanceof InputError && /engine "fast32" does not support this network/.test((e as Error).message),
  );
});
