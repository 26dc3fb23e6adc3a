import { test } from "node:test";
import assert from "node:assert/strict";
import {
  CHECK_MIME,
  CheckError,
  checkCatches,
  checkClose,
  checkEqual,
  checkThrows,
  checkTrue,
} from "../../../src/notebook/check";
import { MAX_PAYLOAD_CHARS, WHOLE_ARRAY } from "../../../src/notebook/check-payload";
import { setFallbackWrite } from "../../../src/notebook/display";
import { InputError } from "../../../src/errors";
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
    assert.throws(
      () => checkClose("ch1.x", "x", 0.25, 0.5, 1e-3),
      (e: unknown) => {
        assert.ok(e instanceof CheckError && e instanceof Error);
        assert.match(e.message, /✗ x {2}actual 0\.25 {2}expected 0\.5/);
        assert.equal(e.result.ok, false);
        return true;
      },
    );
  } finally {
    setFallbackWrite(previous);
  }
  assert.equal(lines.length, 1);
  assert.match(lines[0], /^✗ x/);
});

test("checkClose on arrays and typed arrays uses the largest absolute difference", () => {
  printed(() => checkClose("ch2.grad", "gradient", new Float64Array([1, 2, 3.0000001]), [1, 2, 3], 1e-6));
  assert.throws(
    () => printed(() => checkClose("ch2.grad", "gradient", new Float32Array([1, 2.5, 3]), [1, 2, 3], 1e-6)),
    /max \|diff\| 0\.5 at \[1\]/,
  );
  assert.throws(
    () => printed(() => checkClose("ch2.grad", "gradient", [1, 2], [1, 2, 3], 1)),
    /length 2, expected length 3/,
  );
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
  const thrower = () => {
    throw new InputError("eta -1 is not valid");
  };
  printed(() => checkThrows("ch1.eta", "bad eta", thrower, /eta -1/));
  printed(() => checkThrows("ch1.eta", "bad eta", thrower, "not valid"));
  printed(() => checkThrows("ch1.eta", "bad eta", thrower, InputError));
  assert.throws(() => printed(() => checkThrows("ch1.eta", "bad eta", thrower, RangeError)), CheckError);
  assert.throws(() => printed(() => checkThrows("ch1.eta", "bad eta", () => 42)), /returned 42/);
  const lines: string[] = [];
  const previous = setFallbackWrite((t) => lines.push(t));
  try {
    await checkThrows(
      "ch1.async",
      "rejects",
      async () => {
        throw new Error("boom");
      },
      /boom/,
    );
    await assert.rejects(
      checkThrows("ch1.async", "resolves", async () => 1),
      CheckError,
    );
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
    try {
      checkClose("ch1.bad", "<b>", [Infinity], [0], 1);
    } catch {
      /* expected */
    }
  });
  assert.equal(outputs.length, 2);
  const [ok, bad] = outputs.map((o) => o.data);
  assert.deepEqual(Object.keys(ok).sort(), [CHECK_MIME, "text/html", "text/plain"].sort());
  assert.deepEqual(ok[CHECK_MIME], {
    id: "ch1.sigmoid-limit",
    name: "σ(10)",
    ok: true,
    actual: 1 / (1 + Math.exp(-10)),
    expected: 1,
    tolerance: 1e-4,
  });
  const record = bad[CHECK_MIME] as Record<string, unknown>;
  assert.equal(record.ok, false);
  assert.deepEqual(record.actual, ["Infinity"]); // JSON has no Infinity
  assert.equal(JSON.parse(JSON.stringify(record)).maxAbsDiff, "Infinity");
  assert.ok(!String(bad["text/html"]).includes("<b>"), "names are HTML-escaped");
});

/** The JSON record and text line of one check run in a (pretend) kernel; `thrown` when it failed. */
async function recorded(
  fn: () => void,
): Promise<{ record: Record<string, unknown>; line: string; bytes: number; thrown?: unknown }> {
  let thrown: unknown;
  const outputs = await captureDisplays(() => {
    try {
      fn();
    } catch (e) {
      thrown = e;
    }
  });
  assert.equal(outputs.length, 1);
  const record = outputs[0].data[CHECK_MIME] as Record<string, unknown>;
  return {
    record,
    line: String(outputs[0].data["text/plain"]),
    bytes: Buffer.byteLength(JSON.stringify(outputs[0].data)),
    thrown,
  };
}

/** 50,000 values in (−1, 1) from a fixed formula, and a copy. */
function bigArrays(): { actual: Float64Array; expected: Float64Array } {
  const expected = Float64Array.from({ length: 50_000 }, (_, i) => Math.sin(i * 0.37));
  return { actual: expected.slice(), expected };
}

test("a check over 50,000 values records them abridged: first values and length, well under the cap", async () => {
  const { actual, expected } = bigArrays();
  const { record, bytes, thrown } = await recorded(() => checkClose("ch2.big", "big", actual, expected, 1e-12));
  assert.equal(thrown, undefined);
  assert.ok(bytes < MAX_PAYLOAD_CHARS, `whole output ${bytes} bytes`);
  assert.ok(bytes < 2_000, `a passing big check is small: ${bytes} bytes`);
  assert.deepEqual(record.actual, {
    abridged: true,
    length: 50_000,
    first: Array.from(actual.subarray(0, WHOLE_ARRAY)),
  });
  assert.equal((record.expected as { length: number }).length, 50_000);
  assert.equal(record.ok, true);
  assert.equal(record.maxAbsDiff, 0);
});

test("one wrong value among 50,000 still fails loudly, and the record and the line name it", async () => {
  const { actual, expected } = bigArrays();
  actual[31_337] += 1e-6;
  const { record, line, bytes, thrown } = await recorded(() => checkClose("ch2.big", "big", actual, expected, 1e-9));
  assert.ok(thrown instanceof CheckError, "a failing check throws");
  assert.match(thrown.message, /1 of 50000 values wrong; worst \[31337\]/);
  assert.ok(bytes < MAX_PAYLOAD_CHARS, `whole output ${bytes} bytes`);
  assert.equal(record.ok, false);
  assert.equal(record.index, 31_337);
  assert.equal(record.mismatches, 1);
  assert.deepEqual(record.worst, { index: 31_337, actual: actual[31_337], expected: expected[31_337] });
  assert.match(line, /^✗ big {2}actual \[.*, … \(50000 values\)\] {2}expected/);
  // checkEqual on the same arrays: the first difference.
  const equal = await recorded(() => checkEqual("ch2.big", "big", Array.from(actual), Array.from(expected)));
  assert.ok(equal.thrown instanceof CheckError);
  assert.deepEqual(equal.record.worst, { index: 31_337, actual: actual[31_337], expected: expected[31_337] });
  assert.match(equal.line, /1 of 50000 values wrong; first \[31337\]/);
  assert.ok(equal.bytes < MAX_PAYLOAD_CHARS);
});

test("the worst value is the one furthest outside its tolerance; a NaN is worse than any number", async () => {
  // A relative tolerance allows index 0 (diff 1, allowed 1000) but not index 1 (diff 0.5, allowed 0.001).
  const rel = await recorded(() => checkClose("ch3.rel", "rel", [1_000_001, 1.5, 2], [1_000_000, 1, 2], { rel: 1e-3 }));
  assert.equal(rel.record.index, 0, "index stays where |diff| is largest");
  assert.deepEqual(rel.record.worst, { index: 1, actual: 1.5, expected: 1 });
  const nan = await recorded(() => checkClose("ch3.nan", "nan", [1, NaN, 5, NaN, 9], [1, 2, 3, 4, 5], 0.1));
  assert.equal(nan.record.mismatches, 4);
  assert.equal(nan.record.index, 1, "the first NaN, not the last index");
  assert.deepEqual(nan.record.worst, { index: 1, actual: "NaN", expected: 2 });
  const typed = await recorded(() => checkEqual("ch3.kind", "kind", new Float64Array([1, 2]), [1, 2]));
  assert.match(String(typed.record.detail), /the same values, but Float64Array is not Array/);
});

test("a where option names the input behind the worst value, in the line, the record and the thrown message", async () => {
  const xs = [-2, -1, 0, 1, 2];
  const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));
  const slip = xs.map((z, i) => sigmoid(z) * (1 - sigmoid(z)) + (i === 3 ? 0.01 : 0));
  const exact = xs.map((z) => sigmoid(z) * (1 - sigmoid(z)));
  const close = await recorded(() =>
    checkClose("ch1.where", "σ′", slip, exact, 1e-9, { where: (i) => `z = ${xs[i]}` }),
  );
  assert.ok(close.thrown instanceof CheckError);
  assert.match(close.thrown.message, /1 of 5 values wrong; worst at z = 1 \[3\]: actual/);
  assert.equal((close.record.worst as { where?: string }).where, "z = 1");
  const equal = await recorded(() =>
    checkEqual("ch1.where", "labels", [1, 2, 3], [1, 2, 4], { where: (i) => `test image ${i}` }),
  );
  assert.match(equal.line, /first at test image 2 \[2\]/);
  // A passing check and a where that throws: nothing named, nothing broken.
  assert.equal(
    (await recorded(() => checkClose("ch1.where", "ok", exact, exact, 1e-12, { where: (i) => `z = ${xs[i]}` }))).record
      .ok,
    true,
  );
  const broken = await recorded(() =>
    checkClose("ch1.where", "σ′", slip, exact, 1e-9, {
      where: () => {
        throw new Error("oops");
      },
    }),
  );
  assert.match(broken.line, /worst \[3\]/);
  assert.throws(() => checkClose("ch1.where", "σ′", exact, exact, 1e-9, { at: 1 } as never), /unknown option "at"/);
  assert.throws(() => checkEqual("ch1.where", "x", [1], [1], { where: "z" } as never), /where must be a function/);
});

test("nested and object values are bounded too", async () => {
  const cube = Array.from({ length: 10 }, () =>
    Array.from({ length: 10 }, () => Array.from({ length: 10 }, () => [0.123456789, 0.987654321])),
  );
  const nested = await recorded(() => checkEqual("ch3.cube", "cube", cube, cube));
  assert.ok(nested.bytes < MAX_PAYLOAD_CHARS, `${nested.bytes} bytes`);
  assert.equal(nested.record.ok, true);
  const net = {
    sizes: [784, 30, 10],
    weights: [new Float64Array(23_520).fill(0.5), new Float64Array(300)],
    note: "x".repeat(5000),
  };
  const object = await recorded(() => checkEqual("ch3.net", "net", net, net));
  assert.ok(object.bytes < MAX_PAYLOAD_CHARS, `${object.bytes} bytes`);
  const weights = (object.record.actual as { weights: unknown[] }).weights;
  assert.deepEqual((weights[0] as { length: number }).length, 23_520);
});

test("checkCatches passes, showing one line, when a check on a wrong answer fails", () => {
  const slipCheck = (answer: number) => checkClose("ch3.inner", "σ′(0)", answer, 0.25, 1e-12);
  const lines = printed(() =>
    checkCatches("ch3.inner.catches-slip", "the check rejects σ′(0) = 0.5", () => slipCheck(0.5)),
  );
  assert.equal(lines.length, 1, "the inner failure is not shown as a check of its own");
  assert.match(
    lines[0],
    /^✓ the check rejects σ′\(0\) = 0\.5 {2}actual "caught" .*inner ✗ σ′\(0\) {2}actual 0\.5 {2}expected 0\.25/,
  );
});

test("checkCatches fails when every inner check passes, and lets a crash through as itself", () => {
  const slipCheck = (answer: number) => checkClose("ch3.inner", "σ′(0)", answer, 0.25, 1e-12);
  let lines: string[];
  assert.throws(() => {
    lines = printed(() => checkCatches("ch3.inner.catches", "a right answer", () => slipCheck(0.25)));
  }, CheckError);
  assert.throws(
    () =>
      printed(() =>
        checkCatches("ch3.inner.crash", "a crash", () => {
          throw new RangeError("boom");
        }),
      ),
    RangeError,
  );
  // After either, checks are shown again.
  lines = printed(() => checkTrue("ch3.after", "shown again", true));
  assert.equal(lines.length, 1);
});

test("checkCatches awaits an async attempt", async () => {
  const lines: string[] = [];
  const previous = setFallbackWrite((t) => lines.push(t));
  try {
    await checkCatches("ch3.inner.async", "async slip", async () => {
      await Promise.resolve();
      checkTrue("ch3.inner", "claim", false);
    });
  } finally {
    setFallbackWrite(previous);
  }
  assert.equal(lines.length, 1);
  assert.match(lines[0], /^✓ async slip/);
});

test("checkClose: equal infinities pass element-wise whatever the tolerance; a NaN still fails", () => {
  printed(() =>
    checkClose("ch3.inf", "infinite costs", [Infinity, 1, -Infinity], [Infinity, 1, -Infinity], { rel: 0, abs: 1e-12 }),
  );
  printed(() => checkClose("ch3.inf", "one infinity", Infinity, Infinity, 0));
  assert.throws(() => printed(() => checkClose("ch3.inf", "NaN", [NaN], [Infinity], { rel: 1e-9 })), CheckError);
  assert.throws(
    () => printed(() => checkClose("ch3.inf", "opposite infinities", [Infinity], [-Infinity], 1e-9)),
    CheckError,
  );
});
