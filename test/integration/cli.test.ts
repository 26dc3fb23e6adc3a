import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parseTrainArgs } from "../../src/cli/train";
import { render } from "../../src/cli/progress";
import { jupyterArgs } from "../../src/cli/lab";

// The built CLI (npm run test:unit builds dist/ first); spawned as a user would run it.
const MAIN = path.resolve(__dirname, "../../../dist/cli/main.js");

function nndl(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [MAIN, ...args], { encoding: "utf8", timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const badTrainFlags: Array<[string[], RegExp]> = [
  [["--eta", "abc"], /^nndl: --eta "abc" is not valid: use a number > 0, e\.g\. 3 or 0\.5$/],
  [["--eta", "0"], /--eta "0" is not valid: use a number > 0/],
  [["--eta=-1"], /--eta "-1" is not valid/],
  [["--eta", "3abc"], /--eta "3abc" is not valid/],
  [["--batch", "0"], /--batch "0" is not valid: use a whole number ≥ 1/],
  [["--epochs", "2.5"], /--epochs "2\.5" is not valid: use a whole number ≥ 1/],
  [["--cost", "hinge"], /--cost "hinge" is not valid: use one of quadratic, cross-entropy, log-likelihood/],
  [["--init", "huge"], /--init "huge" is not valid: use one of default, large/],
  [["--activation", "softplus"], /--activation "softplus" is not valid: use one of sigmoid, tanh, relu, linear/],
  [["--sizes", "784,30,5"], /--sizes "784,30,5" does not fit MNIST: the first layer must be 784 .* and the last 10/],
  [["--sizes", "100,10"], /--sizes "100,10" does not fit MNIST/],
  [["--sizes", "784,x,10"], /--sizes "784,x,10" is not valid: give at least 2 whole numbers ≥ 1 separated by commas/],
  [["--limit", "0"], /--limit "0" is not valid: use a whole number from 1 to 50,000/],
  [["--limit", "50001"], /--limit "50001" is not valid: use a whole number from 1 to 50,000/],
  [["--lambda=-5"], /--lambda "-5" is not valid: use a number ≥ 0/],
  [["--momentum", "fast"], /--momentum "fast" is not valid: use a number, usually in \[0, 1\)/],
  [["--dropout", "1.5"], /--dropout "1\.5" is not valid: use a probability in \[0, 1\)/],
  [["--eval", "train"], /--eval "train" is not valid: use one of test, validation/],
  [["--engine", "gpu"], /--engine "gpu" is not valid: use one of auto, fast, fast32, matrix, per-example/],
  [
    ["--save", "/no/such/folder/net.json"],
    /--save "\/no\/such\/folder\/net\.json": folder \/no\/such\/folder does not exist/,
  ],
  [["--frobnicate"], /unknown flag --frobnicate for nndl train; valid flags: --sizes, .*--json, --help/],
  [["--eta"], /flag --eta needs a value, e\.g\. --eta 3/],
  [["--json=yes"], /flag --json takes no value; write just --json/],
  [["30"], /unexpected argument "30" for nndl train/],
];

for (const [args, message] of badTrainFlags) {
  test(`nndl train ${args.join(" ")} → exit 2 and a one-line message`, () => {
    const r = nndl("train", ...args);
    assert.equal(r.code, 2, r.stderr);
    assert.equal(r.stdout, "");
    assert.match(r.stderr.trim(), message);
    assert.equal(r.stderr.trim().split("\n").length, 1, `not one line: ${r.stderr}`);
  });
}

test("flags are parsed into the library's options; defaults are the book's chapter 1 run", () => {
  const config = parseTrainArgs([]);
  assert.notEqual(config, "help");
  if (config === "help") return;
  assert.deepEqual(config.sizes, [784, 30, 10]);
  assert.equal(config.cost, "quadratic");
  assert.deepEqual([config.sgd.eta, config.sgd.batchSize, config.sgd.epochs], [3, 10, 30]);
  assert.equal(config.evalSet, "test");
  const custom = parseTrainArgs([
    "--sizes",
    "784,100,10",
    "--cost",
    "cross-entropy",
    "--eta",
    "0.5",
    "--lambda",
    "5",
    "--init",
    "large",
    "--eval",
    "validation",
    "--schedule",
    "10",
    "--early-stopping",
    "4",
    "--expanded",
    "--limit",
    "200000",
  ]);
  if (custom === "help") return assert.fail();
  assert.deepEqual(custom.sizes, [784, 100, 10]);
  assert.equal(custom.sgd.lambda, 5);
  assert.deepEqual(custom.sgd.schedule, { patience: 10, factor: 2, minEtaFraction: 1 / 128 });
  assert.equal(custom.sgd.earlyStopping, 4);
  assert.equal(custom.limit, 200_000);
  assert.equal(parseTrainArgs(["--help"]), "help");
});

test("a tiny real run with --json: one JSON object per epoch on stdout, nothing else anywhere", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "nndl-cli-"));
  const saved = path.join(dir, "net.json");
  const r = nndl("train", "--json", "--limit", "1000", "--epochs", "2", "--save", saved);
  assert.equal(r.code, 0, r.stderr);
  const lines = r.stdout.trimEnd().split("\n");
  assert.equal(lines.length, 2);
  lines.forEach((line, epoch) => {
    const record = JSON.parse(line);
    assert.equal(record.epoch, epoch);
    assert.ok(typeof record.seconds === "number" && record.seconds > 0 && record.seconds < 60);
    assert.ok(
      typeof record.accuracy === "number" && record.accuracy > 0.5 && record.accuracy <= 1,
      `accuracy ${record.accuracy}`,
    );
    assert.ok(typeof record.cost === "number" && Number.isFinite(record.cost) && record.cost > 0);
    assert.equal(record.total, 10_000);
    assert.equal(record.correct, Math.round(record.accuracy * 10_000));
  });
  // stderr is not a terminal here: no progress bar, only the note that the network was saved.
  assert.equal(r.stderr.trim(), `saved the trained network to ${saved}`);

  const evaluated = nndl("evaluate", saved, "--json");
  assert.equal(evaluated.code, 0, evaluated.stderr);
  const last = JSON.parse(lines[1]);
  assert.deepEqual(JSON.parse(evaluated.stdout), { accuracy: last.accuracy, correct: last.correct, total: 10_000 });
});

test("without --json: a header, one table row per epoch and the best epoch; --eval validation scores on validation", () => {
  const r = nndl(
    "train",
    "--limit",
    "500",
    "--epochs",
    "2",
    "--eval",
    "validation",
    "--cost",
    "cross-entropy",
    "--eta",
    "0.5",
  );
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stderr, ""); // no terminal, no progress bar
  const lines = r.stdout.trimEnd().split("\n");
  assert.match(lines[0], /^network \[784, 30, 10\], cross-entropy cost, sigmoid, default init, seed 1$/);
  assert.match(r.stdout, /training on 500 images; accuracy on the 10,000 validation images/);
  assert.match(r.stdout, /^epoch  seconds  training cost  validation accuracy$/m);
  assert.match(r.stdout, /^ {4}1 +\d+\.\d\d +\d+\.\d{4}  \d{1,2},\d{3} \/ 10,000  \d+\.\d\d%$/m);
  assert.match(
    lines[lines.length - 1],
    /^best validation accuracy \d+\.\d\d% in epoch [01]; \d+\.\d\d s per epoch of training$/,
  );
});

test("the same seed gives the same run; --json lines carry the --eval set", () => {
  const run = (): unknown[] =>
    nndl("train", "--json", "--limit", "300", "--epochs", "1", "--seed", "7", "--eval", "validation")
      .stdout.trim()
      .split("\n")
      .map((l) => JSON.parse(l));
  const [a, b] = [run(), run()];
  const strip = (r: unknown): unknown => ({ ...(r as object), seconds: 0 });
  assert.deepEqual(a.map(strip), b.map(strip));
  assert.equal((a[0] as { eval: string }).eval, "validation");
});

test("divergence stops with the epoch and a hint to lower --eta", () => {
  const r = nndl("train", "--json", "--limit", "100", "--epochs", "2", "--activation", "linear", "--eta", "1e200");
  assert.equal(r.code, 2);
  assert.match(r.stderr.trim(), /^nndl: training diverged in epoch 0: .*; try a smaller --eta than 1e\+200$/);
});

test("divergence names the setting to blame: --momentum ≥ 1, a --lambda that flips the weights' sign", () => {
  const lambda = nndl("train", "--limit", "100", "--epochs", "30", "--lambda", "1000");
  assert.equal(lambda.code, 2, lambda.stderr);
  assert.match(
    lambda.stderr.trim(),
    /^nndl: .*--lambda 1000 with --eta 3 and n = 100 multiplies every weight by 1 − ηλ\/n = -29\.0 per mini-batch; use a smaller λ/,
  );
  const momentum = nndl("train", "--limit", "1000", "--epochs", "30", "--momentum", "1.1");
  assert.equal(momentum.code, 2, momentum.stderr);
  assert.match(
    momentum.stderr.trim(),
    /^nndl: .*--momentum 1\.1 makes the velocity grow at every step \(\|μ\| ≥ 1\); use μ in \[0, 1\)/,
  );
});

test("a run stuck at chance (--eta 1000) stops after 3 flat epochs, says why, exits 2 and saves nothing", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "nndl-stuck-"));
  const file = path.join(dir, "dead.json");
  const r = nndl("train", "--limit", "2000", "--epochs", "30", "--eta", "1000", "--save", file);
  assert.equal(r.code, 2);
  assert.match(
    r.stderr.trim(),
    /^nndl: the network is stuck at chance: \d+\.\d+% test accuracy and a flat training cost \(0\.5000\) for 3 epochs, .*try a smaller --eta than 1000 \(the network was not saved\)$/m,
  );
  assert.equal(r.stdout.split("\n").filter((l) => /^\s+\d+\s/.test(l)).length, 3, "three epochs, not thirty");
  assert.equal(fs.existsSync(file), false);
  const moving = nndl("train", "--limit", "2000", "--epochs", "4", "--eta", "0.001", "--init", "large");
  assert.equal(moving.code, 0, "a slow run whose cost still moves is not stuck");
});

test("nndl evaluate: missing file, malformed JSON, wrong sizes, no file → exit 2 and a message", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "nndl-cli-"));
  const missing = path.join(dir, "missing.json");
  const cases: Array<[string[], RegExp]> = [
    [[missing], /cannot read network file .*missing\.json: ENOENT/],
    [[write(dir, "broken.json", '{"sizes": [784,')], /broken\.json is not valid JSON/],
    [
      [
        write(
          dir,
          "small.json",
          JSON.stringify({
            sizes: [4, 2],
            weights: [
              [
                [0, 0, 0, 0],
                [0, 0, 0, 0],
              ],
            ],
            biases: [[[0], [0]]],
            cost: "QuadraticCost",
          }),
        ),
      ],
      /network in .*small\.json has sizes \[4, 2\]: MNIST needs 784 inputs and 10 outputs/,
    ],
    [[], /nndl evaluate needs a network file/],
    [["a.json", "b.json"], /unexpected argument "b\.json" for nndl evaluate/],
  ];
  for (const [args, message] of cases) {
    const r = nndl("evaluate", ...args);
    assert.equal(r.code, 2, `${args}: ${r.stderr}`);
    assert.match(r.stderr, message);
  }
});

function write(dir: string, name: string, text: string): string {
  const p = path.join(dir, name);
  fs.writeFileSync(p, text);
  return p;
}

test("the progress bar's text", () => {
  assert.equal(
    render("epoch 1/30", 25_000, 50_000, 0.5, 10),
    "epoch 1/30 [█████░░░░░]  50% · 25,000/50,000 · 50k img/s · 0.5 s left",
  );
  assert.equal(render("x", 0, 100, 0, 4), "x [░░░░]   0% · 0/100");
});

test("nndl lab passes --allow-root to Jupyter when run as root (Docker, devcontainers), once", () => {
  assert.deepEqual(jupyterArgs("lab", ["--no-browser"], 0), ["lab", "--allow-root", "--no-browser"]);
  assert.deepEqual(jupyterArgs("notebook", ["--allow-root"], 0), ["notebook", "--allow-root"]);
  assert.deepEqual(jupyterArgs("lab", ["--no-browser"], 1000), ["lab", "--no-browser"]);
});

test("npm run lab builds only when dist/ is missing or older than its sources", () => {
  const script = path.resolve(__dirname, "../../../scripts/build-if-stale.js");
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "nndl-stale-"));
  const check = () => spawnSync(process.execPath, [script, "--check", root], { encoding: "utf8" });
  const write = (file: string, when: number) => {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), "x");
    // The file and its folders (a folder's time changes when a file is added or removed: that counts too).
    for (let p = file; p !== "."; p = path.dirname(p)) fs.utimesSync(path.join(root, p), when, when);
  };
  try {
    assert.match(check().stdout, /dist\/ is missing/);
    const now = Date.now() / 1000;
    write("src/index.ts", now - 100);
    write("package.json", now - 100);
    write("dist/index.js", now - 50);
    write("build/plotly/plotly.min.js", now - 50);
    assert.equal(check().status, 0, "current: no build");
    write("src/notebook/plot.ts", now);
    const stale = check();
    assert.equal(stale.status, 1);
    assert.match(stale.stdout, /src changed since the last build/);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});
