/**
 * What the library expects of Node's globals, in the page's worker: `process` (environment, one
 * thread, stdout/stderr to the cell), `Buffer.from` (base64 and UTF-8), `setImmediate`, and a
 * `require` whose cache is empty (no tslab here) and whose resolve finds the bundled packages in the
 * in-memory file system; and Node's Math.exp, log, sin, cos. Imported first by the worker entry.
 */
import { writeStream } from "./streams";
import { fdlibmExp } from "./fdlibm-exp";
import { fdlibmCos, fdlibmLog, fdlibmSin } from "./fdlibm-more";

const scope = globalThis as Record<string, unknown>;

// Node's exp, log, sin and cos, so training in the page follows the kernel's run bit for bit
// (initialisation draws Gaussians with log, sin and cos; see ./fdlibm-exp).
Math.exp = fdlibmExp;
Math.log = fdlibmLog;
Math.sin = fdlibmSin;
Math.cos = fdlibmCos;

/** A Uint8Array whose toString speaks Node's encodings (what Buffer.from returns here). */
class Bytes extends Uint8Array {
  override toString(encoding?: string): string {
    if (encoding === "base64") {
      let binary = "";
      for (let i = 0; i < this.length; i += 0x8000) binary += String.fromCharCode(...this.subarray(i, i + 0x8000));
      return btoa(binary);
    }
    if (encoding === "hex") return Array.from(this, (b) => b.toString(16).padStart(2, "0")).join("");
    return new TextDecoder().decode(this);
  }
}

const NodeBuffer = {
  from(data: unknown, encoding?: string): Bytes {
    if (typeof data === "string") {
      if (encoding === "base64") {
        const binary = atob(data);
        const out = new Bytes(binary.length);
        for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
        return out;
      }
      const bytes = new TextEncoder().encode(data);
      return new Bytes(bytes.buffer, bytes.byteOffset, bytes.length);
    }
    const bytes = data as ArrayLike<number>;
    const out = new Bytes(bytes.length);
    out.set(bytes);
    return out;
  },
  byteLength: (text: string): number => new TextEncoder().encode(text).length,
  isBuffer: (value: unknown): boolean => value instanceof Bytes,
};

scope.Buffer ??= NodeBuffer;
scope.process ??= {
  env: { NNDL_THREADS: "1" },
  argv: [],
  pid: 1,
  platform: "browser",
  versions: {},
  cwd: () => "/nndl/notebooks",
  on: () => undefined,
  off: () => undefined,
  removeListener: () => undefined,
  listenerCount: () => 0,
  hrtime: Object.assign(
    (start?: [number, number]) => {
      const ns = BigInt(Math.round(performance.now() * 1e6));
      const t: [number, number] = [Number(ns / 1_000_000_000n), Number(ns % 1_000_000_000n)];
      return start ? [t[0] - start[0], t[1] - start[1]] : t;
    },
    { bigint: () => BigInt(Math.round(performance.now() * 1e6)) },
  ),
  stdout: { write: (text: string) => (writeStream("stdout", text), true), isTTY: false },
  stderr: { write: (text: string) => (writeStream("stderr", text), true), isTTY: false },
  emitWarning: () => undefined,
};

// setImmediate through a MessageChannel: a task, like Node's, without setTimeout's 4 ms clamp.
if (typeof scope.setImmediate !== "function") {
  const channel = new MessageChannel();
  const queue: Array<() => void> = [];
  channel.port1.onmessage = () => queue.shift()?.();
  scope.setImmediate = (callback: () => void) => {
    queue.push(callback);
    channel.port2.postMessage(null);
  };
  scope.clearImmediate = () => undefined;
}

scope.require ??= Object.assign(
  (name: string) => {
    throw new Error(`require("${name}") is not available in the page; import from "nndl"`);
  },
  { cache: {}, resolve: (name: string) => `/nndl/node_modules/${name}`, main: undefined },
);
