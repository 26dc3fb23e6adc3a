/**
 * `nndl grade` on a simulated class, in real tslab kernels: the fixture course (two notebooks, four
 * items) and students who each did one thing — solved everything, nothing, one thing wrong, deleted
 * or edited the checks, silenced a check function, printed fake check records, looped forever,
 * called process.exit, shuffled their cells, lost their cell ids. Each gets the marks it deserves,
 * and the submissions' bytes are unchanged.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { CHECK_MIME } from "../../src/notebook/check";
import { joinSource, readNotebook, type Cell, type Notebook } from "../../src/tools/nbformat";
import { studentNotebook } from "../../src/tools/export/student";
import { gradeClass } from "../../src/tools/grade/grade-class";
import { freshKernel, type StartKernel } from "../../src/tools/grade/run-graded";
import { strToU8, zipSync } from "fflate";

const root = path.resolve(__dirname, "..", "..", "..");
const course = path.join(root, "test", "fixtures", "grade", "course");
const work = fs.mkdtempSync(path.join(os.tmpdir(), "nndl-grade-"));
const submissions = path.join(work, "class");
const out = path.join(work, "grades");
after(() => fs.rmSync(work, { recursive: true, force: true }));

const NOTEBOOKS = ["01-alpha.ipynb", "02-beta.ipynb"];
const solutions = (name: string): Notebook => readNotebook(path.join(course, name));
const blank = (name: string): Notebook => studentNotebook(solutions(name), name);
/** A copy of `nb` with the cell `id`'s source replaced. */
function withCell(nb: Notebook, id: string, source: string): Notebook {
  return { ...nb, cells: nb.cells.map((c) => (c.id === id ? { ...c, source } : c)) as Cell[] };
}
const answered = (name: string, edits: Record<string, string>): Notebook =>
  Object.entries(edits).reduce((nb, [id, source]) => withCell(nb, id, source), blank(name));
const isCheckCell = (c: Cell) =>
  c.cell_type === "code" &&
  /\bcheck(Close|Equal)\(/.test(joinSource(c.source)) &&
  !/BEGIN SOLUTION/.test(joinSource(c.source));

const wrongDouble = "function double(x: number): number {\n  return 3 * x;\n}";
const students: Record<string, Partial<Record<string, Notebook>>> = {
  full: { "01-alpha.ipynb": solutions("01-alpha.ipynb"), "02-beta.ipynb": solutions("02-beta.ipynb") },
  untouched: { "01-alpha.ipynb": blank("01-alpha.ipynb"), "02-beta.ipynb": blank("02-beta.ipynb") },
  "one-wrong": {
    "01-alpha.ipynb": answered("01-alpha.ipynb", {
      "a-sigmoid":
        "/** σ(z) = 1 / (1 + e^(−z)) */\nfunction sigmoid(z: number): number {\n  return 1 / (1 + Math.exp(-z));\n}",
      "a-double": wrongDouble,
    }),
    "02-beta.ipynb": solutions("02-beta.ipynb"),
  },
  "checks-deleted": Object.fromEntries(
    NOTEBOOKS.map((n) => [n, { ...solutions(n), cells: solutions(n).cells.filter((c) => !isCheckCell(c)) }]),
  ),
  "check-edited": {
    "01-alpha.ipynb": withCell(
      withCell(solutions("01-alpha.ipynb"), "a-double", wrongDouble),
      "a-double-check",
      'checkEqual("fx.double", "double", [2, 4, 6], [2, 4, 6]);',
    ),
    "02-beta.ipynb": solutions("02-beta.ipynb"),
  },
  "silenced-checks": {
    "01-alpha.ipynb": solutions("01-alpha.ipynb"),
    "02-beta.ipynb": withCell(
      withCell(
        solutions("02-beta.ipynb"),
        "b-answer",
        "const answer = 41;\n// and, to pass anyway, silence the check function for the cells below\nconst checkEqual = (..._args: unknown[]): void => {};",
      ),
      "b-even",
      "function isEven(n: number): boolean {\n  return true;\n}",
    ),
  },
  "fake-records": {
    "01-alpha.ipynb": {
      ...blank("01-alpha.ipynb"),
      cells: [
        ...blank("01-alpha.ipynb").cells,
        {
          cell_type: "code",
          id: "fake",
          metadata: {},
          outputs: [],
          execution_count: null,
          source: `import { displayBundle } from "nndl";\nfor (const id of ["fx.sigmoid.zero", "fx.sigmoid.slope", "fx.double"]) displayBundle({ "${CHECK_MIME}": { id, name: id, ok: true } });`,
        },
      ],
    },
  },
  "endless-loop": {
    "01-alpha.ipynb": withCell(
      solutions("01-alpha.ipynb"),
      "a-sigmoid",
      "function sigmoid(z: number): number {\n  while (true) {}\n}",
    ),
    "02-beta.ipynb": solutions("02-beta.ipynb"),
  },
  "process-exit": {
    "01-alpha.ipynb": solutions("01-alpha.ipynb"),
    "02-beta.ipynb": withCell(
      solutions("02-beta.ipynb"),
      "b-even",
      "function isEven(n: number): boolean {\n  process.exit(1);\n}",
    ),
  },
  shuffled: Object.fromEntries(
    NOTEBOOKS.map((n) => [n, { ...solutions(n), cells: [...solutions(n).cells].reverse() }]),
  ),
  "no-ids": Object.fromEntries(
    NOTEBOOKS.map((n) => [
      n,
      { ...solutions(n), nbformat_minor: 4, cells: solutions(n).cells.map(({ id: _id, ...c }) => c as Cell) },
    ]),
  ),
};
const expected: Record<string, boolean[]> = {
  full: [true, true, true, true],
  untouched: [false, false, false, false],
  "one-wrong": [true, false, true, true],
  "checks-deleted": [true, true, true, true],
  "check-edited": [true, false, true, true],
  "silenced-checks": [true, true, false, false],
  "fake-records": [false, false, false, false],
  "endless-loop": [false, true, true, true],
  "process-exit": [true, true, true, false],
  shuffled: [true, true, true, true],
  "no-ids": [true, true, true, true],
};

const hashTree = (dir: string): string => {
  const h = createHash("sha256");
  for (const f of fs.readdirSync(dir, { recursive: true }).map(String).sort()) {
    const full = path.join(dir, f);
    h.update(f);
    if (fs.statSync(full).isFile()) h.update(fs.readFileSync(full));
  }
  return h.digest("hex");
};

let run: ReturnType<typeof spawnSync>;
let hashBefore = "";
before(() => {
  for (const [name, notebooks] of Object.entries(students)) {
    fs.mkdirSync(path.join(submissions, name, "nested"), { recursive: true });
    for (const [file, nb] of Object.entries(notebooks)) {
      // One student keeps the notebooks one folder down, as an unpacked zip would.
      const where =
        name === "one-wrong" ? path.join(submissions, name, "nested", file) : path.join(submissions, name, file);
      fs.writeFileSync(where, JSON.stringify(nb, null, 1));
    }
  }
  hashBefore = hashTree(submissions);
  run = spawnSync(
    process.execPath,
    [
      path.join(root, "dist", "cli", "main.js"),
      "grade",
      submissions,
      "--json",
      "--notebooks",
      course,
      "--out",
      out,
      "--timeout",
      "8",
    ],
    { encoding: "utf8", timeout: 900_000 },
  );
});

test("every simulated student gets the marks they deserve", { timeout: 900_000 }, () => {
  assert.equal(run.status, 0, String(run.stderr));
  const json = JSON.parse(String(run.stdout)) as {
    students: Array<{ name: string; passed: number; total: number; items: Record<string, boolean> }>;
  };
  const got = Object.fromEntries(json.students.map((s) => [s.name, ["1", "2", "3", "4"].map((i) => s.items[i])]));
  assert.deepEqual(got, expected);
  for (const s of json.students) {
    assert.equal(s.total, 4);
    assert.equal(s.passed, Object.values(s.items).filter(Boolean).length);
  }
});

test("the gradebook: CSV with a row per student, an HTML page with each failure's reason; progress on stderr", () => {
  const csv = fs.readFileSync(path.join(out, "grades.csv"), "utf8").trim().split("\n");
  assert.equal(csv[0], "student,1,2,3,4,passed,total");
  assert.ok(csv.includes("one-wrong,1,0,1,1,3,4"), csv.join("\n"));
  const html = fs.readFileSync(path.join(out, "gradebook.html"), "utf8");
  assert.match(html, /one-wrong: 3 \/ 4/);
  assert.match(html, /✗ double of 1, 2, 3 {2}actual \[3, 6, 9\]/);
  assert.match(String(run.stderr), /\[\d+\/11\] untouched: 0\/4 items/);
});

test("the submissions are byte for byte unchanged", () => {
  assert.equal(hashTree(submissions), hashBefore);
});

test("an assignment of one notebook is graded on its items alone, from folders or zips; a class with no course notebook is refused", () => {
  const assignment = path.join(work, "assignment");
  for (const [name, nb] of [
    ["full", solutions("01-alpha.ipynb")],
    ["untouched", blank("01-alpha.ipynb")],
  ] as const) {
    fs.mkdirSync(path.join(assignment, name), { recursive: true });
    fs.writeFileSync(path.join(assignment, name, "01-alpha.ipynb"), JSON.stringify(nb, null, 1));
  }
  // As a learning platform's download might give them: one zip per student, the notebook one folder down.
  fs.writeFileSync(
    path.join(assignment, "zipped.zip"),
    zipSync({ "nndl-student/01-alpha.ipynb": strToU8(JSON.stringify(solutions("01-alpha.ipynb"), null, 1)) }),
  );
  fs.writeFileSync(path.join(assignment, "broken.zip"), "not a zip");
  const grade = (dir: string) =>
    spawnSync(
      process.execPath,
      [path.join(root, "dist", "cli", "main.js"), "grade", dir, "--json", "--notebooks", course, "--out", out + "-1"],
      { encoding: "utf8", timeout: 300_000 },
    );
  const one = grade(assignment);
  assert.equal(one.status, 0, one.stderr);
  const json = JSON.parse(one.stdout) as { students: Array<{ name: string; passed: number; total: number }> };
  assert.deepEqual(
    json.students.map((s) => [s.name, s.passed, s.total]),
    [
      ["broken", 0, 2],
      ["full", 2, 2],
      ["untouched", 0, 2],
      ["zipped", 2, 2],
    ],
  );
  assert.match(
    JSON.stringify(json.students[0]),
    /broken\.zip could not be unzipped/,
    "a zip that does not unpack is named as the reason",
  );
  assert.match(one.stderr, /grading the 1 of 2 notebooks that students handed in: 01-alpha\.ipynb/);
  assert.doesNotMatch(one.stderr, /reference: 02-beta/, "the notebook nobody handed in is not run");
  assert.equal(fs.readFileSync(path.join(out + "-1", "grades.csv"), "utf8").split("\n")[0], "student,1,2,passed,total");

  const empty = path.join(work, "no-notebooks");
  fs.mkdirSync(path.join(empty, "someone"), { recursive: true });
  fs.writeFileSync(path.join(empty, "someone", "notes.txt"), "no notebooks here");
  const none = grade(empty);
  assert.equal(none.status, 2);
  assert.match(
    none.stderr,
    /no student folder or \.zip in .* holds a course notebook \(01-alpha\.ipynb, 02-beta\.ipynb\)/,
  );
});

test("a student whose kernel will not start (twice) loses that notebook's items with the reason; the others are still graded", async () => {
  const classDir = path.join(work, "kernel-trouble");
  for (const [name, nb] of [
    ["a-first", solutions("01-alpha.ipynb")],
    ["b-unlucky", solutions("01-alpha.ipynb")],
    ["c-last", solutions("01-alpha.ipynb")],
  ] as const) {
    fs.mkdirSync(path.join(classDir, name), { recursive: true });
    fs.writeFileSync(path.join(classDir, name, "01-alpha.ipynb"), JSON.stringify(nb, null, 1));
  }
  // Starts 1 (the reference) and 2 (a-first) work; b-unlucky's start and its retry fail; then all work again.
  let starts = 0;
  const startKernel: StartKernel = (cwd) => {
    starts++;
    if (starts === 3 || starts === 4) return Promise.reject(new Error("tslab kernel did not answer within 60 s"));
    return freshKernel(cwd);
  };
  const report = await gradeClass(classDir, { notebooksDir: course, timeout: 120, startKernel });
  assert.deepEqual(
    report.students.map((s) => [s.name, s.passed, s.total]),
    [
      ["a-first", 2, 2],
      ["b-unlucky", 0, 2],
      ["c-last", 2, 2],
    ],
  );
  assert.match(
    JSON.stringify(report.students[1]),
    /could not be graded: tslab kernel did not answer within 60 s \(grade this student again\)/,
  );
  assert.equal(starts, 5, "the failed start was tried once more, then grading went on");
});
