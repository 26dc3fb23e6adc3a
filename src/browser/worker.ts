/**
 * The page's notebook kernel: a Web Worker holding the library (bundled for the browser by the
 * exporter, ../tools/export/live/bundle.ts) and the notebook's state. The page sends cells; the
 * worker compiles each (./cell-transform), runs it in the scope of the cells before it, and sends
 * back what it prints and displays, as tslab would over Jupyter's wire. Interrupting replaces the
 * worker (the page does that): the notebook's state goes with it.
 *
 * Messages in:  {type: "run", cell, code} · {type: "mnist", files: {name: base64 of gzip}}
 * Messages out: {type: "ready"} · {type: "stream", cell, name, text} · {type: "display", cell, bundle,
 *               displayId, update} · {type: "done", cell, ok} · {type: "file", name, bytes} ·
 *               {type: "mnist-ready", ms}
 */
import "./globals";
import * as nndl from "../index";
import { OneLineError } from "../errors";
import { setPublisher } from "./display";
import { setStreamWriter } from "./streams";
import { onFileWritten, provideFile } from "./node/fs";
import { format, inspect } from "./node/util";
import { gunzipSync } from "fflate";
import { mnistDataDir } from "../mnist/split";
import { transformCell } from "./cell-transform";

const post = (message: unknown, transfer: Transferable[] = []) =>
  (self as unknown as Worker).postMessage(message, transfer);

/** The cell whose outputs we are sending (a timer's print after its cell still lands there). */
let currentCell = "";

/** Text held back at most 20 ms (or until a display), so a loop's prints arrive as a few messages. */
let pending: { name: "stdout" | "stderr"; text: string } | null = null;
let timer: ReturnType<typeof setTimeout> | undefined;
function flush(): void {
  if (timer !== undefined) clearTimeout(timer);
  timer = undefined;
  if (pending) post({ type: "stream", cell: currentCell, name: pending.name, text: pending.text });
  pending = null;
}
setStreamWriter((name, text) => {
  if (pending && pending.name !== name) flush();
  pending = { name, text: (pending?.text ?? "") + text };
  timer ??= setTimeout(flush, 20);
});
setPublisher((bundle, displayId, update) => {
  flush();
  post({ type: "display", cell: currentCell, bundle, displayId, update });
});
/** Files the library writes are offered as downloads (saveNetwork); caches of hundreds of MB are not. */
const DOWNLOAD_LIMIT = 20e6;
onFileWritten((name, bytes) => {
  if (bytes.length <= DOWNLOAD_LIMIT) post({ type: "file", cell: currentCell, name, bytes: bytes.slice() });
});

const write =
  (name: "stdout" | "stderr") =>
  (...args: unknown[]): void => {
    (process[name] as { write(text: string): void }).write(format(...args) + "\n");
  };
for (const method of ["log", "info", "debug"] as const) console[method] = write("stdout");
for (const method of ["warn", "error", "trace"] as const) console[method] = write("stderr");

/** What `import … from "X"` gives a cell. */
(globalThis as Record<string, unknown>).__nndlImport = (name: string) => {
  if (name === "nndl") return nndl;
  throw new Error(
    `Cannot find module '${name}': in the page only "nndl" can be imported (types from other packages are fine)`,
  );
};

interface Scope {
  next: (code: string) => { done: Promise<unknown>; next: Scope["next"] };
}
/** The root of the scope chain: a sloppy function whose direct eval runs the first cell (strict itself). */
let scope: Scope = { next: new Function("__nndlCode", "return eval(__nndlCode)") as Scope["next"] };

/** MNIST arrives from the page soon after start; cells that use it wait for it. */
let mnistArrived: () => void = () => {};
const mnistReady = new Promise<void>((resolve) => (mnistArrived = resolve));
let usesMnist = false;

async function run(cell: string, source: string): Promise<boolean> {
  currentCell = cell;
  try {
    // A cell (or an earlier one, whose functions it may call) that mentions MNIST waits for the data.
    usesMnist ||= /mnist|loadDigits/i.test(source);
    if (usesMnist) await mnistReady;
    const { code } = transformCell(source);
    const evaluated = scope.next(code);
    scope = { next: evaluated.next };
    const value = await evaluated.done;
    if (value !== null && value !== undefined) console.log(value);
    return true;
  } catch (error) {
    process.stderr.write(errorText(error) + "\n");
    return false;
  } finally {
    flush();
  }
}

/** A thrown error as tslab prints it: the library's one-line errors as one line, others with their stack. */
function errorText(error: unknown): string {
  if (error instanceof Error && (error instanceof OneLineError || error.name === "SyntaxError"))
    return `${error.name}: ${error.message}`;
  if (error instanceof Error) {
    // Frames inside the bundled library and the eval machinery say nothing to a learner.
    const frames = (error.stack ?? "")
      .split("\n")
      .slice(1)
      .filter((l) => /eval at|<anonymous>/.test(l))
      .slice(0, 5);
    return [`${error.name}: ${error.message}`, ...frames].join("\n");
  }
  return `Uncaught ${inspect(error)}`;
}

function decodeBase64(text: string): Uint8Array {
  const native = (Uint8Array as unknown as { fromBase64?: (text: string) => Uint8Array }).fromBase64;
  if (native) return native(text);
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** The browser's own gunzip (native, several times faster than fflate's), fflate where it is missing. */
async function gunzip(bytes: Uint8Array): Promise<Uint8Array> {
  if (typeof DecompressionStream !== "function") return gunzipSync(bytes);
  const stream = new Blob([bytes as BlobPart]).stream().pipeThrough(new DecompressionStream("gzip"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

async function receiveMnist(files: Record<string, string>): Promise<void> {
  const started = performance.now();
  const decoded = await Promise.all(
    Object.entries(files).map(async ([name, base64]) => [name, await gunzip(decodeBase64(base64))] as const),
  );
  for (const [name, bytes] of decoded) provideFile(`${mnistDataDir()}/${name}`, bytes);
  mnistArrived();
  post({ type: "mnist-ready", ms: performance.now() - started });
}

/** One cell at a time, in the order sent (Run all sends them all at once). */
let queue = Promise.resolve();
self.onmessage = (event: MessageEvent) => {
  const message = event.data as { type: string; cell: string; code: string; files: Record<string, string> };
  if (message.type === "mnist") void receiveMnist(message.files);
  if (message.type === "run") {
    queue = queue.then(async () => {
      const ok = await run(message.cell, message.code);
      post({ type: "done", cell: message.cell, ok });
    });
  }
};

// Where the library looks for its own package (expandMnist's cache folder) in the in-memory files.
provideFile("/nndl/package.json", new TextEncoder().encode(JSON.stringify({ name: "nndl" })));
// bootMs: from the worker's creation to here (parsing the bundle, TypeScript and the library).
post({ type: "ready", bootMs: performance.now() });
// Load and warm up TypeScript now, before the first Run asks for it (see cell-transform.ts).
setTimeout(() => transformCell("const warm: number = 1;"), 0);
