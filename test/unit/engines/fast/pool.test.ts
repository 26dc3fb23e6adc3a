import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as path from "node:path";
import { Network, loadMnist, type SGDOptions } from "../../../../src"; // the public Network, with its sgd method
import { fastEngine, workerStarts } from "../../../../src/engines/fast";
import { type Engine, createTrainState } from "../../../../src/engines/engine";
import { Random } from "../../../../src/random";
import { epochHyper } from "../epoch-hyper";

// The pool (src/kernels/pool.ts): the worker thread and the loaded workspaces outlive an sgd run.
// 12,000 images: enough for the default engine to use its worker (it stays on one thread below 200).
const { training } = loadMnist({ trainingLimit: 12000, validationLimit: 1, testLimit: 1 });
const options: SGDOptions = { epochs: 2, batchSize: 10, eta: 3, seed: 5 };

async function trained(extra: Partial<SGDOptions> = {}): Promise<Network> {
  const net = new Network([784, 30, 10], { seed: 3 });
  await net.sgd(training, { ...options, ...extra });
  return net;
}

test("later sgd runs reuse the first run's worker and workspace, with bit-identical results", async () => {
  const first = await trained();
  const started = workerStarts();
  assert.ok(started >= 1, "the first run started a worker");
  const again = await trained();
  const third = await trained();
  assert.equal(workerStarts(), started, "no new worker for the second and third runs");
  assert.deepEqual(again.weights, first.weights);
  assert.deepEqual(third.weights, first.weights);
  assert.deepEqual(third.biases, first.biases);
});

test("a run stopped mid-epoch by an exception retires its worker; the next run starts afresh, with the same results", async () => {
  const h = epochHyper(training.count);
  const order = new Random(9).shuffle(Uint32Array.from({ length: training.count }, (_, i) => i));
  const epoch = async (engine: Engine, net: Network, onProgress?: (done: number) => void) =>
    engine.trainEpoch({
      net,
      data: training,
      order,
      hyper: h,
      rng: new Random(1),
      state: createTrainState(),
      onProgress,
    });
  const reference = new Network([784, 30, 10], { seed: 3 });
  await epoch(fastEngine({ threads: 1 }), reference);

  const stopped = fastEngine({ threads: 2, adaptive: false }); // every mini-batch on two threads
  const stop = new Error("stopped by onProgress");
  await assert.rejects(
    epoch(stopped, new Network([784, 30, 10], { seed: 3 }), (done) => {
      if (done >= 5000) throw stop;
    }),
    (error) => error === stop,
  );
  stopped.dispose?.();
  const before = workerStarts();
  const next = fastEngine({ threads: 2, adaptive: false });
  const net = new Network([784, 30, 10], { seed: 3 });
  await epoch(next, net);
  next.dispose?.();
  assert.equal(workerStarts(), before + 1, "the stopped run's worker was replaced");
  assert.equal(next.pace().twoThreadShare, 1);
  assert.deepEqual(net.weights, reference.weights);
  assert.deepEqual(net.biases, reference.biases);
});

test("a script that trained on two threads exits by itself (the idle worker does not keep the process alive)", () => {
  const dist = path.join(__dirname, "..", "..", "..", "..", "..", "dist");
  const script = `
    const { Network, loadMnist } = require(${JSON.stringify(path.join(dist, "index.js"))});
    const { fastEngine, workerStarts } = require(${JSON.stringify(path.join(dist, "engines", "fast", "index.js"))});
    const { training } = loadMnist({ trainingLimit: 12000, validationLimit: 1, testLimit: 1 });
    new Network([784, 30, 10], { seed: 1 }).sgd(training, { epochs: 1, batchSize: 10, eta: 3, seed: 1 })
      .then(() => console.log("trained; workers started: " + workerStarts()));`;
  const out = execFileSync(process.execPath, ["-e", script], {
    encoding: "utf8",
    timeout: 60000,
    env: { ...process.env, NNDL_THREADS: "2" },
  });
  assert.match(out, /trained; workers started: 1/);
});
