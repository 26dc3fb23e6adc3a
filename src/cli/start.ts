/**
 * `npm start` = `nndl start` after the build: the whole course, end to end.
 *   1. register the project's tslab kernelspec (build/jupyter, never the user's home);
 *   2. run every notebook top to bottom in a fresh kernel (the runner writes executed copies to
 *      build/executed/), showing which notebook and cell is running;
 *   3. print a summary table (notebook, cells, checks passed/failed, seconds);
 *   4. export the site and the student edition — also when a notebook failed, so its page shows why;
 *   5. exit 1 if any notebook failed, and say where to open the result.
 */
import * as path from "node:path";
import { projectRoot } from "../project-root";
import { KERNEL_NAME, registerKernel } from "../tools/kernel/kernelspec";
import { exportCourse, listNotebooks } from "../tools/export/site";
import { summaryTable } from "../tools/runner/summary";
import type { ProgressEvent } from "../tools/runner/report";
import { MAX_TIMEOUT_SECONDS, runNotebooks } from "../tools/runner/run-notebooks";
import { installSignalCleanup } from "../tools/kernel/client";
import { numberFlag, parseFlags, stringValue, usage, type FlagTable } from "./args";
import { printExportReport } from "./export";
import { heartbeatFor, type HeartbeatOptions } from "./progress";

const flags: FlagTable = {
  notebooks: { type: "string", value: "DIR", description: "the source notebooks", default: "notebooks" },
  out: { type: "string", value: "DIR", description: "where to write the site", default: "site" },
  student: { type: "string", value: "DIR", description: "where to write the student edition", default: "student" },
  executed: {
    type: "string",
    value: "DIR",
    description: "where the runner writes executed copies",
    default: "build/executed",
  },
  timeout: { type: "string", value: "SECONDS", description: "limit per cell, as for nndl verify", default: "600" },
};

/**
 * One status line per notebook: redrawn in place on a terminal ("[2/7] 02-sigmoid-neurons.ipynb
 * cell 12/30 · 14.2 s"); in a log, its final line and, while it runs, a heartbeat line every ~15 s
 * (NotebookHeartbeat), so CI logs stay short yet a long notebook does not look hung.
 */
export function progressDisplay(
  stream: NodeJS.WriteStream = process.stderr,
  heartbeat: HeartbeatOptions = {},
): (event: ProgressEvent) => void {
  const tty = Boolean(stream.isTTY);
  const beat = heartbeatFor(stream, heartbeat);
  let label = "";
  return (event) => {
    beat?.observe(event);
    if (event.type === "notebook-start") {
      label = `[${event.index + 1}/${event.total}] ${path.basename(event.path)}`;
      if (tty) stream.write(`${label} starting the kernel…\x1b[K`);
    } else if (event.type === "cell-start" && tty) {
      stream.write(`\r${label}  cell ${event.cell}/${event.cells} · ${event.elapsed.toFixed(1)} s\x1b[K`);
    } else if (event.type === "notebook-end") {
      const r = event.report;
      const failed = r.checks.filter((c) => !c.ok).length;
      const outcome = r.ok
        ? "✓"
        : `✗ ${r.error ? `${r.error.ename} at code cell ${r.error.codeCell}` : `${failed} checks failed`}`;
      label = `[${event.index + 1}/${event.total}] ${path.basename(event.path)}`;
      stream.write(
        `${tty ? "\r" : ""}${label}  ${outcome} · ${r.executed}/${r.cells} cells · ${r.checks.length - failed}/${r.checks.length} checks · ${r.seconds.toFixed(1)} s${tty ? "\x1b[K" : ""}\n`,
      );
    }
  };
}

export async function run(args: string[]): Promise<number> {
  const { values } = parseFlags("nndl start", args, flags);
  if (values.help) {
    console.log(
      usage(
        "nndl start [--notebooks DIR] [--out DIR] [--student DIR] [--executed DIR] [--timeout SECONDS]",
        flags,
        "Runs every notebook, prints a summary, exports the site and the student edition; exit code 1 if a notebook failed.",
      ),
    );
    return 0;
  }
  const notebooksDir = stringValue(values, "notebooks", "notebooks");
  const studentDir = stringValue(values, "student", "student");
  const timeout = numberFlag(
    "timeout",
    stringValue(values, "timeout", "600"),
    (n) => n > 0 && n <= MAX_TIMEOUT_SECONDS,
    `use a number of seconds > 0 and at most ${MAX_TIMEOUT_SECONDS}`,
  );
  const notebooks = listNotebooks(notebooksDir).map((p) => path.resolve(p));
  const executedDir = path.resolve(stringValue(values, "executed", path.join(projectRoot(), "build", "executed")));

  console.log(`kernel ${KERNEL_NAME} registered in ${registerKernel()} (Jupyter finds it through JUPYTER_PATH)`);
  console.log(`running ${notebooks.length} notebooks, each in a fresh kernel…`);
  installSignalCleanup(); // Ctrl-C stops the kernels too, not only this process
  const report = await runNotebooks(notebooks, { timeout, outDir: executedDir, onProgress: progressDisplay() });
  console.log(`\n${summaryTable(report)}\n`);

  const exported = exportCourse({ notebooksDir, executedDir, outDir: stringValue(values, "out", "site"), studentDir });
  printExportReport(exported, studentDir);

  if (!report.ok) {
    const failed = report.notebooks.filter((n) => !n.ok).map((n) => path.basename(n.path));
    console.error(`\nnot everything passed: ${failed.join(", ")} (their pages show the errors)`);
    return 1;
  }
  return 0;
}
