/**
 * The course in a real JupyterLab, driven by Chromium as a learner would (`npm run test:jupyterlab`;
 * not part of `npm test`, since it installs JupyterLab from a Python package index).
 *
 * 1. JupyterLab and the `plotly` package go into a virtual environment under build/ (pip, once; reused).
 * 2. JupyterLab starts on 127.0.0.1 with the project's JUPYTER_PATH (kernel, figure extension) and
 *    private config/data/runtime folders, twice: with jupyterlab-plotly's renderer disabled (as with
 *    no `plotly` installed) and enabled — that renderer froze live charts at their first epoch.
 * 3. Each time a fixture notebook runs with Run All: the live chart must reach its last epoch, both
 *    figures draw, drawn by the course's renderer. The notebook is saved (its size measured: it must
 *    carry data, not plotly.js), the page reloaded (figures draw with the kernel still running), the
 *    figure cell re-run, saved and reopened (figures draw again).
 * 4. Without the plotly renderer: the kernel indicator is sampled during Run All (busy until the last
 *    cell is done), and a training cell is interrupted (it stops within seconds; its next line never runs).
 * 5. Each time, the course's own 00, 03 and 04 run with Run All as a learner opens them: every cell
 *    runs without an error, every check passes, every figure draws (by the course's renderer) and the
 *    live training charts reach their last epoch.
 *
 * With CI=true a missing tool (Chromium, python3 -m venv, a reachable package index) fails the test;
 * elsewhere it is skipped with the reason.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { freePort } from "../free-port";
import { randomBytes } from "node:crypto";
import type { Browser, Page } from "playwright-core";
import { jupyterPath, registerKernel, KERNEL_NAME, KERNEL_DISPLAY_NAME } from "../../src/tools/kernel/kernelspec";
import { CHROMIUM, launchChromium } from "../chromium";

const root = path.resolve(__dirname, "../../..");
const venv = path.join(root, "build", "jupyterlab-venv");
const jupyterBin = path.join(venv, "bin", "jupyter");
const inCI = process.env.CI === "true";

/** Installs JupyterLab and plotly into build/jupyterlab-venv unless already there; returns why not, or "". */
function ensureJupyterLab(): string {
  if (
    fs.existsSync(jupyterBin) &&
    spawnSync(path.join(venv, "bin", "python"), ["-c", "import jupyterlab, plotly"]).status === 0
  )
    return "";
  const made = spawnSync("python3", ["-m", "venv", venv], { encoding: "utf8" });
  if (made.status !== 0) return `python3 -m venv failed (apt-get install python3-venv): ${made.stderr}`;
  // One retry: a package index that is not reachable at all fails fast instead of after minutes.
  const pip = spawnSync(
    path.join(venv, "bin", "pip"),
    ["install", "--quiet", "--retries", "1", "jupyterlab", "plotly"],
    { encoding: "utf8", timeout: 900_000 },
  );
  return pip.status === 0
    ? ""
    : `pip install jupyterlab plotly failed (no reachable package index?):\n${pip.stderr.slice(-2000)}`;
}

const missing = !fs.existsSync(CHROMIUM) ? `${CHROMIUM} (apt-get install chromium)` : ensureJupyterLab();
const skip = missing && !inCI ? `JupyterLab test skipped: ${missing}` : false;
if (skip) console.log(`# ${skip}`);

const EPOCHS = 8;
const t0 = Date.now();
/** A progress line on stderr as the test goes (node's runner prints diagnostics only at the end). */
const progress = (text: string) => process.stderr.write(`# ${((Date.now() - t0) / 1000).toFixed(1)} s: ${text}\n`);

function notebook(cells: string[]): object {
  return {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: {
      kernelspec: { name: KERNEL_NAME, display_name: KERNEL_DISPLAY_NAME, language: "typescript" },
      language_info: { name: "typescript" },
    },
    cells: cells.map((source, i) => ({
      cell_type: "code",
      id: `cell-${i}`,
      metadata: {},
      execution_count: null,
      outputs: [],
      source,
    })),
  };
}

const FIXTURE = notebook([
  'import { Network, loadMnistSubset, trainingChart, plot } from "nndl";\nconst data = loadMnistSubset(2000);',
  `const net = new Network([784, 30, 10], { seed: 1 });\nconst chart = trainingChart({ title: "live chart", epochs: ${EPOCHS} });\n` +
    `await net.sgd(data, { epochs: ${EPOCHS}, batchSize: 10, eta: 3, evaluationData: data, onEpoch: chart.onEpoch });\nchart.done();`,
  'plot([{ x: [1, 2, 3], y: [2, 1, 3], type: "bar" }], { title: { text: "static figure" } });',
  "await new Promise((resolve) => setTimeout(resolve, 1500));",
  "await new Promise((resolve) => setTimeout(resolve, 1500));",
  'console.log("all cells ran");',
]);

// The book's per-example loop: an epoch of 3,000 images takes a few tenths of a second, so the chart
// grows at a pace a page can draw, and the interrupt lands mid-epoch (checked every ~50 ms).
const INTERRUPT = notebook([
  'import { Network, loadMnistSubset, trainingChart } from "nndl";\nconst data = loadMnistSubset(3000);\n' +
    'const chart = trainingChart({ title: "long run", epochs: 1000 });\n' +
    'await new Network([784, 30, 10], { seed: 2 }).sgd(data, { epochs: 1000, batchSize: 10, eta: 3, engine: "per-example", onEpoch: chart.onEpoch });\n' +
    'console.log("AFTER TRAINING");',
]);

interface Lab {
  server: ChildProcess;
  base: string;
  token: string;
  log: () => string;
  stop(): Promise<void>;
}

async function startLab(dir: string, home: string, withPlotlyRenderer: boolean): Promise<Lab> {
  const config = path.join(home, "config");
  // As if `plotly` were not installed: JupyterLab's page config can disable an extension by name.
  fs.mkdirSync(path.join(config, "labconfig"), { recursive: true });
  fs.writeFileSync(
    path.join(config, "labconfig", "page_config.json"),
    JSON.stringify({ disabledExtensions: { "jupyterlab-plotly": !withPlotlyRenderer } }),
  );
  const env = {
    ...process.env,
    PATH: `${path.join(venv, "bin")}${path.delimiter}${process.env.PATH}`,
    JUPYTER_PATH: jupyterPath(root),
    JUPYTER_CONFIG_DIR: config,
    JUPYTER_DATA_DIR: path.join(home, "data"),
    JUPYTER_RUNTIME_DIR: path.join(home, "runtime"),
  };
  const port = await freePort();
  const token = randomBytes(16).toString("hex");
  let log = "";
  const server = spawn(
    jupyterBin,
    [
      "lab",
      "--no-browser",
      "--allow-root",
      "--ip=127.0.0.1",
      `--port=${port}`,
      "--port-retries=0",
      `--IdentityProvider.token=${token}`,
      `--ServerApp.root_dir=${dir}`,
      "--LabApp.expose_app_in_browser=True",
      "--LabApp.news_url=",
      "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
    ],
    { env, stdio: ["ignore", "pipe", "pipe"] },
  );
  server.stdout?.on("data", (d) => (log += d));
  server.stderr?.on("data", (d) => (log += d));
  const base = `http://127.0.0.1:${port}`;
  const stop = async () => {
    const exited = new Promise((resolve) => server.once("exit", resolve));
    server.kill("SIGTERM");
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 15_000))]);
  };
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`jupyter lab exited with ${server.exitCode}:\n${log}`);
    if (
      await fetch(`${base}/api/status?token=${token}`).then(
        (r) => r.ok,
        () => false,
      )
    )
      return { server, base, token, log: () => log, stop };
    await new Promise((r) => setTimeout(r, 250));
  }
  await stop();
  throw new Error(`jupyter lab did not answer on ${base} within 90 s:\n${log}`);
}

/* The page side, run through page.evaluate: JupyterLab's app is exposed as window.jupyterapp. */
type AnyWindow = Window & { jupyterapp: any }; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Loads (or reloads) JupyterLab with this notebook alone open (`reset`: no other tab restored). */
async function openNotebook(page: Page, lab: Lab, name: string): Promise<void> {
  await page.goto(`${lab.base}/lab/tree/${name}?reset&token=${lab.token}`);
  await page.waitForFunction(
    (name) => {
      const app = (window as unknown as AnyWindow).jupyterapp;
      const widget = app?.shell?.currentWidget;
      return (
        widget?.sessionContext?.session?.kernel?.status === "idle" &&
        widget.context?.path === name &&
        widget.content?.widgets?.length > 0
      );
    },
    name,
    { timeout: 120_000, polling: 250 },
  );
}

/** Figures drawn in the current notebook, by which renderer, and the live chart's title. */
function figures(page: Page): Promise<{ drawn: number; ours: number; titles: string[] }> {
  return page.evaluate(() => {
    const notebook = (window as unknown as AnyWindow).jupyterapp.shell.currentWidget.node as HTMLElement;
    const plots = Array.from(notebook.querySelectorAll(".jp-OutputArea-output .js-plotly-plot")).filter((el) =>
      el.querySelector("svg.main-svg"),
    );
    return {
      drawn: plots.length,
      ours: plots.filter((el) => el.closest(".nndl-figure")).length,
      titles: plots.map((el) => el.querySelector(".gtitle")?.textContent ?? ""),
    };
  });
}

async function waitForFigures(page: Page, count: number, titlePart: string | RegExp, what: string): Promise<void> {
  const deadline = Date.now() + 90_000;
  let last = { drawn: 0, ours: 0, titles: [] as string[] };
  while (Date.now() < deadline) {
    last = await figures(page);
    if (
      last.drawn >= count &&
      last.titles.some((t) => (typeof titlePart === "string" ? t.includes(titlePart) : titlePart.test(t)))
    )
      return;
    await page.waitForTimeout(250);
  }
  throw new Error(`${what}: expected ${count} drawn figures, one titled …${titlePart}…; got ${JSON.stringify(last)}`);
}

/** Starts Run All (without waiting for it: the command's promise settles when the cells finish). */
function runAll(page: Page): Promise<void> {
  return page.evaluate(
    () => void (window as unknown as AnyWindow).jupyterapp.commands.execute("notebook:run-all-cells"),
  );
}

/**
 * Samples the kernel status every 100 ms until every cell has run, each sample with how many
 * requests JupyterLab had sent whose idle had not come yet ("busy/2": busy, two in the kernel's
 * queue). JupyterLab does not send everything at once (a Run All's first cell goes alone), so only
 * an "idle" while requests wait is wrong. Also returns the status messages, to explain one.
 */
function sampleStatusUntilDone(page: Page): Promise<{ samples: string[]; messages: string[] }> {
  return page.evaluate(
    () =>
      new Promise<{ samples: string[]; messages: string[] }>((resolve) => {
        const widget = (window as unknown as AnyWindow).jupyterapp.shell.currentWidget;
        const kernel = widget.sessionContext.session.kernel;
        const started = performance.now();
        const samples: string[] = [];
        const messages: string[] = [];
        const waiting = new Set<string>();
        type Message = {
          header: { msg_type: string; msg_id: string };
          content: { execution_state?: string };
          parent_header: { msg_type?: string; msg_id?: string };
        };
        const onMessage = (_: unknown, { msg, direction }: { msg: Message; direction: string }) => {
          if (direction === "send" && msg.header.msg_type === "execute_request") waiting.add(msg.header.msg_id);
          if (direction !== "recv" || msg.header.msg_type !== "status") return;
          if (msg.content.execution_state === "idle") waiting.delete(msg.parent_header.msg_id ?? "");
          messages.push(
            `${Math.round(performance.now() - started)} ${msg.content.execution_state} ${msg.parent_header.msg_type}:${msg.parent_header.msg_id?.slice(0, 4)}`,
          );
        };
        kernel.anyMessage.connect(onMessage);
        const timer = setInterval(() => {
          const cells = widget.content.widgets as Array<{ model: { executionCount: number | null } }>;
          if (cells.every((c) => c.model.executionCount !== null)) {
            clearInterval(timer);
            kernel.anyMessage.disconnect(onMessage);
            resolve({ samples, messages });
            return;
          }
          samples.push(`${Math.round(performance.now() - started)}:${kernel.status}/${waiting.size}`);
        }, 100);
      }),
  );
}

async function save(page: Page): Promise<void> {
  await page.evaluate(() => (window as unknown as AnyWindow).jupyterapp.commands.execute("docmanager:save"));
  await page.waitForFunction(
    () => !(window as unknown as AnyWindow).jupyterapp.shell.currentWidget.context.model.dirty,
    undefined,
    { timeout: 30_000 },
  );
}

/** Why the kernel status during Run All was wrong ("" when right); asserted after the interrupt step. */
let statusProblem = "";

async function runFixture(
  t: { diagnostic(m: string): void },
  browser: Browser,
  lab: Lab,
  dir: string,
  label: string,
  extra: boolean,
): Promise<void> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 2000 } });
  const problems: string[] = [];
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  try {
    await openNotebook(page, lab, "fixture.ipynb");
    progress(`${label}: fixture.ipynb open`);
    const started = Date.now();
    const [{ samples: timed, messages }] = await Promise.all([sampleStatusUntilDone(page), runAll(page)]);
    const samples = timed.map((s) => s.split(":")[1]);
    const idleWhileQueued = samples.filter((s) => /^idle\/[1-9]/.test(s)).length;
    t.diagnostic(`${label}: Run All ${((Date.now() - started) / 1000).toFixed(1)} s`);
    if (extra) {
      const idle = idleWhileQueued;
      const runs = samples.reduce<Array<[string, number]>>(
        (acc, s) => (acc.at(-1)?.[0] === s ? (acc.at(-1)![1]++, acc) : [...acc, [s, 1]]),
        [],
      );
      t.diagnostic(
        `${label}: kernel status during Run All, every 100 ms (status/requests in the kernel): ${runs.map(([s, n]) => `${s}×${n}`).join(" ")}`,
      );
      statusProblem =
        samples.length < 20
          ? `Run All took ${samples.length} samples only`
          : idle > 0
            ? `the kernel showed idle in ${idle} of ${samples.length} samples while cells it had been sent still waited`
            : "";
      if (samples.some((s) => s.startsWith("idle")))
        t.diagnostic(`${label}: samples ${timed.join(" ")}; status messages: ${messages.join(", ")}`);
    }
    await waitForFigures(page, 2, `epoch ${EPOCHS}/${EPOCHS}`, `${label}: after Run All`);
    progress(`${label}: Run All done, figures drawn`);
    const after = await figures(page);
    assert.equal(
      after.ours,
      after.drawn,
      `${label}: every figure drawn by the course's renderer (${JSON.stringify(after)})`,
    );

    await save(page);
    progress(`${label}: saved`);
    const file = path.join(dir, "fixture.ipynb");
    const saved = fs.readFileSync(file, "utf8");
    t.diagnostic(`${label}: saved notebook ${saved.length} bytes`);
    assert.ok(
      saved.length < 100_000 && !saved.includes("Plotly="),
      `${label}: the saved notebook carries plotly.js (${saved.length} bytes)`,
    );

    await openNotebook(page, lab, "fixture.ipynb"); // a reload: the page loads anew, the kernel runs on
    await waitForFigures(
      page,
      2,
      `epoch ${EPOCHS}/${EPOCHS}`,
      `${label}: after reloading the page while the kernel runs`,
    );

    // Re-run the static figure's cell alone, save, and reopen.
    await page.evaluate(() => {
      const app = (window as unknown as AnyWindow).jupyterapp;
      app.shell.currentWidget.content.activeCellIndex = 2;
      return app.commands.execute("notebook:run-cell");
    });
    await page.waitForTimeout(2000);
    await waitForFigures(page, 2, "static figure", `${label}: after re-running the figure cell`);
    await save(page);
    await openNotebook(page, lab, "fixture.ipynb");
    await waitForFigures(page, 2, `epoch ${EPOCHS}/${EPOCHS}`, `${label}: reopened after re-running and saving`);
    assert.deepEqual(
      problems.filter((p) => /plotly|nndl/i.test(p)),
      [],
      `${label}: no page error from our outputs`,
    );
  } finally {
    await page.close();
  }
}

async function interruptTraining(t: { diagnostic(m: string): void }, browser: Browser, lab: Lab): Promise<void> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1200 } });
  try {
    await openNotebook(page, lab, "interrupt.ipynb");
    progress("interrupt.ipynb open");
    await runAll(page);
    await waitForFigures(page, 1, /epoch ([3-9]|\d\d+)\//, "the long run trains");
    progress("training reached epoch 3; interrupting");
    const interrupted = Date.now();
    await page.evaluate(() =>
      (window as unknown as AnyWindow).jupyterapp.shell.currentWidget.sessionContext.session.kernel.interrupt(),
    );
    // Done: the kernel is idle again (with the launcher's status fix, only when nothing runs).
    const state = () =>
      page.evaluate(() => {
        const widget = (window as unknown as AnyWindow).jupyterapp.shell.currentWidget;
        return {
          status: widget.sessionContext.session.kernel.status as string,
          text: (widget.node.querySelector(".jp-OutputArea")?.textContent ?? "") as string,
        };
      });
    let last = await state();
    while (Date.now() - interrupted < 20_000 && last.status !== "idle") {
      await page.waitForTimeout(50);
      last = await state();
    }
    assert.equal(
      last.status,
      "idle",
      `the kernel still runs 20 s after the interrupt; output: ${JSON.stringify(last.text.slice(-300))}`,
    );
    const seconds = (Date.now() - interrupted) / 1000;
    const text = last.text;
    t.diagnostic(
      `interrupt: the cell ended ${seconds.toFixed(2)} s after Kernel → Interrupt; its output ends: ${JSON.stringify(text.slice(-200))}`,
    );
    assert.ok(seconds < 3, `the cell ran on for ${seconds} s after the interrupt`);
    assert.match(text, /interrupted at epoch \d+/);
    assert.ok(!text.includes("AFTER TRAINING"), "the line after the training ran");
  } finally {
    await page.close();
  }
}

/** The course notebooks the test runs as they are (00: the tour's live chart; 03, 04: chapter 1). */
const COURSE = ["00-course-tour.ipynb", "03-gradient-descent.ipynb", "04-implementing-our-network.ipynb"];

/** What a course notebook shows after Run All: errors, checks, figures and live-chart titles. */
function courseState(page: Page): Promise<{
  ran: number;
  cells: number;
  errors: string[];
  ok: number;
  failed: string[];
  figureOutputs: number;
  liveEpochs: string[];
}> {
  return page.evaluate((mime) => {
    const widget = (window as unknown as AnyWindow).jupyterapp.shell.currentWidget;
    type Cell = {
      model: {
        type: string;
        executionCount: number | null;
        outputs?: {
          toJSON(): Array<{ output_type: string; ename?: string; evalue?: string; data?: Record<string, unknown> }>;
        };
      };
    };
    const code = (widget.content.widgets as Cell[]).filter((c) => c.model.type === "code");
    const outputs = code.flatMap((c) => c.model.outputs?.toJSON() ?? []);
    const node = widget.node as HTMLElement;
    return {
      ran: code.filter((c) => c.model.executionCount !== null).length,
      cells: code.length,
      errors: outputs.filter((o) => o.output_type === "error").map((o) => `${o.ename}: ${o.evalue}`),
      ok: node.querySelectorAll(".nndl-check-ok").length,
      failed: Array.from(node.querySelectorAll(".nndl-check-fail")).map((e) => e.textContent ?? ""),
      figureOutputs: outputs.filter((o) => o.data && mime in o.data).length,
      // What the kernel last sent for each live chart ("8/30": a run the notebook stopped early).
      liveEpochs: outputs.flatMap((o) => {
        const title =
          (o.data?.["application/vnd.plotly.v1+json"] as { layout?: { title?: { text?: string } } } | undefined)?.layout
            ?.title?.text ?? "";
        const m = /epoch (\d+\/\d+)/.exec(title);
        return m ? [m[1]] : [];
      }),
    };
  }, "application/vnd.nndl.plotly+json");
}

async function runCourseNotebook(
  t: { diagnostic(m: string): void },
  browser: Browser,
  lab: Lab,
  name: string,
  label: string,
): Promise<void> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 2000 } });
  const problems: string[] = [];
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  try {
    await openNotebook(page, lab, `notebooks/${name}`);
    const started = Date.now();
    await runAll(page);
    let state = await courseState(page);
    // A failed cell stops Run All: the remaining cells never get an execution count.
    while (Date.now() - started < 600_000 && state.ran < state.cells && state.errors.length === 0) {
      await page.waitForTimeout(500);
      state = await courseState(page);
    }
    const seconds = ((Date.now() - started) / 1000).toFixed(0);
    progress(`${label}: ${name} ran ${state.ran}/${state.cells} cells in ${seconds} s, ${state.ok} checks passed`);
    assert.deepEqual(state.errors, [], `${label}: ${name}: no cell fails`);
    assert.equal(state.ran, state.cells, `${label}: ${name}: every cell ran within 10 minutes`);
    assert.deepEqual(state.failed, [], `${label}: ${name}: every check passes`);
    assert.ok(state.ok > 0, `${label}: ${name}: its checks show`);
    // Every figure output draws, by the course's renderer, and live charts end at their last epoch.
    const deadline = Date.now() + 60_000;
    let drawn = await figures(page);
    while (Date.now() < deadline && drawn.ours < state.figureOutputs) {
      await page.waitForTimeout(250);
      drawn = await figures(page);
    }
    assert.equal(
      drawn.ours,
      state.figureOutputs,
      `${label}: ${name}: every figure drawn by the course's renderer (${JSON.stringify(drawn)})`,
    );
    assert.equal(drawn.drawn, drawn.ours, `${label}: ${name}: no figure drawn by another renderer`);
    // Each live chart shows the epoch the kernel last sent for it (a frozen chart would show epoch 1).
    const live = drawn.titles.flatMap((title) => /epoch (\d+\/\d+)/.exec(title)?.[1] ?? []);
    assert.deepEqual(live.sort(), [...state.liveEpochs].sort(), `${label}: ${name}: live charts drawn as last sent`);
    if (live.length > 0)
      assert.ok(
        live.some((e) => e.split("/")[0] === e.split("/")[1] && Number(e.split("/")[0]) > 1),
        `${label}: ${name}: a live chart reached its last epoch (${live.join(", ")})`,
      );
    t.diagnostic(
      `${label}: ${name}: ${state.cells} cells, ${state.ok} checks, ${drawn.ours} figures (live charts at epochs ${live.join(", ")}), Run All ${seconds} s`,
    );
    assert.deepEqual(
      problems.filter((p) => /plotly|nndl/i.test(p)),
      [],
      `${label}: ${name}: no page error from our outputs`,
    );
  } finally {
    await page.close();
  }
}

test(
  "JupyterLab: live charts, reloads, saved size, interrupt, busy status and the course's 00, 03 and 04, with and without the plotly renderer",
  { skip, timeout: 2_400_000 },
  async (t) => {
    if (missing) assert.fail(missing);
    registerKernel(root);
    const started = Date.now();
    // Inside the project: tslab resolves "nndl" from the notebook's folder up to node_modules/nndl.
    const dir = fs.mkdtempSync(path.join(root, "build", "jupyterlab-test-"));
    fs.writeFileSync(path.join(dir, "interrupt.ipynb"), JSON.stringify(INTERRUPT, null, 1));
    const browser = await launchChromium();
    const homes: string[] = [];
    try {
      for (const withPlotly of [false, true]) {
        const label = withPlotly ? "with jupyterlab-plotly" : "without jupyterlab-plotly";
        fs.writeFileSync(path.join(dir, "fixture.ipynb"), JSON.stringify(FIXTURE, null, 1));
        // As in the project: notebooks/ beside data/ (04 saves a network to ../data/, relative to the kernel's folder).
        for (const sub of ["notebooks", "data"]) fs.mkdirSync(path.join(dir, sub), { recursive: true });
        for (const name of COURSE)
          fs.copyFileSync(path.join(root, "notebooks", name), path.join(dir, "notebooks", name));
        const home = fs.mkdtempSync(path.join(os.tmpdir(), "nndl-jupyterlab-home-"));
        homes.push(home);
        const lab = await startLab(dir, home, withPlotly);
        try {
          await runFixture(t, browser, lab, dir, label, !withPlotly);
          if (!withPlotly) await interruptTraining(t, browser, lab);
          for (const name of COURSE) await runCourseNotebook(t, browser, lab, name, label);
        } catch (err) {
          throw new Error(`${(err as Error).message}\n--- jupyter lab log ---\n${lab.log().slice(-3000)}`, {
            cause: err,
          });
        } finally {
          await lab.stop();
        }
      }
      t.diagnostic(`JupyterLab test: ${((Date.now() - started) / 1000).toFixed(0)} s`);
      assert.equal(statusProblem, "", "busy while anything runs during Run All");
    } finally {
      await browser.close();
      for (const d of [dir, ...homes]) fs.rmSync(d, { recursive: true, force: true });
    }
  },
);
