import { test } from "node:test";
import assert from "node:assert/strict";
import { Random } from "../../src/random";

// Tolerances are five standard errors of the statistic for the number of draws, so an honest
// generator fails about once in 1.7 million runs; the draws are seeded, so a run never flakes.
const N = 200_000;

test("a seed gives the same sequence on every machine (sfc32, pinned), and other seeds give others", () => {
  const r = new Random(1);
  assert.deepEqual([r.nextUint32(), r.nextUint32(), r.nextUint32()], [1828152527, 3394835397, 2967886022]);
  assert.equal(new Random(1).uniform(), 0.42564993195549927);
  assert.equal(new Random(1).gaussian(), -0.47338425010106516);
  assert.notEqual(new Random(2).nextUint32(), new Random(1).nextUint32());
  assert.throws(() => new Random(NaN), /seed must be a finite number/);
});

test("uniform() stays in [0, 1) with mean 1/2 and variance 1/12", () => {
  const r = new Random(3);
  let min = 1,
    max = 0,
    sum = 0,
    squares = 0;
  for (let i = 0; i < N; i++) {
    const u = r.uniform();
    min = Math.min(min, u);
    max = Math.max(max, u);
    sum += u;
    squares += u * u;
  }
  const mean = sum / N;
  const variance = squares / N - mean * mean;
  assert.ok(min >= 0 && max < 1, `range [${min}, ${max}]`);
  assert.ok(min < 1e-4 && max > 1 - 1e-4, `the draws fill the interval: [${min}, ${max}]`);
  assert.ok(Math.abs(mean - 0.5) < 5 * Math.sqrt(1 / 12 / N), `mean ${mean}`);
  assert.ok(Math.abs(variance - 1 / 12) < 5 * Math.sqrt(1 / 180 / N), `variance ${variance}`); // Var(u²-ish): 1/180 for U(0,1)
});

test("int(n) gives every whole number in [0, n), and only those, equally often", () => {
  const r = new Random(4);
  for (const n of [1, 2, 7, 10]) {
    const counts = new Array<number>(n).fill(0);
    const draws = 10_000 * n;
    for (let i = 0; i < draws; i++) {
      const k = r.int(n);
      assert.ok(Number.isInteger(k) && k >= 0 && k < n, `int(${n}) gave ${k}`);
      counts[k]++;
    }
    const sd = Math.sqrt(draws * (1 / n) * (1 - 1 / n));
    counts.forEach((c, k) =>
      assert.ok(Math.abs(c - 10_000) <= 5 * sd + 1e-9, `int(${n}): ${k} came ${c} times of ${draws}`),
    );
  }
});

test("gaussian() has the moments of N(0, 1): mean 0, variance 1, skewness 0, kurtosis 3", () => {
  const r = new Random(5);
  const m = [0, 0, 0, 0];
  for (let i = 0; i < N; i++) {
    const g = r.gaussian();
    m[0] += g;
    m[1] += g * g;
    m[2] += g * g * g;
    m[3] += g * g * g * g;
  }
  const [mean, variance, third, fourth] = m.map((s) => s / N);
  assert.ok(Math.abs(mean) < 5 / Math.sqrt(N), `mean ${mean}`);
  assert.ok(Math.abs(variance - 1) < 5 * Math.sqrt(2 / N), `variance ${variance}`);
  assert.ok(Math.abs(third) < 5 * Math.sqrt(15 / N), `third moment ${third}`);
  assert.ok(Math.abs(fourth - 3) < 5 * Math.sqrt(96 / N), `fourth moment ${fourth}`);
});

test("shuffle() is a permutation, and every position is equally likely for an item", () => {
  const r = new Random(6);
  const firsts = new Array<number>(5).fill(0);
  for (let t = 0; t < 50_000; t++) {
    const items = r.shuffle([0, 1, 2, 3, 4]);
    assert.deepEqual([...items].sort(), [0, 1, 2, 3, 4]);
    firsts[items.indexOf(0)]++;
  }
  const sd = Math.sqrt(50_000 * 0.2 * 0.8);
  firsts.forEach((c, position) =>
    assert.ok(Math.abs(c - 10_000) <= 5 * sd, `item 0 at position ${position} ${c} times`),
  );
});
