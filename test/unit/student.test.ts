import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { InputError } from "../../src/errors";
import { checkNotebook, joinSource, readNotebook, type CodeCell, type Notebook } from "../../src/tools/export/ipynb";
import { exportCourse } from "../../src/tools/export/site";
import { STUB_COMMENT, STUB_ERROR, stripSolutions, studentNotebook } from "../../src/tools/export/student";

const root = path.resolve(__dirname, "../../..");
const fixtures = path.join(root, "test/fixtures/executed");
const stub = (indent: string) => [`${indent}${STUB_COMMENT}`, `${indent}throw new Error(${JSON.stringify(STUB_ERROR)});`];

test("a solution region becomes // YOUR CODE HERE and a throwing stub at the marker's indentation", () => {
  const code = [
    "function sigmoid(z: number): number {",
    "    // BEGIN SOLUTION",
    "    const e = Math.exp(-z);",
    "    return 1 / (1 + e);",
    "    // END SOLUTION",
    "}",
    "\t// BEGIN SOLUTION",
    "\tconsole.log('tab');",
    "\t// END SOLUTION",
    "checkClose(\"ch1.x\", \"σ(0)\", sigmoid(0), 0.5, 1e-12);",
  ].join("\n");
  assert.equal(
    stripSolutions(code, "nb, cell 1"),
    ["function sigmoid(z: number): number {", ...stub("    "), "}", ...stub("\t"), "checkClose(\"ch1.x\", \"σ(0)\", sigmoid(0), 0.5, 1e-12);"].join("\n"),
  );
  assert.equal(stripSolutions("const a = 1;\n", "nb"), "const a = 1;\n", "cells without markers are unchanged");
});

test("unbalanced or malformed markers are errors naming the notebook, the cell and the line", () => {
  const cases: Array<[string, RegExp]> = [
    ["// BEGIN SOLUTION\nx();", /nb\.ipynb, cell 3 \(id "c"\): "\/\/ BEGIN SOLUTION" on line 1 has no "\/\/ END SOLUTION"/],
    ["x();\n// END SOLUTION", /cell 3 \(id "c"\): "\/\/ END SOLUTION" on line 2 has no "\/\/ BEGIN SOLUTION" before it/],
    ["// BEGIN SOLUTION\n// BEGIN SOLUTION\n// END SOLUTION", /line 2 comes before the "\/\/ END SOLUTION" of the one on line 1/],
    ["x(); // BEGIN SOLUTION\n// END SOLUTION", /line 1 mentions a solution marker but is not one/],
  ];
  for (const [code, message] of cases) {
    assert.throws(() => stripSolutions(code, 'nb.ipynb, cell 3 (id "c")'), (e: unknown) => e instanceof InputError && message.test(e.message), code);
  }
  const notebook = readNotebook(path.join(fixtures, "notebooks/02-fixture-exercises.ipynb"));
  (notebook.cells[1] as CodeCell).source = "// END SOLUTION\n";
  assert.throws(() => studentNotebook(notebook, "notebooks/02-x.ipynb"), /notebooks\/02-x\.ipynb, cell 2 \(id "code-13"\): "\/\/ END SOLUTION" on line 1/);
});

test("the student notebook: outputs and counts cleared, checks kept, ids kept, valid nbformat 4.5, source untouched", () => {
  const file = path.join(fixtures, "executed/01-fixture-tour.ipynb"); // executed: the stripping of outputs shows
  const original = readNotebook(file);
  const copy = JSON.parse(JSON.stringify(original)) as Notebook;
  const student = studentNotebook(original, file);
  assert.deepEqual(original, copy, "the input notebook object is not modified");
  assert.deepEqual(checkNotebook(student), []);
  assert.equal(student.nbformat, 4);
  assert.equal(student.nbformat_minor, 5);
  assert.deepEqual(student.metadata, original.metadata);
  assert.deepEqual(student.cells.map((c) => c.id), original.cells.map((c) => c.id));
  const code = student.cells.filter((c): c is CodeCell => c.cell_type === "code");
  assert.ok(code.every((c) => c.outputs.length === 0 && c.execution_count === null));
  const all = code.map((c) => joinSource(c.source)).join("\n");
  assert.ok(!all.includes("Math.exp(-z)") && !all.includes("SOLUTION"));
  assert.ok(all.includes(`  ${STUB_COMMENT}\n  throw new Error(`));
  assert.ok(all.includes('checkClose("ch1.fixture-sigmoid"'), "checks are kept");
  assert.ok(Array.isArray(code[0].source), "source written as Jupyter's list of lines");
});

test("export writes the student edition to its folder and into the site as downloads", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "nndl-student-"));
  exportCourse({
    notebooksDir: path.join(fixtures, "notebooks"),
    executedDir: path.join(fixtures, "executed"),
    outDir: path.join(dir, "site"),
    studentDir: path.join(dir, "student"),
  });
  for (const name of ["01-fixture-tour.ipynb", "02-fixture-exercises.ipynb"]) {
    const written = fs.readFileSync(path.join(dir, "student", name), "utf8");
    assert.equal(fs.readFileSync(path.join(dir, "site/student", name), "utf8"), written);
    const notebook = JSON.parse(written) as Notebook;
    assert.deepEqual(checkNotebook(notebook), []);
    const text = notebook.cells.map((c) => joinSource(c.source)).join("\n");
    assert.ok(!text.includes("BEGIN SOLUTION"));
  }
  const exercises = readNotebook(path.join(dir, "student/02-fixture-exercises.ipynb"));
  assert.ok(joinSource(exercises.cells[1].source).includes(`\t${STUB_COMMENT}\n\tthrow new Error(`), "tab indentation kept");
});

test("an unbalanced marker stops the export before anything is written", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "nndl-student-"));
  const notebooks = path.join(dir, "notebooks");
  fs.mkdirSync(notebooks);
  const notebook = readNotebook(path.join(fixtures, "notebooks/02-fixture-exercises.ipynb"));
  (notebook.cells[1] as CodeCell).source = ["// BEGIN SOLUTION\n", "x();\n"];
  fs.writeFileSync(path.join(notebooks, "05-broken.ipynb"), JSON.stringify(notebook));
  assert.throws(
    () => exportCourse({ notebooksDir: notebooks, executedDir: path.join(dir, "none"), outDir: path.join(dir, "site"), studentDir: path.join(dir, "student") }),
    /05-broken\.ipynb, cell 2 \(id "code-13"\): "\/\/ BEGIN SOLUTION" on line 1 has no "\/\/ END SOLUTION" after it/,
  );
  assert.deepEqual(fs.readdirSync(dir), ["notebooks"]);
});
