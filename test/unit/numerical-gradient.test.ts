import { test } from "node:test";
import assert from "node:assert/strict";
import { InputError } from "../../src/errors";
import { Network } from "../../src/network";
import { inputOf, oneHot } from "../../src/dataset";
import {
  DEFAULT_STEP,
  numericalGradient,
  numericalGradientInPlace,
  numericalJacobian,
  numericalNetworkGradient,
} from "../../src/numerical-gradient";
import { randomDataset } from "./network-testdata";

/*
 * Each property below tells a central difference from the two usual slips: a forward difference
 * (f(x + h) − f(x))/h, whose error is O(h), and a flipped sign. The references are closed-form
 * derivatives, never another finite difference.
 */

test("scalar form: sin′ = cos at several points, to the h² + ε/h error of h = 1e-6 (≈ 1e-10)", () => {
  for (const x of [-2.3, -0.4, 0, 0.9, 3.1]) {
    const got = numericalGradient(Math.sin, x);
    assert.ok(Math.abs(got - Math.cos(x)) < 1e-9, `sin′(${x}): ${got} vs cos = ${Math.cos(x)}`);
  }
});

test("scalar form: a parabola's derivative is exact up to rounding (the h² term vanishes; a forward difference is off by h)", () => {
  // f = 3x² − 2x: f″ = 6, f‴ = 0. Central: exact but for rounding; forward: off by h·f″/2 = 3h.
  const f = (x: number) => 3 * x * x - 2 * x;
  for (const x of [-1.5, 0.25, 2]) {
    const got = numericalGradient(f, x, 1e-3);
    assert.ok(Math.abs(got - (6 * x - 2)) < 1e-9, `f′(${x}) with h = 1e-3: ${got} vs ${6 * x - 2}`);
  }
});

test("scalar form: the truncation error falls 4× when h halves (O(h²)), measured on exp at h = 1e-2 … 1.25e-3", () => {
  const errors = [1e-2, 5e-3, 2.5e-3, 1.25e-3].map((h) => Math.abs(numericalGradient(Math.exp, 1, h) - Math.E));
  for (let k = 1; k < errors.length; k++) {
    const ratio = errors[k - 1] / errors[k];
    assert.ok(ratio > 3.8 && ratio < 4.2, `error ratio at halving ${k}: ${ratio} (O(h²) gives 4, O(h) gives 2)`);
  }
  // And the error is the predicted h²f‴/6 (f‴ = e at 1), within 1%.
  assert.ok(Math.abs(errors[0] / ((1e-4 * Math.E) / 6) - 1) < 0.01, `error at h = 1e-2: ${errors[0]}`);
});

test("vector form: the gradient of f(v) = v₀³ + v₀v₁ − 2v₂² matches its formula, for number[], Float32Array and Float64Array", () => {
  const f = (v: Float64Array) => v[0] ** 3 + v[0] * v[1] - 2 * v[2] ** 2;
  const at = [1.5, -0.7, 0.3];
  const expected = [3 * at[0] ** 2 + at[1], at[0], -4 * at[2]];
  for (const v of [at, Float32Array.from(at), Float64Array.from(at)]) {
    const point = Array.from(v); // the Float32Array rounds the point; the formula is evaluated where f is
    const want = [3 * point[0] ** 2 + point[1], point[0], -4 * point[2]];
    const got = numericalGradient(f, v);
    assert.ok(got instanceof Float64Array && got.length === 3);
    got.forEach((g, i) => assert.ok(Math.abs(g - want[i]) < 1e-8, `∂f/∂v${i}: ${g} vs ${want[i]}`));
  }
  assert.ok(Math.abs(expected[0] - 6.05) < 1e-12); // the formula itself, at the point given
});

test("vector form: v is not changed, and f sees v nudged in exactly one coordinate at a time", () => {
  const v = Float64Array.from([0.1, 0.2, 0.3]);
  const seen: number[][] = [];
  numericalGradient((p) => (seen.push(Array.from(p)), p[0] + p[1] + p[2]), v, 0.5);
  assert.deepEqual(Array.from(v), [0.1, 0.2, 0.3]);
  assert.equal(seen.length, 6);
  seen.forEach((p, call) => {
    const i = Math.floor(call / 2),
      sign = call % 2 === 0 ? 1 : -1;
    assert.deepEqual(
      p,
      Array.from(v, (x, k) => (k === i ? x + sign * 0.5 : x)),
      `call ${call}`,
    );
  });
});

test("in-place form: the gradient of a function reading the array, which is restored bit for bit, also when f throws", () => {
  const params = Float64Array.from([0.1 + 0.2, -1 / 3, 2.5]); // values that ± h ∓ h would not give back exactly
  const before = Float64Array.from(params);
  const f = () => params[0] * params[1] + Math.exp(params[2]);
  const got = numericalGradientInPlace(params, f);
  const want = [before[1], before[0], Math.exp(before[2])];
  got.forEach((g, i) => assert.ok(Math.abs(g - want[i]) < 1e-8, `∂f/∂p${i}: ${g} vs ${want[i]}`));
  assert.deepEqual(Array.from(params), Array.from(before));
  assert.throws(
    () =>
      numericalGradientInPlace(params, () => {
        if (params[1] !== before[1]) throw new Error("boom");
        return 0;
      }),
    /boom/,
  );
  assert.deepEqual(Array.from(params), Array.from(before));
});

test("network form: every ∂C/∂w and ∂C/∂b of a small network matches backprop, shaped like backprop's gradient", () => {
  const data = randomDataset(1, 4, 3);
  const net = new Network([4, 5, 3], { cost: "cross-entropy", seed: 2 });
  const x = inputOf(data, 0),
    y = oneHot(data.labels[0], 3);
  const numeric = numericalNetworkGradient(net, () => net.cost.fn(net.feedforward(x), y));
  const exact = net.backprop(x, y);
  for (const key of ["nablaW", "nablaB"] as const) {
    assert.equal(numeric[key].length, exact[key].length);
    numeric[key].forEach((layer, l) =>
      layer.forEach((g, i) =>
        assert.ok(Math.abs(g - exact[key][l][i]) < 1e-8, `${key}[${l}][${i}]: ${g} vs backprop ${exact[key][l][i]}`),
      ),
    );
  }
});

test("Jacobian: row-major J[i·n + j] = ∂f_i/∂v_j, for a map with a known 2 × 3 Jacobian", () => {
  // f(v) = (v₀v₁, v₂² − v₀): J = [[v₁, v₀, 0], [−1, 0, 2v₂]]
  const v = [0.5, -2, 1.5];
  const J = numericalJacobian((p) => [p[0] * p[1], p[2] ** 2 - p[0]], v);
  const want = [v[1], v[0], 0, -1, 0, 2 * v[2]];
  assert.equal(J.length, 6);
  J.forEach((g, k) => assert.ok(Math.abs(g - want[k]) < 1e-8, `J[${k}]: ${g} vs ${want[k]}`));
});

test("bad input: a step that is not a small positive number, or f not finite near the point, is a one-line InputError", () => {
  for (const h of [0, -1e-6, NaN, Infinity]) {
    assert.throws(
      () => numericalGradient(Math.sin, 1, h),
      (e: unknown) =>
        e instanceof InputError &&
        e.message ===
          `finite-difference step h = ${h === -1e-6 ? "-1e-6" : h} is not valid: use a small number > 0, e.g. 1e-6`,
    );
  }
  assert.throws(
    () => numericalGradient(Math.log, 0),
    (e: unknown) =>
      e instanceof InputError &&
      /^central difference at x = 0 is not a finite number \(step h = 1e-6\)/.test(e.message),
  );
  assert.throws(() => numericalGradient((v) => Math.sqrt(v[1]), [1, 0]), /central difference at v\[1\]/);
  assert.equal(DEFAULT_STEP, 1e-6);
});
