/**
 * `util` in the page's worker: isDeepStrictEqual (the checks compare with it), and inspect/format
 * for console.log and a cell's last value, close to Node's output for the values notebooks print
 * (numbers, strings, arrays, typed arrays, plain objects, Maps, Sets, errors).
 */
export function isDeepStrictEqual(a: unknown, b: unknown): boolean {
  return deepEqual(a, b, new Map());
}

function deepEqual(a: unknown, b: unknown, seen: Map<object, object>): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
  if (seen.get(a) === b) return true;
  seen.set(a, b);
  if (a instanceof Date) return a.getTime() === (b as Date).getTime();
  if (a instanceof Map) {
    const m = b as Map<unknown, unknown>;
    return a.size === m.size && [...a].every(([k, v]) => m.has(k) && deepEqual(v, m.get(k), seen));
  }
  if (a instanceof Set) return a.size === (b as Set<unknown>).size && [...a].every((v) => (b as Set<unknown>).has(v));
  if (ArrayBuffer.isView(a)) {
    const x = a as unknown as ArrayLike<unknown>,
      y = b as unknown as ArrayLike<unknown>;
    if (x.length !== y.length) return false;
    for (let i = 0; i < x.length; i++) if (!Object.is(x[i], y[i])) return false;
    return true;
  }
  const ka = Object.keys(a),
    kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  return ka.every(
    (k) =>
      Object.prototype.hasOwnProperty.call(b, k) &&
      deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], seen),
  );
}

const MAX_ITEMS = 100;

export function inspect(value: unknown, depth = 2, seen: object[] = []): string {
  switch (typeof value) {
    case "string":
      return seen.length === 0 ? `'${value}'` : `'${value.replace(/'/g, "\\'")}'`;
    case "number":
      return Object.is(value, -0) ? "-0" : String(value);
    case "bigint":
      return `${value}n`;
    case "undefined":
      return "undefined";
    case "boolean":
      return String(value);
    case "symbol":
      return value.toString();
    case "function":
      return `[${/^class\s/.test(Function.prototype.toString.call(value)) ? "class" : "Function"}: ${value.name || "(anonymous)"}]`;
  }
  if (value === null) return "null";
  const obj = value as object;
  if (seen.includes(obj)) return "[Circular *1]";
  const custom = (obj as Record<symbol, unknown>)[Symbol.for("nodejs.util.inspect.custom")];
  if (typeof custom === "function") return String(custom.call(obj));
  if (obj instanceof Error) return obj.stack ?? `${obj.name}: ${obj.message}`;
  if (obj instanceof Date) return obj.toISOString();
  if (obj instanceof RegExp) return String(obj);
  if (depth < 0) return Array.isArray(obj) ? "[Array]" : "[Object]";
  const inner = [...seen, obj];
  const show = (v: unknown) => inspect(v, depth - 1, inner);
  const items = (list: string[], total: number) =>
    total > MAX_ITEMS ? [...list, `... ${total - MAX_ITEMS} more item${total - MAX_ITEMS > 1 ? "s" : ""}`] : list;
  if (Array.isArray(obj) || ArrayBuffer.isView(obj)) {
    const arr = obj as unknown as ArrayLike<unknown>;
    const list = items(
      Array.from({ length: Math.min(arr.length, MAX_ITEMS) }, (_, i) => show(arr[i])),
      arr.length,
    );
    const prefix = Array.isArray(obj) ? "" : `${obj.constructor.name}(${arr.length}) `;
    return wrap(prefix + "[", list, "]");
  }
  if (obj instanceof Map)
    return wrap(
      `Map(${obj.size}) {`,
      [...obj].slice(0, MAX_ITEMS).map(([k, v]) => `${show(k)} => ${show(v)}`),
      "}",
    );
  if (obj instanceof Set) return wrap(`Set(${obj.size}) {`, [...obj].slice(0, MAX_ITEMS).map(show), "}");
  const name = obj.constructor && obj.constructor !== Object ? `${obj.constructor.name} ` : "";
  const list = Object.keys(obj).map(
    (k) => `${/^[A-Za-z_$][\w$]*$/.test(k) ? k : `'${k}'`}: ${show((obj as Record<string, unknown>)[k])}`,
  );
  if (list.length === 0) return `${name}{}`;
  return wrap(`${name}{`, list, "}");
}

/** Node's layout: on one line when short, else one item per line. */
function wrap(open: string, list: string[], close: string): string {
  if (list.length === 0) return `${open}${close}`;
  const pad = " ";
  const line = `${open}${pad}${list.join(", ")}${pad}${close}`;
  if (line.length <= 72 && !line.includes("\n")) return line;
  return `${open}\n${list.map((s) => "  " + s.replace(/\n/g, "\n  ")).join(",\n")}\n${close}`;
}

/** console.log's formatting: strings as they are, other values inspected, joined by spaces. */
export function format(...args: unknown[]): string {
  return args.map((a) => (typeof a === "string" ? a : inspect(a))).join(" ");
}
