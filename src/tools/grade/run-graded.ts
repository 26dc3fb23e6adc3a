/**
 * Runs a graded notebook's cells in a fresh tslab kernel, unlike "Run All" in one way: a failing
 * cell does not stop the run, so one unsolved exercise costs only the checks that depend on it. A
 * cell that hangs (the per-cell timeout) or kills the kernel (`process.exit`) is skipped: a new
 * kernel replays the cells before it and the run goes on after it.
 */
import { KernelClient, type ExecuteOutcome } from "../kernel/client";
import type { JupyterMessage } from "../kernel/messages";
import { checkRecordIn, errorFromMessages } from "../runner/outputs";
import { installOutputQueue } from "../runner/run-notebook";
import type { GradedCell } from "./splice";

/** A check as recorded by the kernel, with the graded cell that emitted it. */
export interface GradedCheck {
  id: string;
  ok: boolean;
  name: string;
  cell: number;
  line: string;
  /** The compared value as the check recorded it (JSON-safe). */
  actual: unknown;
}

export interface CellOutcome {
  index: number;
  status: "ok" | "error" | "timeout" | "dead";
  message?: string;
}

export interface GradedRun {
  checks: GradedCheck[];
  cells: CellOutcome[];
  seconds: number;
}

/** tslab answers "abort" to a request arriving within ~200 ms of an error: wait this long and retry. */
const ABORT_RETRY_MS = 300;

/** Starts the kernel a graded run executes in (freshKernel; tests substitute one that fails). */
export type StartKernel = (cwd: string) => Promise<KernelClient>;

export async function runGraded(
  cells: GradedCell[],
  cwd: string,
  timeoutSeconds: number,
  startKernel: StartKernel = freshKernel,
): Promise<GradedRun> {
  const started = Date.now();
  const run: GradedRun = { checks: [], cells: [], seconds: 0 };
  const newKernel = () => startOrRetry(startKernel, cwd);
  let kernel = await newKernel();
  try {
    for (const [n, cell] of cells.entries()) {
      const outcome = await execute(kernel, cell.code, timeoutSeconds, (msg) => collectCheck(run, cell.index, msg));
      if (outcome.status === "ok") {
        run.cells.push({ index: cell.index, status: "ok" });
        continue;
      }
      const status = outcome.status === "abort" ? "error" : outcome.status; // still refused after retries
      run.cells.push({ index: cell.index, status, message: failureMessage(outcome, timeoutSeconds) });
      if (status === "error") continue;
      // A hung or dead kernel: start again, rebuild the state of the cells before this one, skip it.
      await kernel.shutdown();
      kernel = await newKernel();
      const replay = cells
        .slice(0, n)
        .filter((_, k) => run.cells[k].status === "ok" || run.cells[k].status === "error");
      for (const before of replay) await execute(kernel, before.code, timeoutSeconds, () => {});
    }
  } finally {
    await kernel.shutdown();
  }
  run.seconds = (Date.now() - started) / 1000;
  return run;
}

/** A tslab kernel in `cwd`, its output made lossless. */
export async function freshKernel(cwd: string): Promise<KernelClient> {
  const kernel = await KernelClient.start({ cwd });
  await installOutputQueue(kernel);
  return kernel;
}

/**
 * A kernel start that fails (one that did not answer within a minute on a machine busy with other
 * work was seen while grading) is tried once more before the run gives up.
 */
async function startOrRetry(start: StartKernel, cwd: string): Promise<KernelClient> {
  try {
    return await start(cwd);
  } catch {
    return start(cwd);
  }
}

async function execute(
  kernel: KernelClient,
  code: string,
  timeoutSeconds: number,
  onMessage: (msg: JupyterMessage) => void,
): Promise<ExecuteOutcome> {
  if (code.trim() === "") return { status: "ok", messages: [], seconds: 0 };
  for (let attempt = 0; ; attempt++) {
    const outcome = await kernel.execute(code, { timeoutMs: timeoutSeconds * 1000, onMessage });
    if (outcome.status !== "abort" || attempt >= 3) return outcome;
    await new Promise((resolve) => setTimeout(resolve, ABORT_RETRY_MS));
  }
}

function collectCheck(run: GradedRun, cell: number, msg: JupyterMessage): void {
  const record = checkRecordIn(msg);
  if (!record || typeof record.id !== "string") return;
  const text = (msg.content as { data?: Record<string, unknown> }).data?.["text/plain"];
  const line = typeof text === "string" ? text : record.id;
  run.checks.push({
    id: record.id,
    ok: record.ok === true,
    name: String(record.name ?? ""),
    cell,
    line,
    actual: record.actual,
  });
}

function failureMessage(outcome: ExecuteOutcome, timeoutSeconds: number): string {
  if (outcome.status === "timeout")
    return `did not finish within ${timeoutSeconds} s (skipped; the cells before it were replayed in a new kernel)`;
  if (outcome.status === "dead")
    return "the kernel died while running it (skipped; the cells before it were replayed in a new kernel)";
  const { ename, evalue } = errorFromMessages(outcome.messages);
  return `${ename}: ${evalue}`;
}
