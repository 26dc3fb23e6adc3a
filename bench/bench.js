#!/usr/bin/env node
/*
 * The speed benchmark: one epoch of the book's chapter 1 run — 50,000 MNIST training images,
 * quadratic cost, η = 3, mini-batches of 10 — for [784,30,10] and [784,100,10], training time only.
 * Engines: "fast" (src/engines/fast, WebAssembly SIMD; two threads when that measures faster), "fast 1 thread"
 * (the same on the main thread only), "fast32" (opt-in: float32 first-layer weights, f32x4 loops,
 * threads as "fast"; float32 rounding instead of the book's float64), "matrix" (ch. 2's whole-batch
 * matrices in plain TypeScript), "per-example" (the book's backprop one example at a time). When python3 has numpy,
 * bench/numpy_epoch.py runs the same epoch in the same session — the mini-batch as one matrix
 * product ("numpy", the reference for the ratio) and network.py's one-example-at-a-time loop
 * ("numpy per-ex.") — and the ratio to the matrix version is printed.
 *
 *   node bench/bench.js [--epochs N] [--full] [--sizes 784,30,10;784,100,10] [--no-numpy] [--no-startup]
 *
 * The header names the CPU and the cross-core round trip (bench/cross-core.js): the floor under
 * the two-thread engine's hand-over, once per mini-batch.
 *
 * Then start-up (bench/startup.js, each in a fresh process): a notebook's first sgd call's first
 * epoch against a steady one, the tenth short sgd call's (the pool keeps the worker and the loaded
 * data between calls), and what the cold first epoch's extra time is made of.
 *
 * Timing: best of N epochs (the machine is shared; the best is the least disturbed), wall clock
 * around engine.trainEpoch only (shuffling and loading outside). The plain engines take seconds to
 * minutes per epoch, so without --full they run the first 5,000 images of the epoch and the time
 * is scaled ×10 (marked "~").
 * GFLOP/s counts dense-equivalent work, as a dense implementation would do it: per image 2W for
 * the forward pass, 2W for ∇W = δaᵀ (BP4) and 2W' for BP2 (W' = weights after the first layer),
 * plus 2W per mini-batch for w −= (η/m)∇W; W = number of weights. The fast engine skips the zero
 * pixels (≈80%), so it does far fewer FLOPs than it is credited with: the figure measures speed
 * against a dense implementation, not hardware efficiency.
 */
"use strict";
const { execFileSync } = require("node:child_process");
const os = require("node:os");
const path = require("node:path");
const dist = path.join(__dirname, "..", "dist");
const { loadMnist } = require(path.join(dist, "mnist", "index.js"));
const { Network } = require(path.join(dist, "network.js"));
const { createTrainState } = require(path.join(dist, "engines", "engine.js"));
const { perExampleEngine } = require(path.join(dist, "engines", "per-example.js"));
const { matrixEngine } = require(path.join(dist, "engines", "matrix.js"));
const { fastEngine, fast32Engine } = require(path.join(dist, "engines", "fast", "index.js"));
const { Random } = require(path.join(dist, "random.js"));
const { crossCoreRoundTrip } = require("./cross-core.js");

function flag(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i < 0 ? fallback : process.argv[i + 1];
}
const epochs = Number(flag("epochs", 5));
const full = process.argv.includes("--full");
const configs = flag("sizes", "784,30,10;784,100,10")
  .split(";")
  .map((s) => s.split(",").map(Number));
const PLAIN_SUBSET = 5000;

function flopsPerEpoch(sizes, images, batch) {
  let W = 0;
  let later = 0;
  for (let l = 0; l + 1 < sizes.length; l++) {
    W += sizes[l] * sizes[l + 1];
    if (l > 0) later += sizes[l] * sizes[l + 1];
  }
  return images * (4 * W + 2 * later) + Math.ceil(images / batch) * 2 * W;
}

function hyper(count) {
  return { eta: 3, batchSize: 10, lambda: 0, regularization: "L2", trainingSize: count, momentum: 0, dropout: 0 };
}

/** Best-of-`rounds` seconds for one epoch (or the first `limit` images of one, scaled up). */
async function timeEngine(makeEngine, sizes, training, rounds, limit) {
  const net = new Network(sizes, { cost: "quadratic", init: "large", seed: 1 });
  const engine = makeEngine();
  const state = createTrainState();
  const rng = new Random(1);
  const order = Uint32Array.from({ length: training.count }, (_, i) => i);
  const times = [];
  const cpu = [];
  for (let r = 0; r < rounds; r++) {
    rng.shuffle(order);
    const part = limit ? order.subarray(0, limit) : order;
    const start = process.hrtime.bigint();
    const cpuStart = process.cpuUsage();
    await engine.trainEpoch({ net, data: training, order: part, hyper: hyper(training.count), rng, state });
    const used = process.cpuUsage(cpuStart);
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    times.push(seconds * (training.count / part.length));
    cpu.push(((used.user + used.system) / 1e6) * (training.count / part.length));
  }
  const pace = engine.pace?.();
  engine.dispose?.();
  return { best: Math.min(...times), all: times, cpu: Math.min(...cpu), scaled: Boolean(limit), pace };
}

function numpyAvailable() {
  try {
    return execFileSync("python3", ["-c", "import numpy; print(numpy.__version__)"], { encoding: "utf8" }).trim();
  } catch {
    return null;
  }
}

function timeNumpy(sizes, rounds, extra = []) {
  const out = execFileSync(
    "python3",
    [path.join(__dirname, "numpy_epoch.py"), sizes.join(","), "--epochs", String(rounds), ...extra],
    {
      encoding: "utf8",
      env: { ...process.env, OPENBLAS_NUM_THREADS: process.env.OPENBLAS_NUM_THREADS ?? "1" },
    },
  );
  const result = JSON.parse(out.trim().split("\n").pop());
  const scale = 50000 / result.images;
  return {
    best: result.secondsPerEpoch * scale,
    all: result.all,
    cpu: result.cpuSecondsPerEpoch * scale,
    scaled: scale !== 1,
  };
}

function row(cells, widths) {
  return cells.map((c, i) => String(c).padEnd(widths[i])).join("  ");
}

async function main() {
  const numpy = process.argv.includes("--no-numpy") ? null : numpyAvailable();
  console.log(`nndl bench — ${os.cpus()[0].model}, ${os.cpus().length} cores, Node ${process.version}`);
  console.log(
    `load average at start: ${os
      .loadavg()
      .map((x) => x.toFixed(2))
      .join(" ")} (other work on the machine slows every column)`,
  );
  console.log(
    numpy
      ? `numpy ${numpy} found: timing bench/numpy_epoch.py in the same run (OPENBLAS_NUM_THREADS=1 unless set)`
      : process.argv.includes("--no-numpy")
        ? "numpy column skipped (--no-numpy)"
        : "numpy not available (python3 -c 'import numpy' failed): numpy column skipped",
  );
  console.log(
    `cross-core round trip ${Math.round(crossCoreRoundTrip())} ns (two threads passing a flag through shared memory; ` +
      `the two-thread engine hands over once per mini-batch, 5,000 times an epoch)`,
  );
  const { training } = loadMnist({ validationLimit: 1, testLimit: 1 });
  console.log(
    `epoch = ${training.count} images, quadratic cost, η = 3, batch 10; best of ${epochs} epochs; training time only\n`,
  );
  const widths = [14, 14, 10, 10, 9, 14, 14];
  console.log(row(["sizes", "engine", "s/epoch", "images/s", "GFLOP/s", "numpy ÷ this", "CPU s/epoch"], widths));
  for (const sizes of configs) {
    const flops = flopsPerEpoch(sizes, training.count, 10);
    const results = [];
    results.push(["fast", await timeEngine(fastEngine, sizes, training, epochs, 0)]);
    results.push(["fast 1 thread", await timeEngine(() => fastEngine({ threads: 1 }), sizes, training, epochs, 0)]);
    results.push(["fast32", await timeEngine(fast32Engine, sizes, training, epochs, 0)]);
    const np = numpy ? timeNumpy(sizes, Math.min(epochs, 3)) : null;
    if (np) results.push(["numpy", np]);
    const plainRounds = full ? 1 : 2;
    results.push(["matrix", await timeEngine(matrixEngine, sizes, training, plainRounds, full ? 0 : PLAIN_SUBSET)]);
    results.push([
      "per-example",
      await timeEngine(perExampleEngine, sizes, training, plainRounds, full ? 0 : PLAIN_SUBSET),
    ]);
    if (numpy) {
      const images = full ? [] : ["--images", String(PLAIN_SUBSET)];
      results.push(["numpy per-ex.", timeNumpy(sizes, plainRounds, ["--per-example", ...images])]);
    }
    for (const [name, t] of results) {
      const ratio = np ? (np.best / t.best).toFixed(2) + "×" : "—";
      const secs = (t.scaled ? "~" : "") + t.best.toFixed(3);
      const cpu = (t.scaled ? "~" : "") + t.cpu.toFixed(3);
      console.log(
        row(
          [
            sizes.join(","),
            name,
            secs,
            Math.round(training.count / t.best),
            (flops / t.best / 1e9).toFixed(2),
            ratio,
            cpu,
          ],
          widths,
        ),
      );
    }
    const fast = results[0][1];
    const share =
      fast.pace && Number.isFinite(fast.pace.twoThreadShare)
        ? `; ${Math.round(100 * fast.pace.twoThreadShare)}% of images on two threads`
        : "";
    console.log(`${" ".repeat(16)}(fast, every epoch: ${fast.all.map((x) => x.toFixed(3)).join(" ")} s${share})`);
  }
  if (!process.argv.includes("--no-startup")) startup(configs);
  console.log(
    `\nload average at end: ${os
      .loadavg()
      .map((x) => x.toFixed(2))
      .join(" ")}`,
  );
  console.log("~ = timed on the first 5,000 images of the epoch and scaled ×10 (use --full for whole epochs)");
  console.log("CPU s/epoch = best CPU time of the process (both threads for the fast engine): on a busy machine");
  console.log("  it shows what an epoch costs when undisturbed; wall-clock s/epoch is what you wait.");
}

/** The start-up section: each configuration in fresh processes (best of three, for the shared machine). */
function startup(sizesList) {
  const script = path.join(__dirname, "startup.js");
  const run = (args) =>
    JSON.parse(
      execFileSync(process.execPath, [script, ...args], { encoding: "utf8" })
        .trim()
        .split("\n")
        .pop(),
    );
  console.log(
    "\nstart-up (fresh processes, best of 3): sgd call 1 = 3 epochs, calls 2–10 = 1 epoch each, 50,000 images",
  );
  const widths = [14, 16, 16, 16, 16];
  console.log(row(["sizes", "cold 1st epoch", "steady epoch", "cold ÷ steady", "10th call 1st"], widths));
  for (const sizes of sizesList) {
    const runs = [0, 1, 2].map(() => run(["--sizes", sizes.join(",")]));
    const best = (key) => Math.min(...runs.map((r) => r[key]));
    console.log(
      row(
        [
          sizes.join(","),
          best("cold").toFixed(3),
          best("steady").toFixed(3),
          (best("cold") / best("steady")).toFixed(2) + "×",
          `${best("tenth").toFixed(3)} (${(best("tenth") / best("steady")).toFixed(2)}×)`,
        ],
        widths,
      ),
    );
    console.log(
      `${" ".repeat(16)}(cold 1st epochs: ${runs.map((r) => r.cold.toFixed(3)).join(" ")} s; steady: ${runs.map((r) => r.steady.toFixed(3)).join(" ")} s)`,
    );
  }
  const parts = [0, 1, 2].map(() => run(["--pieces"]));
  const part = (key) => Math.min(...parts.map((p) => p[key])).toFixed(0);
  const chunks = parts.map((p) => p.mainThreadChunksMs);
  const cold = Math.min(...chunks.map((c) => c.slice(0, 5).reduce((a, b) => a + b, 0)));
  const warm = Math.min(...chunks.map((c) => c.slice(-5).reduce((a, b) => a + b, 0)));
  console.log(
    `the first epoch's extra parts, [784,30,10], ms (best of 3): sparse inputs ${part("sparseInput")} (MNIST's decoder makes them, ` +
      `in its load of ${part("mnistLoad")} ms), into WebAssembly memory ` +
      `${part("workspaceAndLoadData")} (${part("dataMegabytes")} MB of new memory; this machine charges ` +
      `${Math.min(...parts.map((p) => p.newMemoryMsPerMegabyte)).toFixed(2)} ms per MB of memory touched for the first time), compiling ${part("compileWasm")}, the worker's start and warm-up ${part("workerStartAndWarmUp")} ` +
      `(overlapped: it warms up on the other core), first 12,500 images on a cold main thread ${cold.toFixed(0)} vs ${warm.toFixed(0)} warm (JIT tiers)`,
  );
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
