import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { InputError } from "../../src/errors";
import { skipWithout } from "../needs-tool";
import { loadNetwork, networkFromJSON, networkToJSON, saveNetwork } from "../../src/io";
import { Network } from "../../src/network";

// Tests run from build/test/unit; the fixtures stay in the source tree.
const fixtures = path.resolve(__dirname, "../../../test/fixtures/network2");
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "nndl-io-"));

test("network2.py's saved networks load and give network2's own feedforward outputs", () => {
  for (const file of ["cross-entropy-4-5-3.json", "quadratic-3-4-4-2.json"]) {
    const json = JSON.parse(fs.readFileSync(path.join(fixtures, file), "utf8"));
    const net = loadNetwork(path.join(fixtures, file));
    assert.deepEqual(net.sizes, json.sizes);
    assert.equal(net.cost.name, file.startsWith("quadratic") ? "quadratic" : "cross-entropy");
    json.expected.inputs.forEach((x: number[], i: number) => {
      const got = net.feedforward(x);
      // numpy sums in a different order (BLAS), so agreement is to rounding, not bit for bit.
      got.forEach((v, j) =>
        assert.ok(Math.abs(v - json.expected.outputs[i][j]) < 1e-14, `${file} output ${i}.${j}: ${v}`),
      );
    });
  }
});

test("save → load round trip keeps every bit, the cost, the activation and the seed", () => {
  const net = new Network([5, 7, 3], { cost: "log-likelihood", activation: "relu", seed: 12 });
  const file = path.join(tmp, "round-trip.json");
  saveNetwork(net, file);
  const back = loadNetwork(file);
  assert.deepEqual(back.weights, net.weights);
  assert.deepEqual(back.biases, net.biases);
  assert.deepEqual([back.cost.name, back.activation.name, back.seed], ["log-likelihood", "relu", 12]);
  const json = JSON.parse(fs.readFileSync(file, "utf8"));
  assert.equal(json.cost, "LogLikelihoodCost");
  assert.deepEqual(json.biases[1].length, 3);
  assert.deepEqual(json.biases[1][0], [net.biases[1][0]], "biases are numpy column vectors [[b], …]");
  assert.equal(json.weights[0].length, 7, "weights have numpy's (n_out, n_in) shape");
  assert.equal(json.weights[0][0].length, 5);
});

test("a save writes a temporary file and renames it: nothing half-written is left behind", () => {
  const dir = fs.mkdtempSync(path.join(tmp, "atomic-"));
  saveNetwork(new Network([2, 2]), path.join(dir, "net.json"));
  assert.deepEqual(fs.readdirSync(dir), ["net.json"]);
  assert.throws(
    () => saveNetwork(new Network([2, 2]), path.join(dir, "missing", "net.json")),
    (e: unknown) =>
      e instanceof InputError &&
      e.message.startsWith(`cannot save the network to ${path.join(dir, "missing", "net.json")}: ENOENT`),
  );
  assert.deepEqual(fs.readdirSync(dir), ["net.json"]);
});

const numpyMissing =
  spawnSync("python3", ["-c", "import numpy"], { encoding: "utf8" }).status === 0
    ? ""
    : "python3 with numpy is not installed (apt-get install -y python3-numpy): network2.py load not checked";

test(
  "a network saved here loads in network2.py and gives the same outputs",
  { skip: skipWithout(numpyMissing) },
  () => {
    for (const cost of ["cross-entropy", "quadratic"] as const) {
      const net = new Network([6, 4, 3], { cost, seed: 5 });
      const file = path.join(tmp, `for-python-${cost}.json`);
      saveNetwork(net, file);
      const inputs = [
        [0, 0.5, 1, 0.25, 0.75, 0.1],
        [1, 1, 0, 0, 0.3, 0.9],
      ];
      const inputsFile = path.join(tmp, "inputs.json");
      fs.writeFileSync(inputsFile, JSON.stringify(inputs));
      const run = spawnSync("python3", [path.join(fixtures, "network2_io.py"), "feedforward", file, inputsFile], {
        encoding: "utf8",
      });
      assert.equal(run.status, 0, run.stderr);
      const outputs: number[][] = JSON.parse(run.stdout);
      inputs.forEach((x, i) => net.feedforward(x).forEach((v, j) => assert.ok(Math.abs(v - outputs[i][j]) < 1e-14)));
    }
  },
);

function rejects(json: unknown, message: string): void {
  assert.throws(
    () => networkFromJSON(json),
    (e: unknown) => e instanceof InputError && e.message === message,
  );
}

test("malformed or mismatched network JSON is an InputError naming the field and what was expected", () => {
  const good = networkToJSON(new Network([2, 3, 1], { cost: "quadratic" }));
  rejects([1, 2], 'network JSON must be an object with "sizes", "weights" and "biases" (and "cost"), got [1, 2]');
  rejects(
    { ...good, sizes: [2, -3, 1] },
    'network JSON field "sizes" is [2, -3, 1]: expected at least 2 positive integers',
  );
  rejects(
    { ...good, cost: "HingeCost" },
    'network JSON field "cost" is "HingeCost": expected one of QuadraticCost, CrossEntropyCost, LogLikelihoodCost',
  );
  rejects(
    { ...good, weights: good.weights.slice(1) },
    'network JSON field "weights" must be a list of 2 layers for sizes [2, 3, 1]',
  );
  rejects(
    { ...good, weights: [good.weights[1], good.weights[0]] },
    'network JSON field "weights[0]" must have 3 rows of 2 numbers (shape (3, 2))',
  );
  rejects(
    { ...good, weights: [[[1, 2], [3, 4], [5]], good.weights[1]] },
    'network JSON field "weights[0][2]" must be a row of 2 numbers, got 1',
  );
  rejects(
    {
      ...good,
      weights: [
        [
          [1, 2],
          [3, "x"],
          [5, 6],
        ],
        good.weights[1],
      ],
    },
    'network JSON field "weights[0][1][1]" is "x": expected a finite number',
  );
  rejects(
    { ...good, biases: [good.biases[0], [[1], [2]]] },
    'network JSON field "biases[1]" must be a column vector of 1 numbers ([[b1], [b2], …])',
  );
  rejects({ ...good, activation: "softsign" }, 'unknown activation "softsign": use one of sigmoid, tanh, relu, linear');
});

test("unreadable files: missing, or not JSON", () => {
  const missing = path.join(tmp, "nope.json");
  assert.throws(
    () => loadNetwork(missing),
    (e: unknown) => e instanceof InputError && e.message === `cannot read network file ${missing}: ENOENT`,
  );
  const truncated = path.join(tmp, "truncated.json");
  fs.writeFileSync(truncated, '{"sizes": [2, 3');
  assert.throws(
    () => loadNetwork(truncated),
    (e: unknown) => e instanceof InputError && e.message.startsWith(`network file ${truncated} is not valid JSON (`),
  );
});

test("files from other programs and broken networks: no cost field loads, errors name the file, NaN is never saved, huge sizes fail before allocating", () => {
  const net = new Network([2, 3, 1], { cost: "quadratic", seed: 4 });
  const bare = path.join(tmp, "bare.json");
  const { cost: _cost, ...withoutCost } = networkToJSON(net);
  fs.writeFileSync(bare, JSON.stringify(withoutCost));
  const notes: string[] = [];
  const loaded = loadNetwork(bare, (m) => notes.push(m));
  assert.equal(loaded.cost.name, "quadratic");
  assert.deepEqual(Array.from(loaded.feedforward([0.3, 0.7])), Array.from(net.feedforward([0.3, 0.7])));
  assert.match(notes.join(), /no "cost" field/);

  const bad = path.join(tmp, "bad.json");
  fs.writeFileSync(bad, JSON.stringify({ ...networkToJSON(net), cost: "HingeCost" }));
  assert.throws(
    () => loadNetwork(bad),
    (e: unknown) => e instanceof InputError && e.message.startsWith(`${bad}: network JSON field "cost"`),
  );

  const good = path.join(tmp, "good.json");
  saveNetwork(net, good);
  const before = fs.readFileSync(good, "utf8");
  net.weights[0][4] = NaN;
  assert.throws(
    () => saveNetwork(net, good),
    /cannot save the network to .*: weight 4 of layer 2 is NaN \(training diverged\?\); nothing was written/,
  );
  assert.equal(fs.readFileSync(good, "utf8"), before, "the good file is kept");

  const huge = path.join(tmp, "huge.json");
  fs.writeFileSync(huge, JSON.stringify({ sizes: [784, 300000, 10], weights: [], biases: [], cost: "QuadraticCost" }));
  // Refused by the sizes check, which runs before anything is allocated.
  assert.throws(() => loadNetwork(huge), /more than the 1e\+8/);
  const small = path.join(tmp, "shape.json");
  fs.writeFileSync(small, JSON.stringify({ sizes: [784, 30000, 10], weights: [], biases: [], cost: "QuadraticCost" }));
  assert.throws(() => loadNetwork(small), /field "weights" must be a list of 2 layers/);

  let deep: unknown[] = [];
  const root = deep;
  for (let i = 0; i < 200_000; i++) {
    const next: unknown[] = [];
    deep.push(next);
    deep = next;
  }
  assert.throws(() => networkFromJSON({ sizes: root }), /field "sizes" is \[\[\[\[…\]\]\]\]/);
});
