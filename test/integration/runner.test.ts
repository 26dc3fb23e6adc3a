/**
 * The headless runner on fixture notebooks, in real tslab kernels: a notebook that passes; a failing
 * check; a thrown error; a type error; an endless loop stopped by the timeout; a kernel that exits
 * mid-notebook; a burst of outputs (every one must arrive). Each is reported as such, the executed copies hold the outputs, and the source
 * notebooks are byte-for-byte unchanged.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import {
  runNotebooks,
  type RunReport,
  type NotebookReport,
  type ProgressEvent,
} from "../../src/tools/runner/run-notebooks";
import type { CodeCell, Notebook } from "../../src/tools/nbformat";

const root = path.resolve(__dirname, "..", "..", "..");
const fixtures = path.join(root, "test", "fixtures", "notebooks");
const names = ["pass", "burst", "failing-check", "thrown-error", "type-error", "endless-loop", "kernel-exit"];
const files = names.map((n) => path.join(fixtures, `${n}.ipynb`));
const outDir = fs.mkdtempSync(path.join(os.tmpdir(), "nndl-runner-test-"));
const hash = (f: string) => createHash("sha256").update(fs.readFileSync(f)).digest("hex");

let report: RunReport;
const events: ProgressEvent[] = [];
const before_ = new Map(files.map((f) => [f, hash(f)]));

before(
  async () => {
    report = await runNotebooks(files, { timeout: 4, outDir, onProgress: (e) => events.push(e) });
  },
  { timeout: 300_000 },
);

after(() => fs.rmSync(outDir, { recursive: true, force: true }));

const byName = (name: string): NotebookReport => report.notebooks[names.indexOf(name)];
const executed = (name: string): Notebook => JSON.parse(fs.readFileSync(path.join(outDir, `${name}.ipynb`), "utf8"));
/** Cell `index` (among all cells) of an executed copy, which must be a code cell. */
function codeCell(name: string, index: number): CodeCell {
  const cell = executed(name).cells[index];
  assert.equal(cell.cell_type, "code", `${name} cell ${index}`);
  return cell as CodeCell;
}

test("the run fails overall and lists every notebook in order", () => {
  assert.equal(report.ok, false);
  assert.deepEqual(
    report.notebooks.map((n) => n.path),
    files,
  );
});

test("a passing notebook: every cell ran, every check recorded, outputs filled in", () => {
  const n = byName("pass");
  assert.equal(n.ok, true, JSON.stringify(n.error));
  assert.equal(n.error, null);
  assert.equal(n.cells, 6);
  assert.equal(n.executed, 6);
  assert.deepEqual(
    n.checks.map((c) => [c.id, c.ok]),
    [
      ["fx.derivative", true],
      ["fx.sizes", true],
      ["fx.order", true],
    ],
  );
  const nb = executed("pass");
  const code = nb.cells.filter((c) => c.cell_type === "code");
  assert.deepEqual(
    code.map((c) => c.execution_count),
    [1, 2, 3, 4, 5, 6],
  );
  assert.deepEqual(
    code[1].outputs?.map((o) => o.output_type),
    ["stream", "stream", "display_data"],
  );
  assert.deepEqual(code[1].outputs?.[0], { output_type: "stream", name: "stdout", text: "hello from stdout\n" });
  assert.deepEqual(code[5].outputs, [{ output_type: "stream", name: "stdout", text: "42\n" }]);
});

test("a live chart's updates are applied to its one output: the saved figure is the final one", () => {
  const chart = codeCell("pass", 5).outputs;
  assert.equal(chart.length, 1);
  const data = (chart[0] as { data: Record<string, unknown> }).data;
  assert.match(String(data["text/plain"]), /epoch 3\/3, evaluation accuracy 70%/);
  const figure = data["application/vnd.plotly.v1+json"] as { data: { y: number[] }[] };
  assert.deepEqual(figure.data[0].y.map(Math.round), [50, 60, 70]);
});

test("a burst of outputs (300 chart updates, 300 lines) arrives whole and in order", () => {
  // tslab does not await its sends; without src/notebook/iopub-queue.ts about two thirds of these
  // lines were lost and the cell's "idle" could be too.
  const n = byName("burst");
  assert.equal(n.ok, true, JSON.stringify(n.error));
  const text = codeCell("burst", 0)
    .outputs.filter((o) => o.output_type === "stream")
    .map((o) => {
      const t = (o as { text: string | string[] }).text;
      return Array.isArray(t) ? t.join("") : t;
    })
    .join("");
  assert.deepEqual(
    text.trim().split("\n"),
    Array.from({ length: 300 }, (_, i) => `line ${i}`),
  );
});

test("a failing check stops the notebook; the check is listed as failed with actual and expected", () => {
  const n = byName("failing-check");
  assert.equal(n.ok, false);
  assert.equal(n.executed, 2);
  assert.deepEqual(n.error && { cell: n.error.cell, codeCell: n.error.codeCell, ename: n.error.ename }, {
    cell: 1,
    codeCell: 2,
    ename: "CheckError",
  });
  assert.match(n.error?.evalue ?? "", /σ\(0\) {2}actual 0\.25 {2}expected 0\.5/);
  assert.deepEqual(
    n.checks.map((c) => [c.id, c.ok, c.actual, c.expected]),
    [
      ["fx.good", true, 1, 1],
      ["fx.bad", false, 0.25, 0.5],
    ],
  );
  assert.equal(codeCell("failing-check", 2).execution_count, null);
  assert.deepEqual(codeCell("failing-check", 2).outputs, []);
  assert.ok(codeCell("failing-check", 1).outputs.some((o) => o.output_type === "error" && o.ename === "CheckError"));
});

test("a thrown error and a type error are named from tslab's stderr", () => {
  assert.deepEqual(byName("thrown-error").error, {
    cell: 1,
    cellId: "cell-1",
    codeCell: 2,
    ename: "RangeError",
    evalue: "x must be 42, got 41",
  });
  const typeError = byName("type-error").error;
  assert.equal(typeError?.ename, "TypeScriptError");
  assert.match(typeError?.evalue ?? "", /Type 'number' is not assignable to type 'string'/);
});

test("an endless loop is stopped by the per-cell timeout and reported as Timeout", () => {
  const n = byName("endless-loop");
  assert.equal(n.error?.ename, "Timeout");
  assert.equal(n.error?.codeCell, 2);
  assert.ok(n.seconds < 30, `took ${n.seconds} s`);
  assert.equal(codeCell("endless-loop", 0).outputs.length, 1);
});

test("a kernel that exits mid-notebook is reported as KernelDied with its exit code", () => {
  const n = byName("kernel-exit");
  assert.equal(n.error?.ename, "KernelDied");
  assert.match(n.error?.evalue ?? "", /exited with code 3/);
  assert.equal(n.executed, 2);
});

test("progress events name the notebook, cell i/n and elapsed time", () => {
  const starts = events.filter((e) => e.type === "cell-start" && e.path === files[0]);
  assert.deepEqual(
    starts.map((e) => e.type === "cell-start" && e.cell),
    [1, 2, 3, 4, 5, 6],
  );
  assert.equal(events.filter((e) => e.type === "notebook-end").length, files.length);
});

test("source notebooks are byte-for-byte unchanged", () => {
  for (const f of files) assert.equal(hash(f), before_.get(f), f);
});

test("nndl verify --json prints the report object and exits 1 when a check fails", () => {
  const cli = path.join(root, "dist", "cli", "main.js");
  const run = spawnSync(
    process.execPath,
    [
      cli,
      "verify",
      "--json",
      "--timeout",
      "60",
      "--out",
      outDir,
      files[names.indexOf("pass")],
      files[names.indexOf("failing-check")],
    ],
    { encoding: "utf8", timeout: 120_000 },
  );
  assert.equal(run.status, 1, run.stderr);
  const json = JSON.parse(run.stdout) as RunReport;
  assert.equal(json.ok, false);
  assert.deepEqual(
    json.notebooks.map((n) => [path.basename(n.path), n.ok, n.cells, n.checks.length, n.error?.ename ?? null]),
    [
      ["pass.ipynb", true, 6, 3, null],
      ["failing-check.ipynb", false, 3, 2, "CheckError"],
    ],
  );
  assert.match(run.stderr, /\[1\/2\] .*pass\.ipynb/);
  assert.match(run.stderr, /cell 2\/3 error/);
  const bad = spawnSync(process.execPath, [cli, "verify", "--timeout", "0", files[0]], { encoding: "utf8" });
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /--timeout "0" is not valid/);
});
