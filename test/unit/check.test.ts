import { test } from "node:test";
import assert from "node:assert/strict";
import { CHECK_MIME, CheckError, checkClose, checkEqual, checkThrows, checkTrue } from "../../src/notebook/check";
import { setFallbackWrite } from "../../src/notebook/display";
import { InputError } from "../../src/errors";
import { captureDisplays } from "./display-capture";

/** Runs fn outside a kernel and returns the printed lines. */
function printed(fn: () => void): string[] {
  const lines: string[] = [];
  const previous = setFallbackWrite((t) => lines.push(t));
  try {
    fn();
  } finally {
    setFallbackWrite(previous);
  }
  return lines;
}

test("a passing checkClose prints one ✓ line with actual, expected and tolerance", () => {
  const lines = printed(() => checkClose("ch1.sigmoid-zero", "σ(0)", 1 / (1 + Math.exp(-0)), 0.5, 1e-12));
  assert.deepEqual(lines, ["✓ σ(0)  actual 0.5  expected 0.5  (±1e-12)"]);
});

test("a failing check prints ✗ and throws a CheckError naming actual and expected", () => {
  const lines: string[] = [];
  const previous = setFallbackWrite((t) => lines.push(t));
  try {
    assert.throws(() => checkClose("ch1.x", "x", 0.25, 0.5, 1e-3), (e: unknown) => {
      assert.ok(e instanceof CheckError && e instanceof Error);
      assert.match(e.message, /✗ x {2}actual 0\.25 {2}expected 0\.5/);
      assert.equal(e.result.ok, false);
      return true;
    });
  } finally {
    setFallbackWrite(previous);
  }
  assert.equal(lines.length, 1);
  assert.match(lines[0], /^✗ x/);
});

test("checkClose on arrays and typed arrays uses the largest absolute difference", () => {
  printed(() => checkClose("ch2.grad", "gradient", new Float64Array([1, 2, 3.0000001]), [1, 2, 3], 1e-6));
  assert.throws(() => printed(() => checkClose("ch2.grad", "gradient", new Float32Array([1, 2.5, 3]), [1, 2, 3], 1e-6)), /max \|diff\| 0\.5 at \[1\]/);
  assert.throws(() => printed(() => checkClose("ch2.grad", "gradient", [1, 2], [1, 2, 3], 1)), /length 2, expected length 3/);
  assert.throws(() => printed(() => checkClose("ch2.grad", "gradient", [1, NaN], [1, 2], 1)), CheckError);
});

test("checkClose supports a relative tolerance (numpy.isclose style)", () => {
  printed(() => checkClose("ch3.rel", "big", 1000.5, 1000, { rel: 1e-3 }));
  assert.throws(() => printed(() => checkClose("ch3.rel", "big", 1002, 1000, { rel: 1e-3 })), CheckError);
  printed(() => checkClose("ch3.rel", "both", 1e-9, 0, { abs: 1e-8, rel: 1e-3 }));
});

test("NaN never passes, even against NaN; equal infinities do", () => {
  assert.throws(() => printed(() => checkClose("ch1.nan", "nan", NaN, NaN, 1)), CheckError);
  printed(() => checkClose("ch1.inf", "inf", Infinity, Infinity, 0));
});

test("checkEqual compares deeply and strictly", () => {
  printed(() => checkEqual("ch1.sizes", "sizes", [784, 30, 10], [784, 30, 10]));
  assert.throws(() => printed(() => checkEqual("ch1.sizes", "sizes", [784, 30], [784, 30, 10])), CheckError);
  assert.throws(() => printed(() => checkEqual("ch1.one", "one", "1", 1)), CheckError);
});

test("checkTrue shows its detail; false throws", () => {
  const lines = printed(() => checkTrue("ch1.monotone", "cost falls", true, "every epoch"));
  assert.match(lines[0], /^✓ cost falls  actual true  expected true  — every epoch$/);
  assert.throws(() => printed(() => checkTrue("ch1.monotone", "cost falls", false)), CheckError);
});

test("checkThrows matches a pattern, a substring or a class; not throwing fails", async () => {
  const thrower = () => { throw new InputError("eta -1 is not valid"); };
  printed(() => checkThrows("ch1.eta", "bad eta", thrower, /eta -1/));
  printed(() => checkThrows("ch1.eta", "bad eta", thrower, "not valid"));
  printed(() => checkThrows("ch1.eta", "bad eta", thrower, InputError));
  assert.throws(() => printed(() => checkThrows("ch1.eta", "bad eta", thrower, RangeError)), CheckError);
  assert.throws(() => printed(() => checkThrows("ch1.eta", "bad eta", () => 42)), /returned 42/);
  const lines: string[] = [];
  const previous = setFallbackWrite((t) => lines.push(t));
  try {
    await checkThrows("ch1.async", "rejects", async () => { throw new Error("boom"); }, /boom/);
    await assert.rejects(checkThrows("ch1.async", "resolves", async () => 1), CheckError);
  } finally {
    setFallbackWrite(previous);
  }
  assert.equal(lines.length, 2);
});

test("bad ids and tolerances are InputErrors, not failed checks", () => {
  assert.throws(() => checkClose("Sigmoid zero", "x", 1, 1, 0), InputError);
  assert.throws(() => checkClose("ch1.x", "x", 1, 1, -1), InputError);
  assert.throws(() => checkClose("ch1.x", "", 1, 1, 0), InputError);
});

test("in a kernel each check is ONE output: text, styled HTML and the JSON record", async () => {
  const outputs = await captureDisplays(() => {
    checkClose("ch1.sigmoid-limit", "σ(10)", 1 / (1 + Math.exp(-10)), 1, 1e-4);
    try { checkClose("ch1.bad", "<b>", [Infinity], [0], 1); } catch { /* expected */ }
  });
  assert.equal(outputs.length, 2);
  const [ok, bad] = outputs.map((o) => o.data);
  assert.deepEqual(Object.keys(ok).sort(), [CHECK_MIME, "text/html", "text/plain"].sort());
  assert.deepEqual(ok[CHECK_MIME], { id: "ch1.sigmoid-limit", name: "σ(10)", ok: true, actual: 1 / (1 + Math.exp(-10)), expected: 1, tolerance: 1e-4 });
  const record = bad[CHECK_MIME] as Record<string, unknown>;
  assert.equal(record.ok, false);
  assert.deepEqual(record.actual, ["Infinity"]); // JSON has no Infinity
  assert.equal(JSON.parse(JSON.stringify(record)).maxAbsDiff, "Infinity");
  assert.ok(!String(bad["text/html"]).includes("<b>"), "names are HTML-escaped");
});
