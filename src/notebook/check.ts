/**
 * Exercise checks. Each check prints one line ("✓ name  actual …  expected …  (±tol)") and emits
 * it, in the same notebook output, as `application/vnd.nndl.check+json` so the runner can report
 * every check. A failing check throws a CheckError, so "Run All" stops at the first wrong answer
 * with the reason in view. Every value is compared; the output records long arrays abridged
 * (./check-payload), and a failed array comparison says which value is furthest off.
 *
 * A check should compare two independent computations (a formula against finite differences, two
 * implementations, a limit) — never a constant with itself.
 */
import { isDeepStrictEqual } from "node:util";
import { InputError, OneLineError } from "../errors";
import { formatNumber, formatValue, isArrayLike } from "./check-format";
import { type CheckResult, type Tolerance, checkPayload, lineValue } from "./check-payload";

export type { CheckResult, Tolerance } from "./check-payload";
import { displayBundle } from "./display";
import { escapeHtml } from "../html";

export const CHECK_MIME = "application/vnd.nndl.check+json";

/**
 * Options of an array comparison. `where(i)` names what the i-th value stands for ("x = 0.25",
 * "test image 31", "w[3][17]"), so a failure says which input went wrong, not only an index into
 * a flattened array.
 */
export interface CompareOptions {
  where?: (index: number) => string;
}

/** Thrown by a failing check; `result` holds what was compared. */
export class CheckError extends OneLineError {
  override readonly name = "CheckError";
  declare readonly result: CheckResult;
  constructor(result: CheckResult) {
    super(checkLine(result));
    // Not enumerable: a printed CheckError is its one ✗ line, not a dump of every value compared.
    Object.defineProperty(this, "result", { value: result, enumerable: false });
  }
}

const ID_PATTERN = /^[a-z][a-z0-9]*(\.[a-z0-9][a-z0-9-]*)+$/;

function requireId(id: string, name: string): void {
  if (typeof id !== "string" || !ID_PATTERN.test(id)) {
    throw new InputError(`check id ${JSON.stringify(id)} is not valid; use "ch<N>.<slug>" like "ch1.sigmoid-limit"`);
  }
  if (typeof name !== "string" || name.trim() === "") {
    throw new InputError(`check ${id} needs a non-empty name, got ${JSON.stringify(name)}`);
  }
}

/** |actual − expected| ≤ tolerance, for numbers or element-wise for arrays/typed arrays (max abs diff). */
export function checkClose(
  id: string,
  name: string,
  actual: number | ArrayLike<number>,
  expected: number | ArrayLike<number>,
  tolerance: Tolerance,
  options: CompareOptions = {},
): void {
  requireId(id, name);
  const { abs, rel } = parseTolerance(id, tolerance);
  const where = whereOption(id, options);
  const result: CheckResult = { id, name, ok: false, actual, expected, tolerance };
  if (typeof expected === "number") {
    if (typeof actual !== "number")
      return report({ ...result, detail: `expected a number, got ${formatValue(actual)}` });
    const diff = Math.abs(actual - expected);
    return report({ ...result, ok: actual === expected || diff <= abs + rel * Math.abs(expected) });
  }
  if (!isArrayLike(expected))
    throw new InputError(`check ${id}: expected must be a number or an array of numbers, got ${formatValue(expected)}`);
  if (!isArrayLike(actual))
    return report({ ...result, detail: `expected ${expected.length} values, got ${formatValue(actual)}` });
  if (actual.length !== expected.length) {
    return report({ ...result, detail: `length ${actual.length}, expected length ${expected.length}` });
  }
  return report({ ...result, ...named(compareArrays(actual, expected, abs, rel), where) });
}

function whereOption(id: string, options: CompareOptions): CompareOptions["where"] {
  if (options === null || typeof options !== "object")
    throw new InputError(
      `check ${id}: options must be an object like { where: (i) => \`x = \${xs[i]}\` }, got ${formatValue(options)}`,
    );
  const unknown = Object.keys(options).filter((k) => k !== "where");
  if (unknown.length > 0)
    throw new InputError(
      `check ${id}: unknown option ${JSON.stringify(unknown[0])}; the only option is where: (index) => string`,
    );
  if (options.where !== undefined && typeof options.where !== "function") {
    throw new InputError(
      `check ${id}: where must be a function from an index to a name, like (i) => \`x = \${xs[i]}\`; got ${formatValue(options.where)}`,
    );
  }
  return options.where;
}

/** Adds `where`'s name for the worst (or first) wrong value; a `where` that throws names nothing. */
function named<T extends Partial<CheckResult>>(found: T, where: CompareOptions["where"]): T {
  if (!where || !found.worst) return found;
  let name: string;
  try {
    name = String(where(found.worst.index));
  } catch {
    return found;
  }
  return { ...found, worst: { ...found.worst, where: name } };
}

function compareArrays(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  abs: number,
  rel: number,
): Partial<CheckResult> & { ok: boolean } {
  let ok = true;
  let maxAbsDiff = 0;
  let index = -1;
  let mismatches = 0,
    worst = -1,
    worstExcess = 0;
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i],
      e = expected[i];
    const diff = a === e ? 0 : Math.abs(a - e);
    const allowed = abs + rel * Math.abs(e);
    // NaN fails: `NaN <= x` is false and NaN never equals anything. Equal values pass even when
    // the allowance is NaN (an infinite expected value times a zero relative tolerance).
    if (!(a === e || diff <= allowed)) {
      ok = false;
      mismatches++;
      const excess = Number.isNaN(diff - allowed) ? Infinity : diff - allowed; // how far outside; NaN is worst
      if (worst < 0 || excess > worstExcess) {
        worst = i;
        worstExcess = excess;
      }
    }
    // The first NaN stays the maximum (`!(diff <= NaN)` would move it to every later index).
    if (diff > maxAbsDiff || (Number.isNaN(diff) && !Number.isNaN(maxAbsDiff))) {
      maxAbsDiff = diff;
      index = i;
    }
  }
  const found = index < 0 ? { ok, maxAbsDiff } : { ok, maxAbsDiff, index };
  return ok
    ? found
    : { ...found, mismatches, worst: { index: worst, actual: actual[worst], expected: expected[worst] } };
}

function parseTolerance(id: string, tolerance: Tolerance): { abs: number; rel: number } {
  const t =
    typeof tolerance === "number" ? { abs: tolerance, rel: 0 } : { abs: tolerance?.abs ?? 0, rel: tolerance?.rel ?? 0 };
  if (!(t.abs >= 0 && t.rel >= 0 && Number.isFinite(t.abs) && Number.isFinite(t.rel))) {
    throw new InputError(
      `check ${id}: tolerance ${formatValue(tolerance)} is not valid; use a number ≥ 0 or {abs?, rel?} with values ≥ 0`,
    );
  }
  return t;
}

/** Deep, strict equality (node's util.isDeepStrictEqual): numbers, strings, arrays, objects. */
export function checkEqual(
  id: string,
  name: string,
  actual: unknown,
  expected: unknown,
  options: CompareOptions = {},
): void {
  requireId(id, name);
  const where = whereOption(id, options);
  // isDeepStrictEqual holds NaN equal to NaN; a computation that gave NaN has not matched anything.
  if (holdsNaN(actual))
    return report({ id, name, ok: false, actual, expected, tolerance: null, detail: "the actual value holds NaN" });
  const result: CheckResult = { id, name, ok: isDeepStrictEqual(actual, expected), actual, expected, tolerance: null };
  if (result.ok || !isArrayLike(actual) || !isArrayLike(expected)) return report(result);
  return report({ ...result, ...named(arrayDifferences(actual, expected), where) });
}

function holdsNaN(value: unknown): boolean {
  if (typeof value === "number") return Number.isNaN(value);
  if (isArrayLike(value)) return Array.prototype.some.call(value, holdsNaN);
  return false;
}

/** Where two unequal arrays differ, for the reader: lengths, or the first differing value and how many differ. */
function arrayDifferences(actual: ArrayLike<unknown>, expected: ArrayLike<unknown>): Partial<CheckResult> {
  if (actual.length !== expected.length)
    return { detail: `length ${actual.length}, expected length ${expected.length}` };
  let mismatches = 0,
    first = -1;
  for (let i = 0; i < expected.length; i++) {
    if (isDeepStrictEqual(actual[i], expected[i])) continue;
    mismatches++;
    if (first < 0) first = i;
  }
  if (first < 0) return { detail: `the same values, but ${kindOf(actual)} is not ${kindOf(expected)}` };
  return { mismatches, worst: { index: first, actual: actual[first], expected: expected[first] } };
}

function kindOf(value: object): string {
  return value.constructor?.name ?? "an object without a prototype";
}

/** `condition` must be true; `detail` says what was tested (shown on the line). */
export function checkTrue(id: string, name: string, condition: boolean, detail?: string): void {
  requireId(id, name);
  const result: CheckResult = { id, name, ok: condition === true, actual: condition, expected: true, tolerance: null };
  return report(detail === undefined ? result : { ...result, detail });
}

/** What a thrown error must match: a message pattern, a message substring, or an error class. */
export type ErrorPattern = RegExp | string | (new (...args: never[]) => Error);

/** `fn` must throw (or, if it returns a promise, reject) with an error matching `pattern`. */
export function checkThrows(
  id: string,
  name: string,
  fn: () => Promise<unknown>,
  pattern?: ErrorPattern,
): Promise<void>;
export function checkThrows(id: string, name: string, fn: () => unknown, pattern?: ErrorPattern): void;
export function checkThrows(id: string, name: string, fn: () => unknown, pattern?: ErrorPattern): void | Promise<void> {
  requireId(id, name);
  if (typeof fn !== "function") throw new InputError(`check ${id}: fn must be a function, got ${formatValue(fn)}`);
  let returned: unknown;
  try {
    returned = fn();
  } catch (error) {
    return reportThrown(id, name, error, pattern);
  }
  if (returned instanceof Promise) {
    return returned.then(
      (value: unknown) => reportThrown(id, name, undefined, pattern, value),
      (error: unknown) => reportThrown(id, name, error, pattern),
    );
  }
  return reportThrown(id, name, undefined, pattern, returned);
}

/**
 * `attempt` runs one or more checks on a deliberately wrong answer; this check passes only if one
 * of them fails. The inner checks are not shown or recorded (a notebook that demonstrates a caught
 * mistake must not count as failing), only this line, with the inner failure as its detail. So an
 * exercise check is a function of the answer, run once on the solution and once here on a slip.
 */
export function checkCatches(id: string, name: string, attempt: () => Promise<unknown>): Promise<void>;
export function checkCatches(id: string, name: string, attempt: () => unknown): void;
export function checkCatches(id: string, name: string, attempt: () => unknown): void | Promise<void> {
  requireId(id, name);
  if (typeof attempt !== "function")
    throw new InputError(`check ${id}: attempt must be a function, got ${formatValue(attempt)}`);
  const base = { id, name, expected: "an inner check fails", tolerance: null };
  const settle = (error: unknown): void => {
    if (error instanceof CheckError)
      return report({ ...base, ok: true, actual: "caught", detail: `inner ${checkLine(error.result)}` });
    if (error === undefined) return report({ ...base, ok: false, actual: "every inner check passed" });
    throw error; // a crash is not a caught mistake: let it surface as itself
  };
  silenced++;
  let returned: unknown;
  try {
    returned = attempt();
  } catch (error) {
    silenced--;
    return settle(error);
  }
  if (returned instanceof Promise) {
    return returned.then(
      () => {
        silenced--;
        settle(undefined);
      },
      (error: unknown) => {
        silenced--;
        settle(error);
      },
    );
  }
  silenced--;
  return settle(undefined);
}

/** Above zero while checkCatches runs its attempt: checks then throw without being shown. */
let silenced = 0;

function reportThrown(id: string, name: string, error: unknown, pattern?: ErrorPattern, returned?: unknown): void {
  const expected =
    pattern === undefined
      ? "an error"
      : pattern instanceof RegExp
        ? String(pattern)
        : typeof pattern === "string"
          ? pattern
          : pattern.name;
  const base = { id, name, expected: `throws ${expected}`, tolerance: null };
  if (error === undefined) return report({ ...base, ok: false, actual: `returned ${formatValue(returned)}` });
  return report({ ...base, ok: errorMatches(error, pattern), actual: error });
}

function errorMatches(error: unknown, pattern?: ErrorPattern): boolean {
  const message = error instanceof Error ? error.message : String(error);
  if (pattern === undefined) return true;
  if (pattern instanceof RegExp) return pattern.test(message);
  if (typeof pattern === "string") return message.includes(pattern);
  return error instanceof pattern;
}

/** The readable line: "✓ name  actual 0.5  expected 0.5  (±1e-9)". */
export function checkLine(r: CheckResult): string {
  const parts = [`${r.ok ? "✓" : "✗"} ${r.name}`, `actual ${lineValue(r.actual)}`, `expected ${lineValue(r.expected)}`];
  if (r.tolerance !== null) parts.push(`(${formatTolerance(r.tolerance)})`);
  if (r.maxAbsDiff !== undefined)
    parts.push(`max |diff| ${formatNumber(r.maxAbsDiff)}${r.index === undefined ? "" : ` at [${r.index}]`}`);
  if (r.worst)
    parts.push(
      `— ${mismatchText(r.worst, r.mismatches, isArrayLike(r.expected) ? r.expected.length : undefined, r.tolerance === null)}`,
    );
  if (r.detail) parts.push(`— ${r.detail}`);
  return parts.join("  ");
}

/**
 * "1 of 50000 values wrong; worst at test image 31337 [31337]: actual 0.7 expected 0.5" (the name
 * from the check's `where` option, when it has one). `exact` (checkEqual) says
 * "first": equality has no "how far". `show` formats the two values.
 */
export function mismatchText(
  worst: { index: number; actual: unknown; expected: unknown; where?: unknown },
  mismatches: unknown,
  total: number | undefined,
  exact: boolean,
  show: (value: unknown) => string = lineValue,
): string {
  const count =
    typeof mismatches === "number" ? `${mismatches}${total === undefined ? "" : ` of ${total}`} values wrong; ` : "";
  const at = typeof worst.where === "string" ? ` at ${worst.where} [${worst.index}]` : ` [${worst.index}]`;
  return `${count}${exact ? "first" : "worst"}${at}: actual ${show(worst.actual)} expected ${show(worst.expected)}`;
}

function formatTolerance(t: Tolerance): string {
  if (typeof t === "number") return `±${formatNumber(t)}`;
  return (
    [t.abs ? `±${formatNumber(t.abs)}` : "", t.rel ? `±${formatNumber(t.rel * 100)}%` : ""]
      .filter(Boolean)
      .join(" + ") || "±0"
  );
}

/**
 * Emit the check as one output (text + styled HTML + JSON); throw if it failed. Checks return
 * nothing: tslab prints a cell's last value, and the line is already shown.
 */
function report(r: CheckResult): void {
  if (silenced > 0) {
    if (!r.ok) throw new CheckError(r);
    return;
  }
  const line = checkLine(r);
  const colour = r.ok ? "#1a7f37" : "#cf222e";
  displayBundle({
    "text/plain": line,
    "text/html":
      `<div class="nndl-check nndl-check-${r.ok ? "ok" : "fail"}" title="${escapeHtml(r.id)}" ` +
      `style="font-family:monospace;white-space:pre-wrap;color:${colour}">${escapeHtml(line)}</div>`,
    [CHECK_MIME]: checkPayload(r),
  });
  if (!r.ok) throw new CheckError(r);
}
