/**
 * The student edition, run for real: each chapter notebook with its solutions replaced by stubs
 * must run in a tslab kernel up to its first unsolved exercise and stop there — at the stub's
 * "Not done yet" message or at a failing check — never earlier with an unrelated error (a type
 * error because a check needed a name that lived inside the solution, say).
 */
import { after, test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { STUB_ERROR, studentNotebook } from "../../src/tools/export/student";
import { runNotebooks } from "../../src/tools/runner/run-notebooks";
import type { Notebook } from "../../src/tools/nbformat";

const root = path.resolve(__dirname, "..", "..", "..");
const notebooks = path.join(root, "notebooks");
// Beside the real notebooks, so the kernel's working directory, `import "nndl"` and ../data behave
// exactly as for the course itself. Removed afterwards; never touches the sources.
const studentDir = fs.mkdtempSync(path.join(notebooks, ".student-test-"));
after(() => fs.rmSync(studentDir, { recursive: true, force: true }));

const chapters = fs.readdirSync(notebooks).filter((f) => /^(0[1-9]|1[01])-.*\.ipynb$/.test(f)).sort();

test("each student notebook runs up to its first exercise and stops there with a helpful message", { timeout: 30 * 60 * 1000 }, async () => {
  assert.equal(chapters.length, 11);
  const files = chapters.map((name) => {
    const source = JSON.parse(fs.readFileSync(path.join(notebooks, name), "utf8")) as Notebook;
    const file = path.join(studentDir, name);
    fs.writeFileSync(file, JSON.stringify(studentNotebook(source, name), null, 1));
    return file;
  });
  const report = await runNotebooks(files, { outDir: path.join(studentDir, "executed"), timeout: 300 });
  const problems = report.notebooks.flatMap((n) => {
    const name = path.basename(n.path);
    if (n.ok) return [`${name}: ran to the end although its solutions were removed`];
    const e = n.error!;
    const helpful = e.evalue.includes(STUB_ERROR) || e.ename === "CheckError";
    console.log(`${name}: stopped at code cell ${e.codeCell}/${n.cells} (${e.ename}) after ${n.checks.filter((c) => c.ok).length} passing checks`);
    return helpful ? [] : [`${name}: stopped at code cell ${e.codeCell} with ${e.ename}: ${e.evalue.split("\n")[0]}`];
  });
  assert.deepEqual(problems, []);
});
