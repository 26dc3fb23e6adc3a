#!/usr/bin/env node
/*
 * Start-up costs of the fast engine, in a fresh process (bench.js runs it as a child): what a
 * notebook's first sgd call pays before its first epoch is as fast as the later ones, and whether
 * later sgd calls in the same process pay it again (the pool, src/engines/fast/pool.ts, should keep the
 * worker and the loaded data).
 *
 *   node bench/startup.js [--sizes 784,30,10] [--calls 10]   → one JSON line
 *   node bench/startup.js --pieces                            → the first epoch's parts, one JSON line
 *
 * Default mode: call 1 is sgd for 3 epochs on the 50,000 training images; calls 2…N are sgd for
 * 1 epoch each (a notebook's short runs). "steady" = the best epoch after call 1's first.
 */
"use strict";
const path = require("node:path");
const dist = path.join(__dirname, "..", "dist");

function flag(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i < 0 ? fallback : process.argv[i + 1];
}
const sizes = flag("sizes", "784,30,10").split(",").map(Number);
const calls = Number(flag("calls", 10));
const ms = (start) => +(performance.now() - start).toFixed(1);

async function sgdCalls() {
  const { Network, loadMnist } = require(path.join(dist, "index.js"));
  const { training } = loadMnist({ validationLimit: 1, testLimit: 1 });
  const firstEpochs = [];
  const later = [];
  for (let call = 1; call <= calls; call++) {
    const net = new Network(sizes, { cost: "quadratic", init: "large", seed: call });
    const history = await net.sgd(training, { epochs: call === 1 ? 3 : 1, batchSize: 10, eta: 3, seed: call });
    const seconds = history.epochs.map((e) => e.seconds);
    firstEpochs.push(seconds[0]);
    later.push(...seconds.slice(1));
  }
  const steady = Math.min(...later, ...firstEpochs.slice(1));
  return { sizes, cold: firstEpochs[0], steady, tenth: firstEpochs[firstEpochs.length - 1], firstEpochs, later };
}

/** The first epoch's parts, each timed on its own (the engine does them in this order). */
function pieces() {
  const t0 = performance.now();
  const { loadMnist } = require(path.join(dist, "mnist", "index.js"));
  const { training } = loadMnist({ validationLimit: 1, testLimit: 1 });
  const load = ms(t0);
  const { kernelsModule } = require(path.join(dist, "engines", "fast", "wasm.js"));
  const { sparseInput } = require(path.join(dist, "sparse-input.js"));
  const { Workspace } = require(path.join(dist, "engines", "fast", "workspace.js"));
  const { Team } = require(path.join(dist, "engines", "fast", "team.js"));
  const { forwardBatch, backwardBatch, updateBatch, wholeBatch } = require(
    path.join(dist, "engines", "fast", "minibatch.js"),
  );
  const out = { mnistLoad: load };
  let t = performance.now();
  kernelsModule();
  out.compileWasm = ms(t);
  t = performance.now();
  const sparse = sparseInput(training);
  out.sparseInput = ms(t);
  t = performance.now();
  const ws = Workspace.create({ sizes, batchSize: 10, momentum: false, threads: 2 });
  const bytesBefore = ws.memory.buffer.byteLength;
  ws.loadData(sparse, training.labels);
  out.dataMegabytes = (ws.memory.buffer.byteLength - bytesBefore) / 2 ** 20;
  ws.setOrder(Uint32Array.from({ length: training.count }, (_, i) => i));
  out.workspaceAndLoadData = ms(t);
  t = performance.now();
  const team = new Team(ws);
  team.waitUntilReady();
  out.workerStartAndWarmUp = ms(t);
  team.dispose();
  const hyper = {
    eta: 3,
    batchSize: 10,
    lambda: 0,
    regularization: "L2",
    trainingSize: training.count,
    momentum: 0,
    dropout: 0,
  };
  const chunk = (from) => {
    const s = performance.now();
    for (let at = from; at < from + 2500; at += 10) {
      forwardBatch(ws, at, 10, "sigmoid-quadratic");
      backwardBatch(ws, at, 0, 10, "sigmoid-quadratic");
      updateBatch(ws, at, 10, hyper, wholeBatch(ws));
    }
    return ms(s);
  };
  out.mainThreadChunksMs = Array.from({ length: 20 }, (_, i) => chunk(i * 2500)); // 250 batches each, from a cold start
  out.newMemoryMsPerMegabyte = firstTouchMsPerMegabyte();
  return out;
}

/**
 * What this machine charges for memory a process touches for the first time (page faults): one
 * byte written per 4 KB page of a fresh 32 MB array. A cold first epoch touches ~120 MB of new
 * WebAssembly memory for MNIST (the data and the epoch's stream), so this price sets much of it:
 * ~0.4 ms per MB was measured on one nested VM (Intel Xeon), ~2.6 on another (AMD EPYC).
 */
function firstTouchMsPerMegabyte() {
  const megabytes = 32;
  const fresh = new Uint8Array(megabytes * 2 ** 20);
  const t = performance.now();
  for (let i = 0; i < fresh.length; i += 4096) fresh[i] = 1;
  return ms(t) / megabytes;
}

(async () => {
  const result = process.argv.includes("--pieces") ? pieces() : await sgdCalls();
  console.log(JSON.stringify(result));
})();
