import { test } from "node:test";
import assert from "node:assert/strict";
import { summaryTable, type RunReport } from "../../src/tools/export/summary";

const check = (id: string, ok: boolean) => ({ id, name: id, ok });

test("npm start's summary: one aligned row per notebook, failures named, totals", () => {
  const report: RunReport = {
    ok: false,
    notebooks: [
      { path: "notebooks/01-perceptrons.ipynb", ok: true, seconds: 18.24, cells: 24, checks: [check("a", true), check("b", true)], error: null },
      { path: "notebooks/02-backprop.ipynb", ok: false, seconds: 40.5, cells: 31, checks: [check("c", true), check("d", false)],
        error: { cell: 17, ename: "CheckError", evalue: "nablaW\nmatches finite differences" } },
    ],
  };
  const lines = summaryTable(report).split("\n");
  assert.deepEqual(lines, [
    "notebook              cells  checks ✓  checks ✗  seconds  result",
    "01-perceptrons.ipynb     24         2         0     18.2  ok",
    "02-backprop.ipynb        31         1         1     40.5  FAILED cell 17: CheckError: nablaW matches finite differences",
    "total                    55         3         1     58.7  1 of 2 notebooks failed",
  ]);
  assert.match(summaryTable({ ok: true, notebooks: [report.notebooks[0]] }), /total .* all 1 notebooks ok$/);
});
