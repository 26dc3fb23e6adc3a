import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { InputError } from "../../../../src/errors";
import { checkNotebook, joinSource, readNotebook, type CodeCell, type Notebook } from "../../../../src/tools/nbformat";
import { unzipSync } from "fflate";
import { exportCourse } from "../../../../src/tools/export/site";
import {
  ANSWER_PROMPT,
  STUB_COMMENT,
  STUB_ERROR,
  stripSolutions,
  stripWorkedAnswers,
  studentNotebook,
} from "../../../../src/tools/export/student";
import { STUDENT_ZIP, zipDate } from "../../../../src/tools/export/student-archive";

const root = path.resolve(__dirname, "../../../../..");
const fixtures = path.join(root, "test/fixtures/executed");
const stub = (indent: string) => [
  `${indent}${STUB_COMMENT}`,
  `${indent}throw new Error(${JSON.stringify(STUB_ERROR)});`,
];

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
    'checkClose("ch1.x", "σ(0)", sigmoid(0), 0.5, 1e-12);',
  ].join("\n");
  assert.equal(
    stripSolutions(code, "nb, cell 1"),
    [
      "function sigmoid(z: number): number {",
      ...stub("    "),
      "}",
      ...stub("\t"),
      'checkClose("ch1.x", "σ(0)", sigmoid(0), 0.5, 1e-12);',
    ].join("\n"),
  );
  assert.equal(stripSolutions("const a = 1;\n", "nb"), "const a = 1;\n", "cells without markers are unchanged");
});

test("unbalanced or malformed markers are errors naming the notebook, the cell and the line", () => {
  const cases: Array<[string, RegExp]> = [
    [
      "// BEGIN SOLUTION\nx();",
      /nb\.ipynb, cell 3 \(id "c"\): "\/\/ BEGIN SOLUTION" on line 1 has no "\/\/ END SOLUTION"/,
    ],
    [
      "x();\n// END SOLUTION",
      /cell 3 \(id "c"\): "\/\/ END SOLUTION" on line 2 has no "\/\/ BEGIN SOLUTION" before it/,
    ],
    [
      "// BEGIN SOLUTION\n// BEGIN SOLUTION\n// END SOLUTION",
      /line 2 comes before the "\/\/ END SOLUTION" of the one on line 1/,
    ],
    ["x(); // BEGIN SOLUTION\n// END SOLUTION", /line 1 mentions a solution marker but is not one/],
  ];
  for (const [code, message] of cases) {
    assert.throws(
      () => stripSolutions(code, 'nb.ipynb, cell 3 (id "c")'),
      (e: unknown) => e instanceof InputError && message.test(e.message),
      code,
    );
  }
  const notebook = readNotebook(path.join(fixtures, "notebooks/02-fixture-exercises.ipynb"));
  (notebook.cells[1] as CodeCell).source = "// END SOLUTION\n";
  assert.throws(
    () => studentNotebook(notebook, "notebooks/02-x.ipynb"),
    /notebooks\/02-x\.ipynb, cell 2 \(id "code-13"\): "\/\/ END SOLUTION" on line 1/,
  );
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
  assert.deepEqual(
    student.cells.map((c) => c.id),
    original.cells.map((c) => c.id),
  );
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
  assert.ok(
    joinSource(exercises.cells[1].source).includes(`\t${STUB_COMMENT}\n\tthrow new Error(`),
    "tab indentation kept",
  );
});

/** Exports the fixtures into a fresh temporary folder. */
function exportFixtures(dir = fs.mkdtempSync(path.join(os.tmpdir(), "nndl-student-zip-"))) {
  const report = exportCourse({
    notebooksDir: path.join(fixtures, "notebooks"),
    executedDir: path.join(fixtures, "executed"),
    outDir: path.join(dir, "site"),
    studentDir: path.join(dir, "student"),
  });
  return { dir, report };
}

test("the site offers the whole student edition as one zip, each file byte for byte, linked from the index", () => {
  const { dir, report } = exportFixtures();
  const zipPath = path.join(dir, "site", STUDENT_ZIP);
  assert.equal(report.studentZip.file, zipPath);
  assert.equal(report.studentZip.bytes, fs.statSync(zipPath).size);
  const entries = unzipSync(new Uint8Array(fs.readFileSync(zipPath)));
  const expected = ["README.md", "01-fixture-tour.ipynb", "02-fixture-exercises.ipynb"];
  assert.deepEqual(
    Object.keys(entries).sort(),
    expected.map((f) => `nndl-student/${f}`).sort(),
    "one top folder, no marker file",
  );
  for (const name of expected) {
    const written = fs.readFileSync(path.join(dir, "student", name));
    assert.ok(
      Buffer.from(entries[`nndl-student/${name}`]).equals(written),
      `${name} in the zip is the student folder's file`,
    );
    if (name.endsWith(".ipynb"))
      assert.ok(
        written.equals(fs.readFileSync(path.join(dir, "site/student", name))),
        `${name}: the site's single download`,
      );
  }
  const readme = fs.readFileSync(path.join(dir, "student/README.md"), "utf8");
  assert.ok(readme.includes("`01-fixture-tour.ipynb` — 1. Fixture: a tour of outputs"), "lists the notebooks by title");
  assert.ok(readme.includes('npm run lab -- --notebook-dir="$PWD/nndl-student"'), "says how to open them");
  assert.ok(readme.includes("## Or in a browser, with nothing installed"), "and, the pages being live, in a browser");
  const index = fs.readFileSync(path.join(dir, "site/index.html"), "utf8");
  assert.match(
    index,
    new RegExp(
      `<a download href="${STUDENT_ZIP.replace(".", "\\.")}">Download the student edition</a> \\(${STUDENT_ZIP.replace(".", "\\.")}, \\d+ kB: 2 notebooks and a README`,
    ),
  );
  assert.deepEqual(fs.readdirSync(dir).sort(), ["site", "student"], "nothing written beside the two folders");
  assert.ok(!fs.readdirSync(path.join(dir, "site")).some((f) => f.endsWith(".tmp")), "no temporary zip left");
});

test("the index opens with what the course is, and says the pages are live only when they are", () => {
  const { dir } = exportFixtures();
  const intro = (html: string) => /<p class="intro">([\s\S]*?)<\/p>\s*<h1>Contents<\/h1>/.exec(html)?.[1] ?? "";
  const live = intro(fs.readFileSync(path.join(dir, "site/index.html"), "utf8"));
  assert.match(live, /Chapters 1–3 of Michael Nielsen's book <a href="http:\/\/neuralnetworksanddeeplearning\.com\/">/);
  assert.match(live, /Every page is a live notebook/);
  const staticDir = fs.mkdtempSync(path.join(os.tmpdir(), "nndl-static-"));
  exportCourse({
    notebooksDir: path.join(fixtures, "notebooks"),
    executedDir: path.join(fixtures, "executed"),
    outDir: path.join(staticDir, "site"),
    studentDir: path.join(staticDir, "student"),
    live: false,
  });
  const plain = intro(fs.readFileSync(path.join(staticDir, "site/index.html"), "utf8"));
  assert.match(plain, /Chapters 1–3/);
  assert.doesNotMatch(plain, /live notebook/);
  assert.ok(
    !fs.readFileSync(path.join(staticDir, "student/README.md"), "utf8").includes("Or in a browser"),
    "no browser section in the student README of a static site",
  );
});

test("the same sources give the same zip, byte for byte; zip dates stay in MS-DOS's 1980–2099", () => {
  const first = exportFixtures();
  const zip = fs.readFileSync(first.report.studentZip.file);
  const again = exportFixtures(first.dir); // over the earlier export
  assert.ok(fs.readFileSync(again.report.studentZip.file).equals(zip));
  assert.equal(zipDate(new Date(0)).getFullYear(), 1980);
  assert.equal(zipDate(new Date(Number.NaN)).getFullYear(), 1980);
  assert.equal(zipDate(new Date(4102444800000 * 2)).getFullYear(), 2099);
  const now = new Date();
  assert.equal(zipDate(now).getTime(), now.getTime());
});

test("an unbalanced marker stops the export before anything is written", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "nndl-student-"));
  const notebooks = path.join(dir, "notebooks");
  fs.mkdirSync(notebooks);
  const notebook = readNotebook(path.join(fixtures, "notebooks/02-fixture-exercises.ipynb"));
  (notebook.cells[1] as CodeCell).source = ["// BEGIN SOLUTION\n", "x();\n"];
  fs.writeFileSync(path.join(notebooks, "05-broken.ipynb"), JSON.stringify(notebook));
  assert.throws(
    () =>
      exportCourse({
        notebooksDir: notebooks,
        executedDir: path.join(dir, "none"),
        outDir: path.join(dir, "site"),
        studentDir: path.join(dir, "student"),
      }),
    /05-broken\.ipynb, cell 2 \(id "code-13"\): "\/\/ BEGIN SOLUTION" on line 1 has no "\/\/ END SOLUTION" after it/,
  );
  assert.deepEqual(fs.readdirSync(dir), ["notebooks"]);
});

test("a worked answer in markdown between <!-- BEGIN/END SOLUTION --> becomes the answer prompt; prose naming markers stays", () => {
  const markdown = [
    "### Exercise: prove BP1",
    "Show that $\\delta^L = \\nabla_a C \\odot \\sigma'(z^L)$.",
    "<!-- BEGIN SOLUTION -->",
    "By the chain rule, $\\delta^L_j = \\partial C/\\partial a^L_j \\cdot \\sigma'(z^L_j)$.",
    "<!-- END SOLUTION -->",
    "Solutions go between `// BEGIN SOLUTION` and `// END SOLUTION` in code.",
  ].join("\n");
  assert.equal(
    stripWorkedAnswers(markdown, "nb, cell 2"),
    [
      "### Exercise: prove BP1",
      "Show that $\\delta^L = \\nabla_a C \\odot \\sigma'(z^L)$.",
      ANSWER_PROMPT,
      "Solutions go between `// BEGIN SOLUTION` and `// END SOLUTION` in code.",
    ].join("\n"),
  );
  assert.throws(
    () => stripWorkedAnswers("<!-- BEGIN SOLUTION -->\nproof", 'nb, cell 2 (id "m")'),
    /nb, cell 2 \(id "m"\): "<!-- BEGIN SOLUTION -->" on line 1 has no "<!-- END SOLUTION -->" after it/,
  );
  assert.throws(
    () => stripWorkedAnswers("text <!-- BEGIN SOLUTION -->\nproof\n<!-- END SOLUTION -->", "nb"),
    /line 1 mentions a solution marker but is not one/,
  );
  const notebook: Notebook = {
    cells: [{ cell_type: "markdown", id: "m", metadata: {}, source: markdown }],
    metadata: {},
    nbformat: 4,
    nbformat_minor: 5,
  };
  assert.ok(!joinSource(studentNotebook(notebook, "nb").cells[0].source).includes("chain rule"));
});

test("the course's student edition holds nothing from inside any solution region, code or markdown", () => {
  const dir = path.join(root, "notebooks");
  const markers = {
    code: [/^\s*\/\/\s*BEGIN SOLUTION\s*$/, /^\s*\/\/\s*END SOLUTION\s*$/],
    markdown: [/^\s*<!--\s*BEGIN SOLUTION\s*-->\s*$/, /^\s*<!--\s*END SOLUTION\s*-->\s*$/],
  };
  let hiddenLines = 0;
  for (const name of fs.readdirSync(dir).filter((f) => /^\d\d-.*\.ipynb$/.test(f))) {
    const source = readNotebook(path.join(dir, name));
    const inside = new Set<string>(),
      outside = new Set<string>();
    for (const cell of source.cells) {
      const [begin, end] = cell.cell_type === "markdown" ? markers.markdown : markers.code;
      let open = false;
      for (const line of joinSource(cell.source).split("\n")) {
        if (begin.test(line)) open = true;
        else if (end.test(line)) open = false;
        else (open ? inside : outside).add(line.trim());
      }
    }
    const studentLines = new Set(
      studentNotebook(source, name).cells.flatMap((c) =>
        joinSource(c.source)
          .split("\n")
          .map((l) => l.trim()),
      ),
    );
    // A line that also stands outside every region (a "}" or a shared call) may stay; any other may not.
    for (const line of inside) {
      if (outside.has(line)) continue;
      hiddenLines++;
      assert.ok(!studentLines.has(line), `${name}: the student edition still shows "${line}"`);
    }
  }
  assert.ok(hiddenLines > 40, `the course marks its solutions (found ${hiddenLines} lines only inside regions)`);
});
