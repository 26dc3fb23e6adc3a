/**
 * `nndl start` end to end on two tiny notebooks in real tslab kernels: one passes (a figure and a
 * check), one has a failing check. The command must print the summary table, still export both
 * pages and the student edition, exit 1, and say where to open the site.
 * (The notebooks live in build/ so that tslab resolves `import … from "nndl"`.)
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";

const root = path.resolve(__dirname, "../../..");

function notebook(cells: string[]): string {
  return JSON.stringify({
    nbformat: 4,
    nbformat_minor: 5,
    metadata: {
      kernelspec: { name: "nndl-tslab", display_name: "nndl course (TypeScript · tslab)", language: "typescript" },
      language_info: { name: "typescript" },
    },
    cells: [
      { cell_type: "markdown", id: "title", metadata: {}, source: `# Smoke ${cells.length}` },
      ...cells.map((source, i) => ({
        cell_type: "code",
        id: `c${i}`,
        metadata: {},
        execution_count: null,
        outputs: [],
        source,
      })),
    ],
  });
}

test("nndl start: runs, summarises, exports even when a check fails, exits 1", { timeout: 300_000 }, () => {
  const dir = fs.mkdtempSync(path.join(root, "build", "start-test-"));
  try {
    const notebooks = path.join(dir, "notebooks");
    fs.mkdirSync(notebooks);
    fs.writeFileSync(
      path.join(notebooks, "01-pass.ipynb"),
      notebook([
        'import { plot, checkClose } from "nndl";\nfunction half(x: number): number {\n  // BEGIN SOLUTION\n  return x / 2;\n  // END SOLUTION\n}',
        'plot([{ x: [0, 1], y: [1, 0] }]);\ncheckClose("smoke.half", "half(1)", half(1), 0.5, 1e-12);',
      ]),
    );
    fs.writeFileSync(
      path.join(notebooks, "02-fail.ipynb"),
      notebook(['import { checkEqual } from "nndl";\ncheckEqual("smoke.wrong", "1 + 1 is 3", 1 + 1, 3);']),
    );
    const out = [
      "--notebooks",
      notebooks,
      "--executed",
      path.join(dir, "executed"),
      "--out",
      path.join(dir, "site"),
      "--student",
      path.join(dir, "student"),
    ];
    const run = spawnSync(
      process.execPath,
      [path.join(root, "dist/cli/main.js"), "start", ...out, "--timeout", "120"],
      { cwd: root, encoding: "utf8" },
    );

    assert.equal(run.status, 1, `exit code\n${run.stdout}\n${run.stderr}`);
    assert.match(run.stdout, /notebook\s+cells\s+checks ✓\s+checks ✗\s+seconds\s+result/);
    assert.match(run.stdout, /01-pass\.ipynb\s+2\/2\s+1\s+0\s+[\d.]+\s+ok/);
    assert.match(run.stdout, /02-fail\.ipynb\s+1\/1\s+0\s+1\s+[\d.]+\s+FAILED/);
    assert.match(run.stdout, /total\s+3\/3\s+1\s+1\s+[\d.]+\s+1 of 2 notebooks failed/);
    assert.match(
      run.stdout,
      new RegExp(`open file://${path.join(dir, "site", "index.html").replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`),
    );
    assert.match(run.stderr, /\[1\/2\] 01-pass\.ipynb {2}✓/, "progress line per notebook");
    assert.match(run.stderr, /not everything passed: 02-fail\.ipynb/);

    const passPage = fs.readFileSync(path.join(dir, "site/01-pass.html"), "utf8");
    assert.ok(passPage.includes('class="plotly-figure"') && passPage.includes('class="check check-ok"'));
    assert.ok(fs.readFileSync(path.join(dir, "site/02-fail.html"), "utf8").includes('class="check check-failed"'));
    const student = fs.readFileSync(path.join(dir, "student/01-pass.ipynb"), "utf8");
    assert.ok(student.includes("// YOUR CODE HERE") && !student.includes("return x / 2"));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
