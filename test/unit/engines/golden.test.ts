import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { Network, loadMnist, type EngineName, type SGDOptions } from "../../../src";

// Every engine's results, pinned: SHA-256 of the weights and biases after two epochs of sgd on
// 2,000 MNIST images, recorded before the engines moved into src/engines/ (issue 17). A refactor
// must leave them bit for bit as they were; any reordered sum or changed update changes a hash.
// (kernels-golden.test.ts pins the default engine on 12,000 images, where it uses two threads.)
const { training } = loadMnist({ trainingLimit: 2000, validationLimit: 1, testLimit: 1 });

const bitsOf = (net: Network): string =>
  createHash("sha256")
    .update(Buffer.concat([...net.weights, ...net.biases].map((p) => Buffer.from(p.buffer))))
    .digest("hex");

type Run = [name: string, sizes: number[], cost: "quadratic" | "cross-entropy", options: SGDOptions];
const RUNS: Run[] = [
  ["quadratic, η = 3", [784, 30, 10], "quadratic", { epochs: 2, batchSize: 10, eta: 3, seed: 1 }],
  [
    "quadratic, λ = 5, momentum + L2",
    [784, 30, 10],
    "quadratic",
    { epochs: 2, batchSize: 10, eta: 0.5, lambda: 5, momentum: 0.5, seed: 2 },
  ],
  [
    "cross-entropy, λ = 5, L1",
    [784, 100, 10],
    "cross-entropy",
    { epochs: 2, batchSize: 10, eta: 0.5, lambda: 5, regularization: "L1", seed: 3 },
  ],
];

// Re-record (only for a deliberate change of arithmetic): PRINT_HASHES=1 node build/test/unit/engines/golden.test.js
const EXPECTED: Record<string, Record<string, string>> = {
  "per-example": {
    "quadratic, η = 3": "ac4cfaf20100720d7ec0ebd62dfb757a1742c9dea533b9e136a4648b853fb285",
    "quadratic, λ = 5, momentum + L2": "d65251042c7d19d3b2af7e96f005fdef40e3a9f6c5560797f4273b5f5b6a60be",
    "cross-entropy, λ = 5, L1": "d4748bab8bc0ce30a2f01363428383877e96f855621e9f86c7635421c08c08ad",
  },
  matrix: {
    "quadratic, η = 3": "ac4cfaf20100720d7ec0ebd62dfb757a1742c9dea533b9e136a4648b853fb285",
    "quadratic, λ = 5, momentum + L2": "d65251042c7d19d3b2af7e96f005fdef40e3a9f6c5560797f4273b5f5b6a60be",
    "cross-entropy, λ = 5, L1": "d4748bab8bc0ce30a2f01363428383877e96f855621e9f86c7635421c08c08ad",
  },
  fast: {
    "quadratic, η = 3": "e8acfd1c14148c956f2065d3bc954cebf89f8b2f48c2add29bdb43c890781d3c",
    "quadratic, λ = 5, momentum + L2": "9bd41af327c336ce124e0d95200f72991f271f1f51d68cd1f974bbf9111e7348",
    "cross-entropy, λ = 5, L1": "51b4b75f8fee17563a56f7d7c61e5b302a5a1c303800f441ebc3d7ef1c752b23",
  },
};

async function hashes(): Promise<Record<string, Record<string, string>>> {
  const out: Record<string, Record<string, string>> = {};
  for (const engine of ["per-example", "matrix", "fast"] as EngineName[]) {
    out[engine] = {};
    for (const [name, sizes, cost, options] of RUNS) {
      const net = new Network(sizes, { seed: 7, cost });
      await net.sgd(training, { ...options, engine });
      out[engine][name] = bitsOf(net);
    }
  }
  return out;
}

if (process.env.PRINT_HASHES) void hashes().then((h) => console.log(JSON.stringify(h, null, 2)));
else {
  for (const engine of Object.keys(EXPECTED)) {
    for (const [name, sizes, cost, options] of RUNS) {
      test(`${engine} engine, [${sizes}], ${name}: weights after two epochs bit-identical to the recorded ones`, async () => {
        const net = new Network(sizes, { seed: 7, cost });
        await net.sgd(training, { ...options, engine: engine as EngineName });
        assert.equal(bitsOf(net), EXPECTED[engine][name]);
      });
    }
  }
}
