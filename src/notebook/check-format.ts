/**
 * How checks show values: a short human string for the ✓/✗ line, and a JSON-safe copy for the
 * machine-readable `application/vnd.nndl.check+json` output (JSON has no NaN, Infinity or typed arrays).
 */

/** Numbers with 6 significant digits; integers as they are; tiny/huge in exponent form. */
export function formatNumber(x: number): string {
  if (Number.isInteger(x) && Math.abs(x) < 1e15) return String(x);
  if (!Number.isFinite(x)) return String(x);
  const abs = Math.abs(x);
  if (abs !== 0 && (abs < 1e-4 || abs >= 1e15)) return x.toExponential(4).replace(/\.?0+e/, "e");
  return String(Number(x.toPrecision(6)));
}

const MAX_SHOWN = 6;

/** One-line rendering of a check value: numbers, strings, booleans, arrays (abridged), objects. */
export function formatValue(value: unknown): string {
  if (typeof value === "number") return formatNumber(value);
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "bigint") return `${value}n`;
  if (value === null || value === undefined || typeof value === "boolean") return String(value);
  if (value instanceof Error) return `${value.name}: ${value.message}`;
  if (isArrayLike(value)) {
    const shown = Array.from({ length: Math.min(value.length, MAX_SHOWN) }, (_, i) => formatValue(value[i]));
    const more = value.length > MAX_SHOWN ? `, … (${value.length} values)` : "";
    return `[${shown.join(", ")}${more}]`;
  }
  if (typeof value === "function") return `function ${value.name || "(anonymous)"}`;
  try {
    const text = JSON.stringify(value, jsonReplacer);
    return text.length > 80 ? text.slice(0, 77) + "…" : text;
  } catch {
    return String(value);
  }
}

/** Arrays and typed arrays (not strings). */
export function isArrayLike(value: unknown): value is ArrayLike<unknown> {
  return Array.isArray(value) || (ArrayBuffer.isView(value) && !(value instanceof DataView));
}

const MAX_JSON_VALUES = 100;

/** A JSON-safe copy: non-finite numbers as strings, typed arrays as plain arrays (first 100 values). */
export function jsonValue(value: unknown): unknown {
  if (typeof value === "number") return Number.isFinite(value) ? value : String(value);
  if (typeof value === "bigint") return String(value);
  if (value === undefined) return null;
  if (value instanceof Error) return `${value.name}: ${value.message}`;
  if (typeof value === "function") return formatValue(value);
  if (isArrayLike(value)) return Array.from(value).slice(0, MAX_JSON_VALUES).map(jsonValue);
  if (value !== null && typeof value === "object") {
    try {
      return JSON.parse(JSON.stringify(value, jsonReplacer));
    } catch {
      return String(value);
    }
  }
  return value;
}

function jsonReplacer(_key: string, v: unknown): unknown {
  if (typeof v === "number" && !Number.isFinite(v)) return String(v);
  if (ArrayBuffer.isView(v) && !(v instanceof DataView)) return Array.from(v as unknown as ArrayLike<number>);
  return v;
}
