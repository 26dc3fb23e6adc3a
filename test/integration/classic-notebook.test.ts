/**
 * Figures from our plot() helper in classic Jupyter Notebook 6 (Debian's jupyter-notebook), which
 * has require.js on the page and no Plotly renderer: the `text/html` part of the figure output
 * must draw, with plotly.js that the Notebook server serves from the project's JUPYTER_PATH
 * (nbextensions/nndl-figures) — outputs never carry the library.
 *
 * 1. A small notebook calling plot() twice is executed by `jupyter nbconvert --execute` with the
 *    project's kernelspec, so its outputs are exactly what the kernel produced.
 * 2. A headless Notebook server (own token, free localhost port, config/data/runtime dirs in a
 *    temp folder — the user's ~/.jupyter is never read or written) serves it.
 * 3. Chromium opens the executed notebook (trusted, as a notebook you ran yourself is) and both
 *    figures must draw (svg.main-svg); then it runs the unexecuted notebook live in the page.
 *
 * Needs chromium, jupyter-notebook and jupyter-nbconvert. With CI=true a missing tool fails the
 * test; elsewhere it is skipped with a message.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { freePort } from "../free-port";
import { randomBytes } from "node:crypto";
import type { BrowserContext, Page } from "playwright-core";
import { jupyterPath, registerKernel, KERNEL_NAME, KERNEL_DISPLAY_NAME } from "../../src/tools/kernel/kernelspec";
import { skipWithout } from "../needs-tool";
import { CHROMIUM, launchQuietProfile } from "../chromium";

const root = path.resolve(__dirname, "../../..");

const needs: Array<[boolean, string]> = [
  [fs.existsSync(CHROMIUM), `${CHROMIUM} (apt-get install chromium)`],
  [spawnSync("jupyter-notebook", ["--version"]).status === 0, "jupyter-notebook (apt-get install jupyter-notebook)"],
  [
    spawnSync("jupyter-nbconvert", ["--version"]).status === 0,
    "jupyter-nbconvert (apt-get install jupyter-nbconvert python3-nbclient)",
  ],
  [fs.existsSync(path.join(root, "dist/index.js")), "dist/ (npm run build)"],
];
const missing = needs
  .filter(([ok]) => !ok)
  .map(([, what]) => what)
  .join(", ");
const skip = skipWithout(missing && `classic Notebook test: missing ${missing}`);

const TRUST =
  "import sys, nbformat\nfrom nbformat.sign import NotebookNotary\nNotebookNotary().sign(nbformat.read(sys.argv[1], as_version=4))";

/** A notebook inside the project (so `import … from "nndl"` resolves) with two figures. */
function figureNotebook(): object {
  const cell = (id: string, source: string) => ({
    cell_type: "code",
    id,
    metadata: {},
    execution_count: null,
    outputs: [],
    source,
  });
  return {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: {
      kernelspec: { name: KERNEL_NAME, display_name: KERNEL_DISPLAY_NAME, language: "typescript" },
      language_info: { name: "typescript" },
    },
    cells: [
      cell(
        "first",
        'import { plot } from "nndl";\nplot([{ x: [1, 2, 3], y: [2, 1, 3], type: "scatter" }], { title: { text: "first figure" } });',
      ),
      cell("second", 'plot([{ x: [1, 2, 3], y: [3, 1, 2], type: "bar" }], { title: { text: "second figure" } });'),
    ],
  };
}

/** Jupyter's environment: our kernelspec, and every other Jupyter folder private to this test. */
function jupyterEnv(home: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    JUPYTER_PATH: jupyterPath(root),
    JUPYTER_CONFIG_DIR: path.join(home, "config"),
    JUPYTER_DATA_DIR: path.join(home, "data"),
    JUPYTER_RUNTIME_DIR: path.join(home, "runtime"),
    IPYTHONDIR: path.join(home, "ipython"),
  };
}

async function startNotebookServer(
  dir: string,
  env: NodeJS.ProcessEnv,
): Promise<{ server: ChildProcess; base: string; token: string; log: () => string }> {
  const port = await freePort();
  const token = randomBytes(16).toString("hex");
  let log = "";
  const server = spawn(
    "jupyter-notebook",
    [
      "--no-browser",
      "--allow-root",
      "--ip=127.0.0.1",
      `--port=${port}`,
      "--port-retries=0",
      `--NotebookApp.token=${token}`,
      `--notebook-dir=${dir}`,
    ],
    { env, stdio: ["ignore", "pipe", "pipe"] },
  );
  server.stdout?.on("data", (d) => (log += d));
  server.stderr?.on("data", (d) => (log += d));
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`jupyter-notebook exited with ${server.exitCode}:\n${log}`);
    const ok = await fetch(`${base}/api/status?token=${token}`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return { server, base, token, log: () => log };
    await new Promise((r) => setTimeout(r, 250));
  }
  server.kill();
  throw new Error(`jupyter-notebook did not answer on ${base} within 60 s:\n${log}`);
}

/** In the page: true once `count` output figures have an svg.main-svg (Plotly's drawn plot). */
function drawnFigures(count: number): boolean {
  const plots = Array.from(document.querySelectorAll(".output_area .js-plotly-plot"));
  return plots.filter((el) => el.querySelector("svg.main-svg")).length >= count;
}

/** Records page errors and console errors; the server's own chatter (e.g. a missing favicon) is not ours. */
function watch(page: Page): string[] {
  const problems: string[] = [];
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  page.on("console", (m) => {
    if (m.type() === "error" && !/Failed to load resource/.test(m.text())) problems.push(`console error: ${m.text()}`);
  });
  return problems;
}

test(
  "plot() figures draw in classic Notebook 6 (require.js page): saved outputs and a live run",
  { skip, timeout: 240_000 },
  async (t) => {
    if (missing) assert.fail(`missing ${missing}`);
    registerKernel(root);
    const home = fs.mkdtempSync(path.join(os.tmpdir(), "nndl-jupyter-home-"));
    const env = jupyterEnv(home);
    // Inside the project: tslab resolves "nndl" from the notebook's folder up to node_modules/nndl.
    const dir = fs.mkdtempSync(path.join(root, "build", "classic-notebook-test-"));
    fs.writeFileSync(path.join(dir, "figures.ipynb"), JSON.stringify(figureNotebook(), null, 1));

    const started = Date.now();
    const run = spawnSync(
      "jupyter-nbconvert",
      ["--to", "notebook", "--execute", "figures.ipynb", "--output", "figures-executed.ipynb"],
      { cwd: dir, env, encoding: "utf8", timeout: 120_000 },
    );
    assert.equal(run.status, 0, `nbconvert --execute failed:\n${run.stderr}`);
    const executed = JSON.parse(fs.readFileSync(path.join(dir, "figures-executed.ipynb"), "utf8")) as {
      cells: Array<{ outputs: Array<{ data?: Record<string, unknown> }> }>;
    };
    const htmls = executed.cells.map((c) =>
      String(c.outputs.find((o) => o.data?.["text/html"])?.data?.["text/html"] ?? ""),
    );
    assert.ok(
      htmls.every((h) => h.length > 0 && h.length < 20_000 && !h.includes("Plotly=")),
      "no figure carries plotly.js",
    );
    // A notebook you executed yourself is trusted. Debian has no `jupyter trust` command; this is what
    // it does (nbformat's notary), recorded in our private JUPYTER_DATA_DIR.
    const trust = spawnSync("/usr/bin/python3", ["-c", TRUST, "figures-executed.ipynb"], {
      cwd: dir,
      env,
      encoding: "utf8",
    });
    assert.equal(trust.status, 0, `signing the notebook failed: ${trust.stderr}`);
    t.diagnostic(`nbconvert --execute: ${((Date.now() - started) / 1000).toFixed(1)} s`);

    const { server, base, token, log } = await startNotebookServer(dir, env);
    let context: BrowserContext | undefined;
    const profile = fs.mkdtempSync(path.join(os.tmpdir(), "nndl-chromium-"));
    try {
      context = await launchQuietProfile(profile);
      const offHost: string[] = [];
      context.on("request", (r) => {
        if (!r.url().startsWith(base) && !r.url().startsWith("data:")) offHost.push(r.url());
      });
      await context.route(
        (url) => url.origin !== base && url.protocol !== "data:",
        (route) => route.abort(),
      );

      // Saved outputs, as a learner reopening their notebook sees them.
      const saved = await context.newPage();
      const savedProblems = watch(saved);
      await saved.goto(`${base}/notebooks/figures-executed.ipynb?token=${token}`);
      await saved.waitForFunction(drawnFigures, 2, { timeout: 60_000 }).catch(async (err: Error) => {
        const outputs = await saved.locator(".output_area").allInnerTexts();
        throw new Error(
          `figures did not draw in saved outputs: ${err.message}\noutputs: ${JSON.stringify(outputs).slice(0, 2000)}\nproblems: ${savedProblems.join("\n")}`,
        );
      });
      assert.equal(
        await saved.evaluate(() => typeof (window as unknown as { define?: { amd?: unknown } }).define?.amd),
        "object",
        "require.js is on the page",
      );
      assert.deepEqual(
        savedProblems.filter((p) => /plotly|nndl/i.test(p)),
        [],
        "no error from our outputs",
      );

      // A live run of the unexecuted notebook in the page: outputs arrive over the kernel's websocket.
      const live = await context.newPage();
      const liveProblems = watch(live);
      await live.goto(`${base}/notebooks/figures.ipynb?token=${token}`);
      await live.waitForFunction(
        () =>
          (
            window as unknown as { Jupyter?: { notebook?: { kernel?: { is_connected(): boolean } } } }
          ).Jupyter?.notebook?.kernel?.is_connected?.() === true,
        undefined,
        { timeout: 60_000 },
      );
      await live.evaluate(() =>
        (
          window as unknown as { Jupyter: { notebook: { execute_all_cells(): void } } }
        ).Jupyter.notebook.execute_all_cells(),
      );
      await live.waitForFunction(drawnFigures, 2, { timeout: 120_000 }).catch(async (err: Error) => {
        const outputs = await live.locator(".output_area").allInnerTexts();
        throw new Error(
          `figures did not draw in a live run: ${err.message}\noutputs: ${JSON.stringify(outputs).slice(0, 2000)}\nproblems: ${liveProblems.join("\n")}`,
        );
      });
      assert.deepEqual(
        liveProblems.filter((p) => /plotly|nndl/i.test(p)),
        [],
        "no error from our outputs",
      );
      assert.deepEqual(offHost, [], "nothing loaded from outside the Notebook server");
      t.diagnostic(
        `figures drawn; other console errors (the Notebook's own): ${JSON.stringify([...savedProblems, ...liveProblems])}`,
      );
    } catch (err) {
      throw new Error(`${(err as Error).message}\n--- jupyter-notebook log ---\n${log().slice(-3000)}`, { cause: err });
    } finally {
      await context?.close();
      // SIGTERM makes the server shut its kernels down; wait for that before removing its folders.
      const exited = new Promise((resolve) => server.once("exit", resolve));
      server.kill("SIGTERM");
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 15_000))]);
      for (const d of [dir, profile, home]) fs.rmSync(d, { recursive: true, force: true });
    }
  },
);
