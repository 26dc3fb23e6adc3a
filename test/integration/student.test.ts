/**
 * The student edition against Jupyter's own validator: nbformat (Debian's python3-nbformat, which
 * jupyter-notebook installs) must accept every student notebook as nbformat 4.5. With CI=true a
 * missing nbformat fails the test; elsewhere it is skipped with a message.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { exportCourse } from "../../src/tools/export/site";
import { skipWithout } from "../needs-tool";

// Debian's python, not whatever python3 comes first on PATH (pyenv shims have no nbformat).
const PYTHON = "/usr/bin/python3";
const root = path.resolve(__dirname, "../../..");
const fixtures = path.join(root, "test/fixtures/executed");

const probe = spawnSync(PYTHON, ["-c", "import nbformat"], { encoding: "utf8" });
const missing =
  probe.status === 0
    ? ""
    : `python3-nbformat not available at ${PYTHON} (apt-get install -y --no-install-recommends jupyter-notebook)`;
const skip = skipWithout(missing && `student validation: ${missing}`);

const VALIDATE = `
import sys, nbformat
for path in sys.argv[1:]:
    nb = nbformat.read(path, as_version=nbformat.NO_CONVERT)
    nbformat.validate(nb)
    assert (nb.nbformat, nb.nbformat_minor) == (4, 5), (path, nb.nbformat, nb.nbformat_minor)
    print("valid", path)
`;

test("every student notebook passes nbformat.validate as nbformat 4.5", { skip }, () => {
  if (missing) assert.fail(missing);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "nndl-student-"));
  exportCourse({
    notebooksDir: path.join(fixtures, "notebooks"),
    executedDir: path.join(fixtures, "executed"),
    outDir: path.join(dir, "site"),
    studentDir: path.join(dir, "student"),
  });
  const files = fs
    .readdirSync(path.join(dir, "student"))
    .filter((f) => f.endsWith(".ipynb"))
    .map((f) => path.join(dir, "student", f));
  assert.equal(files.length, 2);
  const result = spawnSync(PYTHON, ["-c", VALIDATE, ...files], { encoding: "utf8" });
  assert.equal(result.status, 0, result.stderr);
  assert.equal(result.stdout.trim().split("\n").length, 2);
});

test("the course's own notebooks make a valid student edition (balanced markers, nbformat 4.5)", { skip }, (t) => {
  if (missing) assert.fail(missing);
  const notebooks = path.join(root, "notebooks");
  const sources = fs.existsSync(notebooks) ? fs.readdirSync(notebooks).filter((f) => f.endsWith(".ipynb")) : [];
  if (sources.length === 0) return t.skip("no notebooks in notebooks/ yet");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "nndl-student-course-"));
  const before = sources.map((f) => fs.readFileSync(path.join(notebooks, f)));
  exportCourse({
    notebooksDir: notebooks,
    executedDir: path.join(root, "build/executed"),
    outDir: path.join(dir, "site"),
    studentDir: path.join(dir, "student"),
  });
  const result = spawnSync(PYTHON, ["-c", VALIDATE, ...sources.map((f) => path.join(dir, "student", f))], {
    encoding: "utf8",
  });
  assert.equal(result.status, 0, result.stderr);
  for (const f of sources) {
    const student = JSON.parse(fs.readFileSync(path.join(dir, "student", f), "utf8")) as {
      cells: Array<{ cell_type: string; source: string | string[]; outputs?: unknown[] }>;
    };
    const code = student.cells.filter((c) => c.cell_type === "code");
    const text = code.map((c) => (Array.isArray(c.source) ? c.source.join("") : c.source)).join("\n");
    assert.ok(!/(BEGIN|END) SOLUTION/.test(text), `${f} still has a solution`); // Markdown may mention the markers
    assert.ok(
      code.every((c) => c.outputs?.length === 0),
      `${f} has outputs`,
    );
  }
  assert.deepEqual(
    sources.map((f) => fs.readFileSync(path.join(notebooks, f))),
    before,
    "sources are byte-for-byte unchanged",
  );
});
