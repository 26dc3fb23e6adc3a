import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { Network, loadMnist, type SGDOptions } from "../../../../src"; // the public Network, with its sgd method

// The default engine's results, pinned: SHA-256 of the weights and biases after two epochs of
// sgd on 12,000 MNIST images (enough for the fast engine to bring in its second thread), recorded
// before the speed work of issue 18. Any change to the fast engine's arithmetic — a reordered sum,
// a different split between the threads that is not bit-neutral, a changed update — changes them.
// (The engines agree with each other only to rounding; these say "bit for bit as before".)
const { training } = loadMnist({ trainingLimit: 12000, validationLimit: 1, testLimit: 1 });

const bitsOf = (net: Network): string =>
  createHash("sha256")
    .update(Buffer.concat([...net.weights, ...net.biases].map((p) => Buffer.from(p.buffer))))
    .digest("hex");

const RUNS: Array<[string, number[], SGDOptions, string]> = [
  [
    "quadratic, η = 3",
    [784, 30, 10],
    { epochs: 2, batchSize: 10, eta: 3, seed: 1 },
    "c863cb7a1a0445b6872f4ff3423ba62140d0f247fa4b8013b15f24d8509ae8f7",
  ],
  [
    "quadratic, λ = 5, momentum + L2",
    [784, 30, 10],
    { epochs: 2, batchSize: 10, eta: 0.5, lambda: 5, momentum: 0.5, seed: 2 },
    "c3a1dbff9805c7f500f271b45f700926d6ef5e305f8acfc880679e7c565f3b2a",
  ],
  [
    "cross-entropy, λ = 5, L1",
    [784, 100, 10],
    { epochs: 2, batchSize: 10, eta: 0.5, lambda: 5, regularization: "L1", seed: 3 },
    "0321e84774f33dbf5dc14e4a0d971a19e63d7c15294ae89c52962e7cd1141507",
  ],
];

for (const [name, sizes, options, expected] of RUNS) {
  test(`default engine, [${sizes}], ${name}: weights after two epochs bit-identical to the recorded ones`, async () => {
    const net = new Network(sizes, { seed: 7, cost: name.startsWith("cross") ? "cross-entropy" : "quadratic" });
    await net.sgd(training, options);
    assert.equal(bitsOf(net), expected);
  });
}
