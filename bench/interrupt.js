#!/usr/bin/env node
/*
 * How soon Kernel → Interrupt stops sgd: for each engine, train [784, 30, 10] on 2,000 MNIST images,
 * interrupt after 150 ms (as the kernel's SIGINT does, through requestInterrupt), and print how many
 * milliseconds later sgd rejected. Best and worst of N runs (the machine may be shared). The unit
 * test (test/unit/training/sgd.test.ts) checks that it stops; this prints how fast.
 *
 *   npm run build && node bench/interrupt.js [--runs N]
 */
"use strict";
const os = require("node:os");
const path = require("node:path");
const dist = path.join(__dirname, "..", "dist");
const { Network, loadMnistSubset, slice } = require(path.join(dist, "index.js"));
const { requestInterrupt } = require(path.join(dist, "training", "interrupt.js"));

const runsFlag = process.argv.indexOf("--runs");
const runs = runsFlag < 0 ? 5 : Number(process.argv[runsFlag + 1]);

async function lagMs(engine, images) {
  const net = new Network([784, 30, 10], { seed: 1 });
  let interruptedAt = 0;
  const timer = setTimeout(() => {
    requestInterrupt();
    interruptedAt = performance.now();
  }, 150);
  try {
    await net.sgd(images, { epochs: 1000, batchSize: 10, eta: 3, engine });
  } catch {
    // TrainingInterrupted: expected
  }
  clearTimeout(timer);
  return performance.now() - interruptedAt;
}

async function main() {
  console.log(`${os.cpus()[0].model}, ${os.cpus().length} cores; ${runs} runs per engine`);
  const images = slice(loadMnistSubset(), 0, 2000);
  for (const engine of ["per-example", "matrix", "fast"]) {
    const lags = [];
    for (let r = 0; r < runs; r++) lags.push(await lagMs(engine, images));
    console.log(
      `${engine.padEnd(12)} stopped ${Math.min(...lags).toFixed(1)}–${Math.max(...lags).toFixed(1)} ms after the interrupt`,
    );
  }
}

void main();
