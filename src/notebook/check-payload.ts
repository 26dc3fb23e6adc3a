/**
 * The machine-readable record of a check (`application/vnd.nndl.check+json`), kept small. The check
 * itself compares every value; the record is saved in every executed notebook and read by the
 * runner and the exporter, and a gradient check over 23,860 weights used to embed both arrays
 * whole (~660 kB per check). Now a long array is recorded as
 *
 *     { "abridged": true, "length": 23860, "first": [ …its first 10 values… ] }
 *
 * and a failed array comparison names where it went wrong: `worst: { index, actual, expected, where? }`
 * and `mismatches` (how many values are wrong). Arrays of up to 10 values, numbers and short
 * strings are recorded as they are.
 */
import { formatValue, isArrayLike, jsonValue } from "./check-format";

/** Absolute tolerance, or numpy.isclose-style `|actual − expected| ≤ abs + rel·|expected|`. */
export type Tolerance = number | { abs?: number; rel?: number };

/** What a check found; also the JSON payload of its `application/vnd.nndl.check+json` output. */
export interface CheckResult {
  id: string;
  name: string;
  ok: boolean;
  actual: unknown;
  expected: unknown;
  tolerance: Tolerance | null;
  /** checkClose on arrays: the largest |actual[i] − expected[i]| and where it is. */
  maxAbsDiff?: number;
  index?: number;
  /**
   * A failed comparison of equally long arrays: how many values are wrong, and the worst one
   * (checkClose: furthest outside its tolerance, a NaN first; checkEqual: the first that differs).
   */
  mismatches?: number;
  worst?: { index: number; actual: unknown; expected: unknown; where?: string };
  detail?: string;
}

/** Arrays up to this long are recorded whole; longer ones by their first values and length. */
export const WHOLE_ARRAY = 10;
/** Strings longer than this are cut, with "…". */
const MAX_STRING = 500;
/** Keys recorded per object. */
const MAX_KEYS = 20;
/** Nesting recorded; deeper values become their one-line text. */
const MAX_DEPTH = 4;
/** A record longer than this (as JSON) records its values as their one-line text instead. */
export const MAX_PAYLOAD_CHARS = 8000;

/** How a long array appears in the record. */
export interface AbridgedArray {
  abridged: true;
  length: number;
  first: unknown[];
}

export function isAbridgedArray(value: unknown): value is AbridgedArray {
  const v = value as Partial<AbridgedArray> | null;
  return (
    typeof v === "object" && v !== null && v.abridged === true && typeof v.length === "number" && Array.isArray(v.first)
  );
}

/** Values an abridged array shows on a line, as formatValue shows a long array. */
const SHOWN_ON_LINE = 6;

/** One-line text of a recorded value: like formatValue, and an abridged array shows its real length. */
export function formatRecordedValue(value: unknown): string {
  if (!isAbridgedArray(value)) return lineValue(value);
  return `[${value.first.slice(0, SHOWN_ON_LINE).map(formatValue).join(", ")}, … (${value.length} values)]`;
}

function cut(text: string, max = MAX_STRING): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** Longest one-line text of a value on a check's line (nested arrays show 6 values per level: 6³…). */
const MAX_LINE_VALUE = 300;

/** formatValue, cut to a line's worth. */
export function lineValue(value: unknown): string {
  return cut(formatValue(value), MAX_LINE_VALUE);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return (proto === Object.prototype || proto === null) && typeof (value as { toJSON?: unknown }).toJSON !== "function";
}

/** A JSON-safe, bounded copy of a value a check compared. */
export function recordedValue(value: unknown, depth = 0): unknown {
  if (depth > MAX_DEPTH) return lineValue(value);
  if (isArrayLike(value)) {
    const shown = Array.from({ length: Math.min(value.length, WHOLE_ARRAY) }, (_, i) =>
      recordedValue(value[i], depth + 1),
    );
    return value.length <= WHOLE_ARRAY
      ? shown
      : ({ abridged: true, length: value.length, first: shown } satisfies AbridgedArray);
  }
  if (typeof value === "string") return cut(value);
  if (isPlainObject(value)) {
    const entries = Object.entries(value);
    const kept = Object.fromEntries(entries.slice(0, MAX_KEYS).map(([k, v]) => [k, recordedValue(v, depth + 1)]));
    return entries.length <= MAX_KEYS ? kept : { ...kept, "…": `${entries.length - MAX_KEYS} more keys` };
  }
  const plain = jsonValue(value); // class instances, Maps, Dates…: their JSON, which is plain
  if (typeof plain === "string") return cut(plain);
  return typeof plain === "object" && plain !== null ? recordedValue(plain, depth) : plain;
}

/** The record of a check result, at most about MAX_PAYLOAD_CHARS of JSON. */
export function checkPayload(r: CheckResult): Record<string, unknown> {
  const payload: Record<string, unknown> = {
    id: r.id,
    name: r.name,
    ok: r.ok,
    actual: recordedValue(r.actual),
    expected: recordedValue(r.expected),
    tolerance: jsonValue(r.tolerance),
  };
  if (r.maxAbsDiff !== undefined) payload.maxAbsDiff = jsonValue(r.maxAbsDiff);
  if (r.index !== undefined) payload.index = r.index;
  if (r.mismatches !== undefined) payload.mismatches = r.mismatches;
  if (r.worst)
    payload.worst = {
      index: r.worst.index,
      actual: recordedValue(r.worst.actual),
      expected: recordedValue(r.worst.expected),
      ...whereOf(r.worst),
    };
  if (r.detail !== undefined) payload.detail = recordedValue(r.detail);
  if (JSON.stringify(payload).length <= MAX_PAYLOAD_CHARS) return payload;
  // Deeply nested values (10 × 10 × 10 …) can still add up: fall back to their one-line text.
  const short: Record<string, unknown> = { ...payload, actual: lineValue(r.actual), expected: lineValue(r.expected) };
  if (r.worst)
    short.worst = {
      index: r.worst.index,
      actual: lineValue(r.worst.actual),
      expected: lineValue(r.worst.expected),
      ...whereOf(r.worst),
    };
  return short;
}

/** The worst value's name from the check's `where` option, cut like any recorded string. */
function whereOf(worst: { where?: string }): { where?: string } {
  return worst.where === undefined ? {} : { where: cut(worst.where) };
}
