/**
 * The whole course, run as CI runs it: every notebook top to bottom in a real tslab kernel
 * (through the same runner as `nndl verify`), then the coverage promise — each of the book's
 * 40 exercises and problems (notebooks/exercises.json) has at least one check that ran and
 * passed, with an id that is the item's prefix or starts with `<prefix>.`. Each notebook's time
 * is printed (not asserted) so budget creep shows in the CI log.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { defaultNotebooks, runNotebooks } from "../../src/tools/runner/run-notebooks";
import type { RunReport } from "../../src/tools/runner/report";
import { readNotebook } from "../../src/tools/nbformat";
import { planSkips } from "../../src/tools/grade/grading-skips";
import { gradedCells } from "../../src/tools/grade/splice";
import { runGraded } from "../../src/tools/grade/run-graded";

const root = path.resolve(__dirname, "..", "..", "..");
const exercises: { items: Record<string, { notebook: string; prefix: string; title: string }> } =
  JSON.parse(fs.readFileSync(path.join(root, "notebooks", "exercises.json"), "utf8"));

let report: RunReport;

test("every notebook runs top to bottom with every check passing", { timeout: 60 * 60 * 1000 }, async () => {
  report = await runNotebooks(defaultNotebooks(), {
    onProgress: (e) => {
      if (e.type === "notebook-end") {
        const n = e.report;
        const failed = n.checks.filter((c) => !c.ok).length;
        console.log(`${n.ok ? "ok  " : "FAIL"} ${path.basename(n.path)}: ${n.executed}/${n.cells} cells, ` +
          `${n.checks.length - failed}/${n.checks.length} checks, ${n.seconds.toFixed(1)} s` +
          (n.error ? ` — cell ${n.error.codeCell}: ${n.error.ename}: ${n.error.evalue.split("\n")[0]}` : ""));
      }
    },
  });
  const failures = report.notebooks.filter((n) => !n.ok).map((n) =>
    `${path.basename(n.path)}: ${n.error ? `${n.error.ename}: ${n.error.evalue}` : "failed checks: " + n.checks.filter((c) => !c.ok).map((c) => c.id).join(", ")}`);
  const seconds = (pattern: RegExp) => report.notebooks.filter((n) => pattern.test(path.basename(n.path))).reduce((s, n) => s + n.seconds, 0);
  // Printed, not asserted (timings belong in figures, not in pass/fail): budgets are ch.1–2 < 300 s, ch.3 < 900 s.
  console.log(`chapters 1–2: ${seconds(/^0[1-5]-/).toFixed(0)} s (budget 300 s); chapter 3: ${seconds(/^(0[6-9]|1[01])-/).toFixed(0)} s (budget 900 s)`);
  assert.deepEqual(failures, []);
  assert.ok(report.notebooks.length >= 12, `expected the tour and 11 chapter notebooks, ran ${report.notebooks.length}`);
});

test("each of the 40 exercises and problems has a passing check", () => {
  assert.ok(report, "the notebooks did not run");
  const passed = report.notebooks.flatMap((n) => n.checks.filter((c) => c.ok).map((c) => ({ id: c.id, notebook: path.basename(n.path) })));
  const items = Object.entries(exercises.items);
  assert.equal(items.length, 40);
  const missing = items
    .filter(([, item]) => !passed.some((c) => c.notebook === item.notebook && (c.id === item.prefix || c.id.startsWith(item.prefix + "."))))
    .map(([n, item]) => `item ${n} (${item.prefix} in ${item.notebook}): ${item.title}`);
  assert.deepEqual(missing, []);
});

/**
 * `nndl grade` leaves out the cells tagged "not-needed-for-grading" (the book's figures and numbers,
 * which no exercise needs). Its static tests cannot see a method that changes an earlier object, so here each
 * notebook is graded as the reference run is, with those cells skipped, and every remaining check
 * must come out as in the full run above: same ids in the same order, same verdict, same value.
 */
test("grading with the tagged cells skipped changes no check, and saves the time it says", { timeout: 60 * 60 * 1000 }, async () => {
  assert.ok(report, "the notebooks did not run");
  const prefixes = Object.values(exercises.items);
  let full = 0, graded = 0, skipped = 0;
  const problems: string[] = [];
  for (const n of report.notebooks) {
    const name = path.basename(n.path);
    const nb = readNotebook(n.path);
    const plan = planSkips(nb, prefixes.filter((i) => i.notebook === name).map((i) => i.prefix));
    problems.push(...plan.kept.map((k) => `${name}: cell ${k.id} is tagged "not-needed-for-grading" but must run: ${k.reason}`));
    full += n.seconds;
    if (plan.skip.size === 0) {
      graded += n.seconds;
      continue;
    }
    skipped += plan.skip.size;
    const run = await runGraded(gradedCells(nb, null, n.path, plan.skip), path.dirname(n.path), 600);
    graded += run.seconds;
    const expected = n.checks.filter((c) => !plan.skip.has(c.cell)).map((c) => `${c.id} ${c.ok} ${JSON.stringify(c.actual)}`);
    const got = run.checks.map((c) => `${c.id} ${c.ok} ${JSON.stringify(c.actual)}`);
    if (JSON.stringify(got) !== JSON.stringify(expected)) {
      const at = got.findIndex((g, i) => g !== expected[i]);
      problems.push(`${name}: with ${plan.skip.size} cells skipped, check ${at + 1} differs: ${got[at] ?? "(none)"} instead of ${expected[at] ?? "(none)"}`);
    }
    console.log(`${name}: ${plan.skip.size} cells skipped; graded run ${run.seconds.toFixed(1)} s, full run ${n.seconds.toFixed(1)} s`);
  }
  console.log(`grading the whole course: ${graded.toFixed(0)} s per student (${skipped} cells skipped) instead of ${full.toFixed(0)} s`);
  assert.deepEqual(problems, []);
  assert.ok(skipped > 0, "no cell of the course is tagged \"not-needed-for-grading\"");
});
