import { test } from "node:test";
import assert from "node:assert/strict";
import { Network } from "../../../../src/network";
import { type EpochHyper, createTrainState, type Engine, type TrainState } from "../../../../src/engines/engine";
import { perExampleEngine } from "../../../../src/engines/per-example";
import { matrixEngine } from "../../../../src/engines/matrix";
import { fastEngine, supportsFast, fastEvaluate, fastTotalCost } from "../../../../src/engines/fast";
import { sparseInput } from "../../../../src/sparse-input";
import { Pace } from "../../../../src/engines/fast/pace";
import { Arena, planLayers, weightOffset } from "../../../../src/engines/fast/layout";
import { type DataPlan, type Helper, Workspace, gatherRange } from "../../../../src/engines/fast/workspace";
import { Random } from "../../../../src/random";
import { type Dataset, slice } from "../../../../src/dataset";
import { loadMnist } from "../../../../src/mnist";
import type { CostName } from "../../../../src/costs";
import { epochHyper } from "../epoch-hyper";

// 303 real MNIST images: with batch 10 the last mini-batch has 3 examples (its step is η/3).
const mnist = loadMnist({ trainingLimit: 303, validationLimit: 1, testLimit: 500 });
const training = mnist.training;

/**
 * Tolerance for "the same weights": the engines do the same arithmetic in a different order
 * (the fast engine subtracts each example's x·δ from the weights instead of summing the batch's
 * gradient first, sums dot products two lanes at a time, and computes e^x with its own polynomial,
 * good to an ulp or two). Each such difference is ~1e-16 relative; after 31 mini-batches we
 * measured at most ~5e-14. 1e-10 leaves room for that growth yet is far below a real mistake: one
 * wrong update of one weight moves it by about η/m·x·δ ≈ 1e-3.
 */
const TOLERANCE = 1e-10;

const hyper = (overrides: Partial<EpochHyper> = {}): EpochHyper => epochHyper(training.count, overrides);

function shuffled(count: number, seed: number): Uint32Array {
  return new Random(seed).shuffle(Uint32Array.from({ length: count }, (_, i) => i));
}

async function train(
  engine: Engine,
  net: Network,
  data: Dataset,
  h: EpochHyper,
  epochs: number,
  state: TrainState = createTrainState(),
) {
  for (let epoch = 0; epoch < epochs; epoch++) {
    await engine.trainEpoch({
      net,
      data,
      order: shuffled(data.count, 100 + epoch),
      hyper: h,
      rng: new Random(1),
      state,
    });
  }
  return state;
}

function maxDifference(a: Float64Array[], b: Float64Array[]): number {
  let max = 0;
  a.forEach((x, l) => x.forEach((v, i) => (max = Math.max(max, Math.abs(v - b[l][i])))));
  return max;
}

function assertSameParameters(reference: Network, fast: Network, what: string): void {
  const dw = maxDifference(reference.weights, fast.weights);
  const db = maxDifference(reference.biases, fast.biases);
  assert.ok(
    dw < TOLERANCE && db < TOLERANCE,
    `${what}: weights differ by ${dw}, biases by ${db} (tolerance ${TOLERANCE})`,
  );
}

const cases: Array<{ cost: CostName; sizes: number[]; eta: number }> = [
  { cost: "quadratic", sizes: [784, 30, 10], eta: 3 },
  { cost: "cross-entropy", sizes: [784, 20, 15, 10], eta: 0.5 },
  { cost: "log-likelihood", sizes: [784, 17, 10], eta: 0.5 },
];
const variants: Array<Partial<EpochHyper>> = [
  {},
  { lambda: 5, regularization: "L2" },
  { lambda: 5, regularization: "L1" },
  { momentum: 0.7 },
  { momentum: 0.7, lambda: 5, regularization: "L2" },
  { momentum: 0.7, lambda: 5, regularization: "L1" },
  { momentum: -0.3 }, // legal, and must not be mistaken for "no momentum"
];

for (const { cost, sizes, eta } of cases) {
  test(`fast engine = per-example engine after 2 epochs: ${cost}, [${sizes}], none/L2/L1/momentum`, async () => {
    for (const variant of variants) {
      const h = hyper({ eta, ...variant });
      const reference = new Network(sizes, { cost, seed: 7 });
      const fast = reference.clone();
      const referenceState = await train(perExampleEngine(), reference, training, h, 2);
      const fastState = await train(fastEngine(), fast, training, h, 2);
      const what = `${cost} ${JSON.stringify(variant)}`;
      assertSameParameters(reference, fast, what);
      if (h.momentum !== 0) {
        assert.ok(
          maxDifference(referenceState.velocityWeights!, fastState.velocityWeights!) < TOLERANCE,
          `${what}: velocities`,
        );
        assert.ok(
          maxDifference(referenceState.velocityBiases!, fastState.velocityBiases!) < TOLERANCE,
          `${what}: bias velocities`,
        );
      }
    }
  });
}

test("fast engine = matrix engine with odd layer widths, batch 1 and a batch larger than the data", async () => {
  for (const [sizes, batchSize] of [
    [[784, 7, 3, 10], 1],
    [[784, 31, 10], 64],
    [[784, 1, 10], 10],
  ] as Array<[number[], number]>) {
    const data = slice(training, 0, 41);
    const h = hyper({ eta: 0.5, batchSize, trainingSize: data.count });
    const reference = new Network(sizes, { cost: "cross-entropy", seed: 3 });
    const fast = reference.clone();
    await train(matrixEngine(), reference, data, h, 1);
    await train(fastEngine(), fast, data, h, 1);
    assertSameParameters(reference, fast, `[${sizes}] batch ${batchSize}`);
  }
});

test("fast engine is deterministic: same start, same order ⇒ bit-identical weights", async () => {
  const runs = [];
  for (let i = 0; i < 2; i++) {
    const net = new Network([784, 30, 10], { cost: "quadratic", seed: 11 });
    await train(fastEngine(), net, training, hyper({ momentum: 0.5, lambda: 1 }), 2);
    runs.push(net);
  }
  assert.deepEqual(runs[0].weights, runs[1].weights);
  assert.deepEqual(runs[0].biases, runs[1].biases);
});

test("one fast engine follows a change of data set and of network between epochs", async () => {
  const engine = fastEngine();
  const reference = new Network([784, 12, 10], { seed: 5 });
  const fast = reference.clone();
  const first = slice(training, 0, 100);
  const second = slice(training, 100, 250);
  for (const data of [first, second, first]) {
    const h = hyper({ eta: 0.5, trainingSize: data.count });
    await train(matrixEngine(), reference, data, h, 1);
    await train(engine, fast, data, h, 1);
  }
  assertSameParameters(reference, fast, "after switching data sets");
  const other = new Network([784, 9, 10], { seed: 6 });
  const otherFast = other.clone();
  await train(matrixEngine(), other, first, hyper({ eta: 0.5 }), 1);
  await train(engine, otherFast, first, hyper({ eta: 0.5 }), 1);
  assertSameParameters(other, otherFast, "a different network on the same engine");
});

test("onProgress is called, ending with the epoch's image count", async () => {
  const seen: number[] = [];
  const net = new Network([784, 10, 10]);
  await fastEngine().trainEpoch({
    net,
    data: training,
    order: shuffled(training.count, 1),
    hyper: hyper(),
    rng: new Random(1),
    state: createTrainState(),
    onProgress: (done) => seen.push(done),
  });
  assert.ok(seen.length >= 1);
  assert.equal(seen[seen.length - 1], training.count);
  assert.deepEqual(
    seen,
    [...seen].sort((a, b) => a - b),
  );
});

test("fastEvaluate counts the same correct answers as net.evaluate", async () => {
  for (const cost of ["quadratic", "log-likelihood"] as CostName[]) {
    const net = new Network([784, 30, 10], { cost, seed: 2 });
    await train(fastEngine(), net, training, hyper({ eta: cost === "quadratic" ? 3 : 0.5 }), 2);
    assert.equal(fastEvaluate(net, mnist.test), net.evaluate(mnist.test));
  }
});

test("fastEvaluate alternating between data sets (as monitoring does) measures each on its own data", async () => {
  // Trained until its answers depend on the image: a network that gives one digit for every image
  // scores by the labels alone, and would pass even if it were shown the wrong images.
  const net = new Network([784, 30, 10], { cost: "cross-entropy", seed: 4 });
  await train(fastEngine(), net, training, hyper({ eta: 0.5 }), 10);
  const [a, b, c] = [training, mnist.test, slice(mnist.test, 0, 250)];
  const expected = [a, b, c].map((d) => net.evaluate(d));
  assert.ok(expected[1] > 0.6 * b.count, `trained: ${expected[1]} of ${b.count} test images right`);
  for (const round of [1, 2])
    assert.deepEqual(
      [a, b, a, c, b].map((d) => fastEvaluate(net, d)),
      [0, 1, 0, 2, 1].map((i) => expected[i]),
      `round ${round}`,
    );
});

test("fastTotalCost = net.totalCost for each cost, with L2 and L1 terms (to 1e-12 relative)", async () => {
  for (const cost of ["quadratic", "cross-entropy", "log-likelihood"] as CostName[]) {
    const net = new Network([784, 30, 10], { cost, seed: 2 });
    await train(fastEngine(), net, training, hyper({ eta: 0.5 }), 1);
    for (const [lambda, kind] of [
      [0, "L2"],
      [5, "L2"],
      [5, "L1"],
    ] as Array<[number, "L2" | "L1"]>) {
      const expected = net.totalCost(mnist.test, lambda, kind);
      const actual = fastTotalCost(net, mnist.test, lambda, kind);
      assert.ok(
        Math.abs(actual - expected) <= 1e-12 * Math.abs(expected),
        `${cost} λ=${lambda} ${kind}: ${actual} vs ${expected}`,
      );
    }
  }
});

test("supportsFast: every activation and cost, L1/L2, momentum, dropout", () => {
  assert.equal(supportsFast(new Network([784, 30, 10]), hyper()), true);
  assert.equal(
    supportsFast(new Network([784, 30, 10], { cost: "log-likelihood" }), hyper({ momentum: 0.9, lambda: 1 })),
    true,
  );
  assert.equal(supportsFast(new Network([784, 30, 10], { activation: "tanh" }), hyper()), true);
  assert.equal(supportsFast(new Network([784, 30, 10]), hyper({ dropout: 0.5 })), true);
});

test("fast engine = per-example engine with dropout (the same masks from the same generator), 1 and 2 hidden layers", async () => {
  for (const [sizes, activation, variant] of [
    [[784, 30, 10], "sigmoid", { dropout: 0.5 }],
    [[784, 24, 13, 10], "relu", { dropout: 0.3, momentum: 0.5, lambda: 1 }],
  ] as Array<[number[], "sigmoid" | "relu", Partial<EpochHyper>]>) {
    const h = hyper({ eta: 0.2, ...variant });
    const reference = new Network(sizes, { cost: "cross-entropy", activation, seed: 12 });
    const fast = reference.clone();
    await train(perExampleEngine(), reference, training, h, 2);
    await train(fastEngine(), fast, training, h, 2);
    assertSameParameters(reference, fast, `dropout [${sizes}] ${activation}`);
  }
});

test("fast engine = per-example engine with tanh, ReLU and linear hidden layers (and fastEvaluate agrees)", async () => {
  for (const activation of ["tanh", "relu", "linear"] as const) {
    for (const variant of [{}, { momentum: 0.5, lambda: 2, regularization: "L1" as const }]) {
      const h = hyper({ eta: 0.1, ...variant });
      const reference = new Network([784, 24, 13, 10], { cost: "log-likelihood", activation, seed: 8 });
      const fast = reference.clone();
      await train(perExampleEngine(), reference, training, h, 1);
      await train(fastEngine({ threads: 1 }), fast, training, h, 1);
      assertSameParameters(reference, fast, `${activation} ${JSON.stringify(variant)}`);
      assert.equal(fastEvaluate(fast, mnist.test), fast.evaluate(mnist.test), `${activation}: fastEvaluate`);
    }
  }
});

test("two threads (main + worker) give bit-identical weights to one thread, any batch split, the stream or not", async () => {
  for (const [sizes, batchSize, variant, activation] of [
    [[784, 30, 10], 10, {}, "sigmoid"],
    [[784, 20, 15, 10], 7, { momentum: 0.6, lambda: 3, regularization: "L1" }, "sigmoid"],
    [[784, 100, 10], 5, { lambda: 3 }, "sigmoid"],
    [[784, 40, 10], 10, {}, "relu"],
  ] as Array<[number[], number, Partial<EpochHyper>, "sigmoid" | "relu"]>) {
    const h = hyper({ eta: activation === "relu" ? 0.1 : 0.5, batchSize, ...variant });
    const one = new Network(sizes, { seed: 4, activation });
    const two = one.clone();
    // The stream (copied by both threads) on two threads against the data read in place on one.
    const twoThreads = fastEngine({ threads: 2, adaptive: false, stream: true });
    await train(fastEngine({ threads: 1, stream: false }), one, training, h, 2);
    await train(twoThreads, two, training, h, 2);
    assert.equal(twoThreads.pace().twoThreadShare, 1, "every mini-batch ran on two threads");
    twoThreads.dispose?.();
    assert.deepEqual(two.weights, one.weights, `[${sizes}] batch ${batchSize}`);
    assert.deepEqual(two.biases, one.biases);
  }
});

test("two threads: the first layer's weights are two separate panels, one per thread; moving weights in and out is exact", () => {
  const [[[single]]] = planLayers([784, 100, 10], 10, false, 1, new Arena());
  assert.equal(single.panels, 1);
  assert.equal(single.panel, single.s, "one thread: the plain nIn × s matrix");
  assert.equal(weightOffset(single, 3, 5, 8), 8 * (3 * single.s + 5));
  const [[[first, later]]] = planLayers([784, 100, 10], 10, false, 2, new Arena());
  assert.deepEqual(
    [first.s, first.panel, first.panels],
    [104, 56, 2],
    "units 0–55 for the main thread, 56–103 for the worker",
  );
  assert.equal(later.panels, 1, "later layers are never split");
  const panelBytes = 784 * 56 * 8;
  assert.equal(
    weightOffset(first, 0, 56, 8),
    panelBytes,
    "the worker's panel starts after the whole of the main thread's",
  );
  assert.equal(weightOffset(first, 783, 55, 8), panelBytes - 8, "the main thread's panel ends right before it");
  assert.equal(weightOffset(first, 2, 60, 8), panelBytes + 8 * (2 * 56 + 4));
  assert.equal(weightOffset(first, 2, 60, 4), panelBytes + 4 * (2 * 56 + 4), "float32: the same panels, half-used");

  const net = new Network([784, 100, 10], { seed: 5 });
  const ws = Workspace.create({ sizes: net.sizes, batchSize: 10, momentum: false, threads: 2 });
  const back = net.weights.map((w) => new Float64Array(w.length));
  net.weights.forEach((w, l) => ws.moveWeights(l, w, "WT", "in"));
  back.forEach((w, l) => ws.moveWeights(l, w, "WT", "out"));
  assert.deepEqual(back, net.weights);
  const heap = ws.heap();
  const { WT } = ws.layers[0];
  assert.equal(
    heap[(WT + weightOffset(ws.layers[0], 7, 60, 8)) / 8],
    net.weights[0][60 * 784 + 7],
    "w[60][7] is in the worker's panel",
  );
});

test("two threads follow the data set when it changes and memory grows", async () => {
  const engine = fastEngine({ threads: 2, adaptive: false });
  const single = fastEngine({ threads: 1 });
  const a = new Network([784, 30, 10], { seed: 9 });
  const b = a.clone();
  for (const data of [slice(training, 0, 50), training, slice(training, 20, 70)]) {
    const h = hyper({ eta: 0.5, trainingSize: data.count });
    await train(single, a, data, h, 1);
    await train(engine, b, data, h, 1);
  }
  assert.equal(engine.pace().twoThreadShare, 1, "every mini-batch ran on two threads");
  engine.dispose?.();
  assert.deepEqual(b.weights, a.weights);
  assert.deepEqual(b.biases, a.biases);
});

test("Pace: two threads only while they measure faster; the loser is re-tried less and less often", () => {
  let pace = new Pace();
  const run = (oneMs: number, twoMs: number, chunks: number): boolean[] => {
    const picks: boolean[] = [];
    for (let i = 0; i < chunks; i++) {
      const team = pace.nextIsTeam();
      picks.push(team);
      pace.record(team, team ? twoMs : oneMs, 10);
    }
    return picks;
  };
  const slowTeam = run(1, 5, 100);
  assert.equal(slowTeam[0], false, "first a one-thread measurement");
  assert.deepEqual(slowTeam.slice(1, 3), [true, true], "then two threads: a warm-up chunk and a timed one");
  const tries = slowTeam.slice(3).filter(Boolean).length;
  assert.ok(tries >= 1 && tries <= 8, `a losing team is re-tried rarely (${tries} of 98 chunks)`);
  const turned = run(5, 1, 40).slice(20);
  assert.ok(turned.filter(Boolean).length >= 15, "when the machine frees up, two threads take over within ~16 chunks");
  pace = new Pace();
  const fastTeam = run(5, 1, 100).slice(2);
  assert.ok(fastTeam.filter(Boolean).length >= 80, "a winning team takes most chunks");
});

test("Pace: one slow chunk (a disturbance) does not hand the epoch to the slower way", () => {
  const pace = new Pace();
  const picks: boolean[] = [];
  for (let i = 0; i < 60; i++) {
    const team = pace.nextIsTeam();
    picks.push(team);
    // Two threads take 1.6 µs an image, one 2.3, but the first timed two-thread chunk was disturbed.
    const disturbed = team && picks.filter(Boolean).length === 2;
    pace.record(team, team ? (disturbed ? 6.6 : 1.6) : 2.3, 2500);
  }
  assert.ok(
    picks.slice(10).filter(Boolean).length >= 45,
    `two threads win back the epoch: ${picks.map(Number).join("")}`,
  );
  assert.ok(
    pace.settleBatches(true) === 0 && pace.settleBatches(false) > 0,
    "only a switch of way has untimed batches",
  );
});

test("an epoch of fewer than 200 images stays on one thread; from 200 on, two may be used", async () => {
  const net = new Network([784, 30, 10]);
  const ready = fastEngine({ threads: 2, adaptive: false }); // waits for the pool's worker: it is ready below
  await train(ready, net, training, hyper(), 1);
  ready.dispose?.();
  for (const [images, used] of [
    [199, false],
    [200, true],
  ] as const) {
    const engine = fastEngine({ threads: 2 }); // Pace tries two threads in the second epoch, if allowed
    await train(engine, net, slice(training, 0, images), hyper(), 3);
    assert.equal(engine.pace().twoThreadShare > 0, used, `${images} images an epoch`);
    engine.dispose?.();
  }
});

test("loading turns each nonzero's input index into its weight row's byte offset, the odd last few too", () => {
  // 13 nonzeros: the kernel does 8 at a time, then one by one
  const count = 3;
  const start = Uint32Array.from([0, 5, 9, 13]);
  const idx = Uint16Array.from([0, 1, 7, 300, 783, 2, 65, 512, 700, 3, 4, 650, 783]);
  const val = Float32Array.from(idx, (j) => j / 1000);
  for (const threads of [1, 2]) {
    const ws = Workspace.create({ sizes: [784, 30, 10], batchSize: 10, momentum: false, threads });
    const plan = ws.loadData({ count, start, idx, val }, Uint8Array.from([1, 2, 3]));
    const rowBytes = 8 * ws.layers[0].panel;
    const u32 = ws.heapU32View();
    assert.deepEqual(
      Array.from(u32.subarray(plan.rows / 4, plan.rows / 4 + idx.length)),
      Array.from(idx, (j) => j * rowBytes),
      `${threads} thread(s): rows of ${rowBytes} bytes`,
    );
    assert.deepEqual(Array.from(new Float32Array(ws.memory.buffer, plan.val, idx.length)), Array.from(val));
  }
});

test("with a helper, loading plans the stream and has the helper touch its new memory; the stream is then the same", () => {
  const order = Uint32Array.from({ length: training.count }, (_, i) => i);
  new Random(9).shuffle(order);
  const streamed = (helper?: Helper) => {
    const ws = Workspace.create({ sizes: [784, 30, 10], batchSize: 10, momentum: false });
    ws.loadData(sparseInput(training), training.labels, helper);
    ws.streamInOrder(order);
    const plan = ws.data!;
    const u32 = ws.heapU32View();
    const nonzeros = u32[plan.start / 4 + training.count];
    return [
      plan,
      Array.from(u32.subarray(plan.rows / 4, plan.rows / 4 + nonzeros)),
      Array.from(u32.subarray(plan.val / 4, plan.val / 4 + nonzeros)),
    ] as const;
  };
  const touched: number[][] = [];
  let waited = 0;
  const [plan, rows, val] = streamed({
    touch(ws, at, bytes) {
      touched.push([at, bytes]);
      ws.kernels.touch(at, bytes); // done at once here; the worker does it while the main thread loads
    },
    gather: () => assert.fail("loading gathers nothing"),
    waitForTask: () => waited++,
  });
  assert.deepEqual(touched, [[plan.start, plan.order - plan.start]], "the stream's region up to its order");
  assert.equal(waited, 1, "loading waits for the helper before it returns");
  const [, rowsAlone, valAlone] = streamed();
  assert.equal(rows.length, sparseInput(training).idx.length);
  assert.ok(rows.every((r, p) => r === rowsAlone[p]) && val.every((v, p) => v === valAlone[p]));
});

test("the epoch's stream holds each example's nonzeros and label in the epoch's order, copied by one thread or split at any point", () => {
  const ws = Workspace.create({ sizes: [784, 30, 10], batchSize: 10, momentum: false });
  const source = ws.loadData(sparseInput(training), training.labels);
  const order = Uint32Array.from({ length: training.count }, (_, i) => i);
  new Random(5).shuffle(order);
  const example = (plan: DataPlan, k: number, ex = k) => {
    const u32 = ws.heapU32View();
    const [a, b] = [u32[plan.start / 4 + ex], u32[plan.start / 4 + ex + 1]];
    return {
      rows: Array.from(u32.subarray(plan.rows / 4 + a, plan.rows / 4 + b)),
      val: Array.from(u32.subarray(plan.val / 4 + a, plan.val / 4 + b)),
      label: ws.heapU8View()[plan.labels + ex],
    };
  };
  const expected = Array.from(order, (ex) => example(source, 0, ex));
  const splits: number[][] = [];
  let waited = 0;
  const helper: Helper = {
    gather(on, from, to, k0, k1, at0) {
      splits.push([k0, k1, at0]);
      gatherRange(on.kernels, from, to, k0, k1, at0); // done at once here; a worker does it in parallel
    },
    touch: () => assert.fail("a stream's copy touches nothing"),
    waitForTask: () => waited++,
  };
  for (const run of [undefined, helper]) {
    ws.streamInOrder(order, run);
    const stream = ws.data!;
    assert.notEqual(stream.start, source.start, "the kernels read the stream, not the data set in place");
    assert.deepEqual(
      Array.from(order, (_, k) => example(stream, k)),
      expected,
      run ? "split between two threads" : "one thread",
    );
  }
  const half = training.count >> 1;
  const before = expected.slice(0, half).reduce((n, e) => n + e.rows.length, 0);
  assert.deepEqual(splits, [[half, training.count, 4 * before]]);
  assert.equal(waited, 1, "the copy waits for the helper's half");
  ws.setOrder(order);
  assert.equal(ws.data, source, "setOrder reads the data set in place again (as evaluation does)");
});
