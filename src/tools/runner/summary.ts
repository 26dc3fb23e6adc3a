/**
 * The summary table `npm start` prints after running every notebook:
 *
 *   notebook              cells  checks ✓  checks ✗  seconds  result
 *   01-perceptrons.ipynb  24/24        12         0     18.2  ok
 *   02-backprop.ipynb     17/31         9         1     40.5  FAILED at code cell 17: CheckError: …
 *   total                 41/55        21         1     58.7  1 of 2 notebooks failed
 *
 * "cells" is code cells run / code cells. It reads the runner's report (the shape of
 * `nndl verify --json`), so it is plain data → text.
 */
import * as path from "node:path";
import type { NotebookReport, RunReport } from "./report";

function result(run: NotebookReport): string {
  if (run.ok) return "ok";
  if (!run.error)
    return `FAILED: ${run.checks
      .filter((c) => !c.ok)
      .map((c) => c.id)
      .join(", ")}`;
  const message = `${run.error.ename}: ${run.error.evalue}`.replace(/\s+/g, " ");
  return `FAILED at code cell ${run.error.codeCell}: ${message.length > 70 ? `${message.slice(0, 69)}…` : message}`;
}

/** The table as lines of text, columns aligned, with a totals row. */
export function summaryTable(report: RunReport): string {
  const rows = report.notebooks.map((run) => [
    path.basename(run.path),
    `${run.executed}/${run.cells}`,
    String(run.checks.filter((c) => c.ok).length),
    String(run.checks.filter((c) => !c.ok).length),
    run.seconds.toFixed(1),
    result(run),
  ]);
  const failed = report.notebooks.filter((n) => !n.ok).length;
  const sum = (f: (n: NotebookReport) => number) => report.notebooks.reduce((s, n) => s + f(n), 0);
  rows.push([
    "total",
    `${sum((n) => n.executed)}/${sum((n) => n.cells)}`,
    String(sum((n) => n.checks.filter((c) => c.ok).length)),
    String(sum((n) => n.checks.filter((c) => !c.ok).length)),
    sum((n) => n.seconds).toFixed(1),
    failed === 0
      ? `all ${report.notebooks.length} notebooks ok`
      : `${failed} of ${report.notebooks.length} notebooks failed`,
  ]);
  const header = ["notebook", "cells", "checks ✓", "checks ✗", "seconds", "result"];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  // Text columns left-aligned, numbers right-aligned; the last column is not padded.
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === 0 ? c.padEnd(widths[i]) : i === cells.length - 1 ? c : c.padStart(widths[i])))
      .join("  ");
  return [line(header), ...rows.map(line)].join("\n");
}
