import { test } from "node:test";
import assert from "node:assert/strict";
import { summaryTable } from "../../../../src/tools/runner/summary";
import type { RunReport } from "../../../../src/tools/runner/report";

const check = (id: string, ok: boolean) => ({ id, name: id, ok, cell: 1 });
const extra = { executedPath: null, kernelStartSeconds: 1 };

test("npm start's summary: one aligned row per notebook, failures named, totals", () => {
  const report: RunReport = {
    ok: false,
    seconds: 60,
    notebooks: [
      {
        ...extra,
        path: "notebooks/01-perceptrons.ipynb",
        ok: true,
        seconds: 18.24,
        cells: 24,
        executed: 24,
        checks: [check("a", true), check("b", true)],
        error: null,
      },
      {
        ...extra,
        path: "notebooks/02-backprop.ipynb",
        ok: false,
        seconds: 40.5,
        cells: 31,
        executed: 17,
        checks: [check("c", true), check("d", false)],
        error: { cell: 20, codeCell: 17, ename: "CheckError", evalue: "nablaW\nmatches finite differences" },
      },
      {
        ...extra,
        path: "notebooks/03-sgd.ipynb",
        ok: false,
        seconds: 1,
        cells: 2,
        executed: 2,
        checks: [check("ch3.x", false)],
        error: null,
      },
    ],
  };
  const lines = summaryTable(report).split("\n");
  assert.deepEqual(lines, [
    "notebook              cells  checks ✓  checks ✗  seconds  result",
    "01-perceptrons.ipynb  24/24         2         0     18.2  ok",
    "02-backprop.ipynb     17/31         1         1     40.5  FAILED at code cell 17: CheckError: nablaW matches finite differences",
    "03-sgd.ipynb            2/2         0         1      1.0  FAILED: ch3.x",
    "total                 43/57         3         2     59.7  2 of 3 notebooks failed",
  ]);
  assert.match(
    summaryTable({ ok: true, seconds: 1, notebooks: [report.notebooks[0]] }),
    /total .* all 1 notebooks ok$/,
  );
});
