/**
 * Runs one notebook top to bottom in a fresh tslab kernel, the way "Restart & Run All" does: stops at
 * the first failing cell, kills the kernel when a cell exceeds the timeout, notices when the kernel
 * dies, and writes an executed copy with every output (the source notebook is only read).
 */
import * as path from "node:path";
import { KernelClient } from "../kernel/client";
import type { JupyterMessage } from "../kernel/messages";
import { joinSource, readNotebook, writeNotebook, type Notebook, type Output } from "../nbformat";
import { OutputCollector, checkRecordIn, errorFromMessages, parseError } from "./outputs";
import type { CellError, CheckRecord, NotebookReport, RunOptions } from "./report";

export const DEFAULT_TIMEOUT_SECONDS = 600;

interface RunState {
  nb: Notebook;
  /** An error that surfaced after its cell had returned (an un-awaited promise, a throwing timer). */
  lateError: { ename: string; evalue: string } | null;
  collector: OutputCollector;
  checks: CheckRecord[];
  codeCells: number[];
  executed: number;
  error: CellError | null;
}

export async function runNotebook(
  file: string,
  outDir: string,
  options: RunOptions = {},
  index = 0,
  total = 1,
): Promise<NotebookReport> {
  const started = Date.now();
  const elapsed = () => (Date.now() - started) / 1000;
  const base = { path: file, checks: [] as CheckRecord[], executedPath: null, kernelStartSeconds: null };
  let nb: Notebook;
  try {
    nb = readNotebook(file);
  } catch (error) {
    const report = {
      ...base,
      ok: false,
      seconds: elapsed(),
      cells: 0,
      executed: 0,
      error: { cell: 0, codeCell: 0, ename: "InvalidNotebook", evalue: (error as Error).message },
    };
    options.onProgress?.({ type: "notebook-end", path: file, index, total, report });
    return report;
  }
  const codeCells = nb.cells.flatMap((c, i) => (c.cell_type === "code" ? [i] : []));
  options.onProgress?.({ type: "notebook-start", path: file, index, total, cells: codeCells.length });
  const state: RunState = {
    nb: cleared(nb),
    lateError: null,
    collector: new OutputCollector(),
    checks: [],
    codeCells,
    executed: 0,
    error: null,
  };

  const kernelStarted = Date.now();
  let kernel: KernelClient | null = null;
  try {
    kernel = await KernelClient.start({ cwd: path.dirname(path.resolve(file)) });
  } catch (error) {
    state.error = {
      cell: codeCells[0] ?? 0,
      codeCell: 1,
      ename: "KernelDied",
      evalue: `the tslab kernel did not start: ${(error as Error).message}`,
    };
  }
  const kernelStartSeconds = kernel ? (Date.now() - kernelStarted) / 1000 : null;
  if (kernel) {
    try {
      await runCells(kernel, state, file, options, elapsed);
    } finally {
      await kernel.shutdown();
    }
  }
  const executedPath = path.join(outDir, path.basename(file));
  writeNotebook(executedPath, state.nb);
  const ok = state.error === null && state.checks.every((c) => c.ok);
  const report: NotebookReport = {
    path: file,
    ok,
    seconds: elapsed(),
    cells: codeCells.length,
    executed: state.executed,
    checks: state.checks,
    error: state.error,
    executedPath,
    kernelStartSeconds,
  };
  options.onProgress?.({ type: "notebook-end", path: file, index, total, report });
  return report;
}

async function runCells(
  kernel: KernelClient,
  state: RunState,
  file: string,
  options: RunOptions,
  elapsed: () => number,
): Promise<void> {
  const timeoutMs = 1000 * (options.timeout ?? DEFAULT_TIMEOUT_SECONDS);
  const cells = state.codeCells.length;
  // Output from timers of a finished cell arrives with no request to belong to: give it to the last cell run.
  let current: Output[] = [];
  kernel.onStrayMessage = (msg) => {
    state.collector.add(current, msg);
    noteLateError(state, msg);
  };
  await installOutputQueue(kernel);
  for (const [n, cellIndex] of state.codeCells.entries()) {
    const cell = state.nb.cells[cellIndex];
    if (cell.cell_type !== "code") continue; // codeCells holds only code cells; this tells the compiler
    const code = joinSource(cell.source);
    if (code.trim() === "") continue;
    options.onProgress?.({ type: "cell-start", path: file, cell: n + 1, cells, elapsed: elapsed() });
    current = cell.outputs = [];
    const outcome = await kernel.execute(code, {
      timeoutMs,
      onMessage: (msg) => collect(state, cellIndex, current, msg),
    });
    state.executed++;
    cell.execution_count = state.executed;
    if (outcome.status === "ok" && n === cells - 1) await delay(LAST_CELL_SETTLE_MS); // let a last un-awaited promise settle
    const late = outcome.status === "ok" ? state.lateError : null;
    options.onProgress?.({
      type: "cell-end",
      path: file,
      cell: n + 1,
      cells,
      elapsed: elapsed(),
      status: late ? "error" : outcome.status,
      seconds: outcome.seconds,
    });
    if (late) {
      state.error = { ...late, cell: cellIndex, ...(cell.id ? { cellId: cell.id } : {}), codeCell: n + 1 };
      current.push({
        output_type: "error",
        ename: late.ename,
        evalue: late.evalue,
        traceback: [`${late.ename}: ${late.evalue}`],
      });
      return;
    }
    if (outcome.status === "ok") continue;
    state.error = {
      ...cellError(outcome.status, outcome.messages, options.timeout ?? DEFAULT_TIMEOUT_SECONDS),
      cell: cellIndex,
      ...(cell.id ? { cellId: cell.id } : {}),
      codeCell: n + 1,
    };
    if (outcome.status === "dead") state.error.evalue = await deathReason(kernel);
    current.push({
      output_type: "error",
      ename: state.error.ename,
      evalue: state.error.evalue,
      traceback: [`${state.error.ename}: ${state.error.evalue}`],
    });
    return;
  }
}

function collect(state: RunState, cellIndex: number, outputs: Output[], msg: JupyterMessage): void {
  state.collector.add(outputs, msg);
  noteLateError(state, msg);
  const check = checkRecordIn(msg);
  if (check) state.checks.push({ ...(check as CheckRecord), cell: cellIndex });
}

/**
 * tslab catches an unhandled rejection or uncaught exception and only prints it to stderr
 * ("UnhandledPromiseRejection: InputError: …" and a stack), so a cell that forgot an `await` used
 * to pass. We read that line and fail the cell that was running when it surfaced (or the last one).
 */
function noteLateError(state: RunState, msg: JupyterMessage): void {
  if (state.lateError || msg.header.msg_type !== "stream" || msg.content.name !== "stderr") return;
  const text = String(msg.content.text ?? "");
  const line = /^(UnhandledPromiseRejection|UncaughtException): (.*)$/m.exec(text);
  if (!line) return;
  // tslab's own file watcher can throw when files change under a running kernel (a rebuild, an
  // npm install: "Unexpected pending rebuildTimer"); that is no error of the notebook's.
  const firstFrame = /^\s+at .*$/m.exec(text.slice(line.index))?.[0] ?? "";
  if (/[\\/]node_modules[\\/](tslab|@tslab)[\\/]/.test(firstFrame)) return;
  const thrown = parseError(line[2]);
  const what =
    line[1] === "UnhandledPromiseRejection"
      ? "a promise rejected after its cell had returned (a missing `await`?)"
      : "an error was thrown outside the cell's own code (a timer or callback)";
  state.lateError = { ename: thrown.ename, evalue: `${what}: ${thrown.evalue}` };
}

/** How long the runner waits after the last cell for a promise it started to fail. */
const LAST_CELL_SETTLE_MS = 200;

const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Makes the kernel's output channel lossless before any cell runs (see notebook/iopub-queue.ts):
 * `import "nndl"` does it too, but a notebook that never imports the library must not lose output.
 */
export async function installOutputQueue(kernel: KernelClient): Promise<void> {
  const module = JSON.stringify(require.resolve("../../notebook/iopub-queue"));
  await kernel.execute(
    `(eval("require") as (id: string) => { makeKernelOutputLossless(): void })(${module}).makeKernelOutputLossless();`,
    { timeoutMs: 30_000 },
  );
}

function cellError(status: string, messages: JupyterMessage[], timeout: number): { ename: string; evalue: string } {
  switch (status) {
    case "timeout":
      return {
        ename: "Timeout",
        evalue: `the cell did not finish within ${timeout} s (per-cell --timeout); the kernel was stopped`,
      };
    case "dead":
      return { ename: "KernelDied", evalue: "the kernel exited while running this cell" }; // detailed by deathReason
    case "abort":
      return {
        ename: "Aborted",
        evalue: "the kernel refused to run the cell (tslab aborts requests right after an error)",
      };
    default:
      return errorFromMessages(messages);
  }
}

async function deathReason(kernel: KernelClient): Promise<string> {
  const { code, signal } = await kernel.exited;
  const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
  const last = kernel.kernelStderr.trim().split("\n").pop();
  return `the kernel ${how} while running this cell${last ? ` (${last})` : ""}`;
}

/** A copy of the notebook with no outputs, for filling in (the source object stays untouched). */
function cleared(nb: Notebook): Notebook {
  const copy = structuredClone(nb);
  for (const cell of copy.cells) {
    if (cell.cell_type !== "code") continue;
    cell.outputs = [];
    cell.execution_count = null;
  }
  return copy;
}
