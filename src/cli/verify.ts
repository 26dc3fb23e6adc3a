/**
 * `nndl verify [NOTEBOOK…] [--json] [--timeout SECONDS]`: runs notebooks headlessly in real tslab
 * kernels, shows progress on stderr, writes executed copies to build/executed/, and exits 1 if any
 * cell failed or any check failed (2 for bad arguments).
 */
import * as path from "node:path";
import { defaultNotebooks, MAX_TIMEOUT_SECONDS, runNotebooks } from "../tools/runner/run-notebooks";
import { installSignalCleanup } from "../tools/kernel/client";
import type { NotebookReport, ProgressEvent, RunReport } from "../tools/runner/report";
import { DEFAULT_TIMEOUT_SECONDS } from "../tools/runner/run-notebook";
import { type FlagTable, numberFlag, parseFlags, usage } from "./args";
import { heartbeatFor, type HeartbeatOptions } from "./progress";

const flags: FlagTable = {
  json: { type: "boolean", description: "print one JSON report on stdout instead of the summary" },
  out: { type: "string", value: "DIR", description: "where executed copies go", default: "build/executed" },
  timeout: {
    type: "string",
    value: "SECONDS",
    description: "limit per cell; the kernel is stopped when a cell exceeds it",
    default: String(DEFAULT_TIMEOUT_SECONDS),
  },
};

export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseFlags("nndl verify", args, flags, Number.MAX_SAFE_INTEGER);
  if (values.help) {
    console.log(
      usage(
        "nndl verify [NOTEBOOK.ipynb…] [--json] [--timeout SECONDS] [--out DIR]",
        flags,
        "Without notebooks, runs every notebooks/*.ipynb in name order. Executed copies go to build/executed/.",
      ),
    );
    return 0;
  }
  const timeout =
    typeof values.timeout === "string"
      ? numberFlag(
          "timeout",
          values.timeout,
          (n) => n > 0 && n <= MAX_TIMEOUT_SECONDS,
          `use a number of seconds > 0 and at most ${MAX_TIMEOUT_SECONDS}`,
        )
      : undefined;
  const paths = positionals.length > 0 ? positionals.map((p) => path.resolve(p)) : defaultNotebooks();
  const outDir = typeof values.out === "string" ? path.resolve(values.out) : undefined;
  installSignalCleanup(); // Ctrl-C stops the kernels too, not only this process
  const report = await runNotebooks(paths, { timeout, outDir, onProgress: progressPrinter() });
  if (values.json) console.log(JSON.stringify(report, null, 2));
  else console.log(summary(report));
  return report.ok ? 0 : 1;
}

/**
 * Progress on stderr: a redrawn line on a terminal; otherwise one line per finished cell and, during
 * a long cell, a heartbeat line every ~15 s (NotebookHeartbeat) so a log never goes silent for minutes.
 */
export function progressPrinter(
  stream: NodeJS.WriteStream = process.stderr,
  heartbeat: HeartbeatOptions = {},
): (event: ProgressEvent) => void {
  const tty = Boolean(stream.isTTY);
  const beat = heartbeatFor(stream, heartbeat);
  const name = (p: string) => path.relative(process.cwd(), p) || p;
  return (event) => {
    beat?.observe(event);
    switch (event.type) {
      case "notebook-start":
        stream.write(`[${event.index + 1}/${event.total}] ${name(event.path)} (${event.cells} code cells)\n`);
        return;
      case "cell-start":
        if (tty) stream.write(`\r  cell ${event.cell}/${event.cells}  ${event.elapsed.toFixed(1)} s\x1b[K`);
        return;
      case "cell-end":
        if (tty) stream.write(`\r\x1b[K`);
        if (!tty || event.status !== "ok")
          stream.write(
            `  cell ${event.cell}/${event.cells} ${event.status} ${event.seconds.toFixed(1)} s (${event.elapsed.toFixed(1)} s)\n`,
          );
        beat?.printed();
        return;
      case "notebook-end":
        stream.write(`  ${resultLine(event.report)}\n`);
        return;
    }
  };
}

function resultLine(n: NotebookReport): string {
  const failed = n.checks.filter((c) => !c.ok).length;
  const checks = `${n.checks.length - failed}/${n.checks.length} checks passed`;
  const error = n.error ? ` — code cell ${n.error.codeCell}/${n.cells}: ${n.error.ename}: ${n.error.evalue}` : "";
  return `${n.ok ? "✓" : "✗"} ${n.executed}/${n.cells} cells, ${checks}, ${n.seconds.toFixed(1)} s${error}`;
}

function summary(report: RunReport): string {
  const rows = report.notebooks.map(
    (n) => `${n.ok ? "✓" : "✗"} ${path.relative(process.cwd(), n.path)}  ${resultLine(n).slice(2)}`,
  );
  const failed = report.notebooks.filter((n) => !n.ok).length;
  const last =
    report.notebooks.length === 0
      ? "no notebooks found"
      : failed === 0
        ? `all ${report.notebooks.length} notebooks passed in ${report.seconds.toFixed(1)} s`
        : `${failed} of ${report.notebooks.length} notebooks failed`;
  return [...rows, last].join("\n");
}
