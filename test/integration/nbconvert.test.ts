/**
 * Jupyter's own tooling runs our notebooks with the registered kernelspec:
 * `JUPYTER_PATH=build/jupyter jupyter nbconvert --to notebook --execute notebooks/00-course-tour.ipynb`.
 * Needs Debian's jupyter-nbconvert + python3-nbclient; without them the test is skipped locally and
 * FAILS under CI=true, so CI can never pass by silently not running it.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { registerKernel } from "../../src/tools/kernel/kernelspec";
import type { Notebook } from "../../src/tools/nbformat";
import { skipWithout } from "../needs-tool";

const root = path.resolve(__dirname, "..", "..", "..");
const tour = path.join(root, "notebooks", "00-course-tour.ipynb");
const failing = path.join(root, "test", "fixtures", "notebooks", "failing-check.ipynb");
const hasNbconvert = spawnSync("jupyter", ["nbconvert", "--version"], { stdio: "ignore" }).status === 0;
const missing =
  "jupyter nbconvert is not installed: apt-get install -y --no-install-recommends jupyter-nbconvert python3-nbclient";

function nbconvert(notebook: string, outDir: string) {
  const env = { ...process.env, JUPYTER_PATH: registerKernel(root) };
  return spawnSync(
    "jupyter",
    [
      "nbconvert",
      "--to",
      "notebook",
      "--execute",
      notebook,
      "--output-dir",
      outDir,
      "--ExecutePreprocessor.timeout=600",
    ],
    { env, encoding: "utf8", timeout: 600_000 },
  );
}

test(
  "nbconvert --execute runs the course tour with the nndl-tslab kernel",
  { skip: skipWithout(hasNbconvert ? "" : missing) },
  () => {
    assert.ok(hasNbconvert, missing);
    const outDir = fs.mkdtempSync(path.join(os.tmpdir(), "nndl-nbconvert-"));
    const before = createHash("sha256").update(fs.readFileSync(tour)).digest("hex");
    try {
      const run = nbconvert(tour, outDir);
      assert.equal(run.status, 0, run.stderr);
      const nb = JSON.parse(fs.readFileSync(path.join(outDir, path.basename(tour)), "utf8")) as Notebook;
      const outputs = nb.cells.flatMap((c) => (c.cell_type === "code" ? c.outputs : []));
      const data = outputs.flatMap((o) => (o.output_type === "display_data" ? [o.data] : []));
      const checks = data
        .filter((d) => d["application/vnd.nndl.check+json"])
        .map((d) => d["application/vnd.nndl.check+json"] as { ok: boolean });
      assert.ok(checks.length >= 5, `${checks.length} checks`);
      assert.ok(checks.every((c) => c.ok));
      assert.ok(
        data.filter(
          (d) => d["application/vnd.nndl.plotly+json"] && d["application/vnd.plotly.v1+json"] && d["text/html"],
        ).length >= 5,
        "figures carry our JSON, Plotly JSON + HTML",
      );
      assert.ok(!JSON.stringify(nb).includes("Plotly="), "no output carries plotly.js");
      // --to html with the project's template: one inlined plotly.js in the page, so the figures draw offline.
      const env = { ...process.env, JUPYTER_PATH: registerKernel(root) };
      const html = spawnSync(
        "jupyter",
        [
          "nbconvert",
          "--to",
          "html",
          "--template",
          "nndl",
          path.join(outDir, path.basename(tour)),
          "--output-dir",
          outDir,
        ],
        { env, encoding: "utf8", timeout: 120_000 },
      );
      assert.equal(html.status, 0, html.stderr);
      const page = fs.readFileSync(path.join(outDir, path.basename(tour, ".ipynb") + ".html"), "utf8");
      assert.equal(
        page.split("if(!window.Plotly){(function(define,module,exports){").length,
        2,
        "plotly.js inlined once",
      );
      assert.ok(page.split("data-nndl-figure=").length > 5, "the figures' HTML is in the page");
      assert.equal(
        outputs.filter((o) => o.output_type === "stream" && o.name === "stderr").length,
        0,
        "no cell wrote to stderr",
      );
      assert.equal(
        createHash("sha256").update(fs.readFileSync(tour)).digest("hex"),
        before,
        "the source notebook is unchanged",
      );
    } finally {
      fs.rmSync(outDir, { recursive: true, force: true });
    }
  },
);

test(
  "nbconvert stops at a failing check and exits non-zero",
  { skip: skipWithout(hasNbconvert ? "" : missing) },
  () => {
    assert.ok(hasNbconvert, missing);
    const outDir = fs.mkdtempSync(path.join(os.tmpdir(), "nndl-nbconvert-"));
    try {
      const run = nbconvert(failing, outDir);
      assert.notEqual(run.status, 0);
    } finally {
      fs.rmSync(outDir, { recursive: true, force: true });
    }
  },
);
