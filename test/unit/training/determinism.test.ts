import { test } from "node:test";
import assert from "node:assert/strict";
import { Network } from "../../../src"; // the public Network, with its sgd method (training/sgd.ts)
import type { SGDOptions } from "../../../src/training/sgd";
import { maxRelativeDifference, randomDataset } from "../network-testdata";

// Every random draw (init, shuffles, dropout masks) comes from the seeded generator, so a seeded
// run is reproducible bit for bit — with momentum and dropout on, to exercise all of them.
const data = randomDataset(50, 6, 4);
const options: SGDOptions = { epochs: 2, batchSize: 8, eta: 0.3, momentum: 0.5, dropout: 0.3, lambda: 0.1, seed: 42 };

async function trained(netSeed: number, sgd: Partial<SGDOptions> = {}): Promise<Network> {
  const net = new Network([6, 8, 5, 4], { seed: netSeed, activation: "tanh" });
  await net.sgd(data, { ...options, ...sgd });
  return net;
}

const bits = (net: Network) => Buffer.concat([...net.weights, ...net.biases].map((p) => Buffer.from(p.buffer)));

for (const engine of ["per-example", "matrix"] as const) {
  test(`same seeds ⇒ bit-identical weights after training (${engine} engine)`, async () => {
    assert.ok(bits(await trained(1, { engine })).equals(bits(await trained(1, { engine }))));
  });
}

test("a different sgd seed or network seed ⇒ different weights", async () => {
  const reference = bits(await trained(1));
  assert.ok(!bits(await trained(1, { seed: 43 })).equals(reference));
  assert.ok(!bits(await trained(2)).equals(reference));
});

test("the per-example and matrix engines make the same mini-batches and updates (equal to rounding)", async () => {
  const a = await trained(1, { engine: "per-example" });
  const b = await trained(1, { engine: "matrix" });
  assert.ok(maxRelativeDifference(a.weights, b.weights) <= 1e-10);
  assert.ok(maxRelativeDifference(a.biases, b.biases) <= 1e-10);
});

test("without an sgd seed: the stream comes from the network's seed, and each further run gets a new one", async () => {
  const { seed: _unused, ...unseeded } = options;
  const a = new Network([6, 8, 5, 4]);
  const b = new Network([6, 8, 5, 4]);
  await a.sgd(data, unseeded);
  await b.sgd(data, unseeded);
  assert.ok(bits(a).equals(bits(b)), "same network seed ⇒ same training");
  const c = a.clone();
  c.trainingRuns = 0; // same weights, but as if never trained: it reuses the first run's stream
  await a.sgd(data, unseeded);
  await c.sgd(data, unseeded);
  assert.ok(!bits(a).equals(bits(c)), "a second run must not repeat the first run's shuffles");
});
