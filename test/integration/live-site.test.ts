/**
 * The live site (src/tools/export/live, src/browser) in a real browser (Debian's chromium through
 * playwright-core), opened from file:// as a learner opens it from disk:
 *   - 01, 04 and 06: Run all — every check passes in the page, with the ids of the kernel run; a
 *     figure is drawn; no console error; no network request;
 *   - an exercise's solution edited to a wrong answer fails its check with its message, and Reset
 *     page restores the published source;
 *   - a 3-epoch [784, 30, 10] training cell reaches ≥ 90% (its per-epoch times are printed);
 *   - Interrupt stops an endless cell and says the state was reset; the next cell runs;
 *   - a student page keeps an edit across a reload, Download .ipynb gives a valid nbformat 4
 *     notebook holding it, and `nndl grade` on that file gives the learner the exercise answered.
 * The kernel run's check ids come from build/executed/ when its copy is at least as new as the
 * source (after `npm test`'s notebook run or `nndl verify`); otherwise from the check ids written
 * literally in the source (ids built in a template are then not compared).
 *
 * Needs /usr/bin/chromium. With CI=true a missing browser fails the test; elsewhere it is skipped.
 */
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import type { BrowserContext, Page } from "playwright-core";
import { exportCourse } from "../../src/tools/export/site";
import { checkNotebook, joinSource, readNotebook, type Notebook } from "../../src/tools/nbformat";
import { CHECK_MIME } from "../../src/notebook/check";
import { chromiumMissing, launchQuietProfile } from "../chromium";

/** A correct answer to notebook 01's exercise, as a learner would type it over the stub's throw line. */
const ANSWER =
  "return { ...net, units: net.units.map((u) => unit(u.inputs, u.weights.map((w) => c * w), c * u.bias)) };";
const root = path.resolve(__dirname, "../../..");
const CHAPTERS = ["01-perceptrons", "04-implementing-our-network", "06-cross-entropy"];

const missing = chromiumMissing();
const skip = missing && process.env.CI !== "true" ? `live site test skipped: ${missing}` : false;
if (skip) console.log(`# ${skip}`);

let dir = "";
let siteDir = "";
let context: BrowserContext;
const requests: string[] = [];

before(async () => {
  if (missing) return;
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "nndl-live-"));
  const notebooks = path.join(dir, "notebooks"),
    executed = path.join(dir, "executed");
  fs.mkdirSync(notebooks);
  fs.mkdirSync(executed);
  for (const name of CHAPTERS) {
    fs.copyFileSync(path.join(root, "notebooks", `${name}.ipynb`), path.join(notebooks, `${name}.ipynb`));
    const run = path.join(root, "build", "executed", `${name}.ipynb`);
    if (fs.existsSync(run)) fs.copyFileSync(run, path.join(executed, `${name}.ipynb`));
  }
  siteDir = path.join(dir, "site");
  exportCourse({
    notebooksDir: notebooks,
    executedDir: executed,
    outDir: siteDir,
    studentDir: path.join(dir, "student"),
  });
  context = await launchQuietProfile(path.join(dir, "profile"), { acceptDownloads: true });
  context.on("request", (r) => {
    if (!/^(file|data|blob):/.test(r.url())) requests.push(r.url());
  });
  await context.route(
    (url) => !/^(file|data|blob):/.test(url.protocol),
    (route) => route.abort(),
  );
});

after(async () => {
  await context?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

/** Opens a page of the site and waits for its kernel; collects console errors and page errors. */
async function open(file: string): Promise<{ page: Page; problems: string[] }> {
  const page = await context.newPage();
  const problems: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error") problems.push(`console error: ${m.text()}`);
  });
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  await page.goto(pathToFileURL(path.join(siteDir, file)).href);
  await page.waitForFunction(() => document.body.dataset.kernel === "idle", null, { timeout: 60_000 });
  return { page, problems };
}

/** Clicks a button and waits until everything it started has finished. */
async function runAndWait(page: Page, click: () => Promise<void>, timeout = 600_000): Promise<void> {
  await page.evaluate(() => {
    document.body.dataset.kernel = "clicked";
  });
  await click();
  await page.waitForFunction(() => document.body.dataset.kernel === "idle", null, { timeout, polling: 250 });
}

const cellRun = (page: Page, id: string) =>
  page.locator(`section[data-cell-id="${id}"]`).getByRole("button", { name: "Run", exact: true });

/** The check ids of the kernel run (see the header). */
function kernelCheckIds(name: string): { ids: string[]; exact: boolean } {
  const source = path.join(root, "notebooks", `${name}.ipynb`);
  const run = path.join(root, "build", "executed", `${name}.ipynb`);
  if (fs.existsSync(run) && fs.statSync(run).mtimeMs >= fs.statSync(source).mtimeMs) {
    const notebook = readNotebook(run);
    const ids = notebook.cells
      .flatMap((c) => (c.cell_type === "code" ? c.outputs : []))
      .flatMap((o) => ("data" in o && o.data[CHECK_MIME] ? [(o.data[CHECK_MIME] as { id: string }).id] : []));
    if (ids.length > 0) return { ids, exact: true };
  }
  const code = readNotebook(source)
    .cells.filter((c) => c.cell_type === "code")
    .map((c) => joinSource(c.source))
    .join("\n");
  const ids = [...code.matchAll(/check(?:Close|Equal|True|Catches)\(\s*"([^"]+)"/g)].map((m) => m[1]);
  return { ids, exact: false };
}

for (const name of CHAPTERS) {
  test(
    `${name} runs whole in the page from file://: every check passes with the kernel run's ids, a figure is drawn`,
    { skip, timeout: 900_000 },
    async () => {
      if (missing) assert.fail(missing);
      const { page, problems } = await open(`${name}.html`);
      const started = Date.now();
      await runAndWait(page, () => page.getByRole("button", { name: "Run all", exact: true }).click());
      console.log(`# ${name}: Run all in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      const failedCells = await page.$$eval("section[data-run-status=error]", (els) =>
        els.map(
          (e) =>
            `${(e as HTMLElement).dataset.cellId}: ${e.querySelector(".live-outputs")?.textContent?.slice(0, 400)}`,
        ),
      );
      assert.deepEqual(failedCells, [], "no cell fails");
      const notRun = await page.locator("section.code-cell:not([data-run-status])").count();
      assert.equal(notRun, 0, "every code cell ran");
      const checks = await page.$$eval("[data-check-id]", (els) =>
        els.map((e) => ({ id: (e as HTMLElement).dataset.checkId!, status: (e as HTMLElement).dataset.checkStatus! })),
      );
      assert.deepEqual(
        checks.filter((c) => c.status !== "pass"),
        [],
        "every check passes",
      );
      const kernel = kernelCheckIds(name);
      const pageIds = checks.map((c) => c.id);
      if (kernel.exact) assert.deepEqual([...pageIds].sort(), [...kernel.ids].sort(), "the kernel run's check ids");
      else for (const id of kernel.ids) assert.ok(pageIds.includes(id), `check ${id} ran in the page`);
      assert.ok(
        (await page.locator(".live-outputs .plotly-figure .main-svg").count()) >= 1,
        "a figure drawn by a run in the page",
      );
      assert.deepEqual(problems, [], "no console or page error");
      assert.deepEqual(requests, [], "no network request");
      await page.close();
    },
  );
}

test(
  "an exercise edited to a wrong answer fails its check with its message; Reset page restores the source",
  { skip, timeout: 300_000 },
  async () => {
    if (missing) assert.fail(missing);
    const { page, problems } = await open("01-perceptrons.html");
    const published = await page.evaluate(() =>
      (window as unknown as { nndlLive: { source(id: string): string } }).nndlLive.source("perceptrons-23"),
    );
    await runAndWait(page, () => page.getByRole("button", { name: "Run all", exact: true }).click());
    // The typical wrong answer: scale the weights, forget the biases.
    const wrong = published.replace("c * u.bias", "u.bias");
    assert.notEqual(wrong, published);
    await page.evaluate(
      (text) =>
        (window as unknown as { nndlLive: { setSource(id: string, t: string): boolean } }).nndlLive.setSource(
          "perceptrons-23",
          text,
        ),
      wrong,
    );
    await runAndWait(page, () => cellRun(page, "perceptrons-23").click());
    await runAndWait(page, () => cellRun(page, "perceptrons-26").click());
    // The exercise's first check (outputs unchanged for every c > 0) fails and stops the cell.
    const failed = page.locator('section[data-cell-id="perceptrons-26"] [data-check-status="fail"]');
    assert.equal(await failed.count(), 1, "one failed check in the cell");
    assert.match((await failed.getAttribute("data-check-id")) ?? "", /^ch1\.sigmoid-simulating-perceptrons-1/);
    assert.match((await failed.textContent()) ?? "", /✗ scaling by c > 0/, "the check's message is shown");
    assert.match(
      (await page.locator('section[data-cell-id="perceptrons-26"] .output-stderr').textContent()) ?? "",
      /CheckError: ✗/,
    );
    assert.equal(await page.locator('section[data-cell-id="perceptrons-26"] [data-check-status="pass"]').count(), 0);

    await page.getByRole("button", { name: "Reset page", exact: true }).click();
    const restored = await page.evaluate(() =>
      (window as unknown as { nndlLive: { source(id: string): string } }).nndlLive.source("perceptrons-23"),
    );
    assert.equal(restored, published, "Reset page restores the published source");
    assert.equal(await page.locator(".live-outputs [data-check-id]").count(), 0, "and clears the page's outputs");
    assert.deepEqual(problems, []);
    await page.close();
  },
);

test(
  "a 3-epoch [784, 30, 10] training cell reaches ≥ 90% in the page; Interrupt stops an endless cell",
  { skip, timeout: 300_000 },
  async () => {
    if (missing) assert.fail(missing);
    const { page, problems } = await open("04-implementing-our-network.html");
    await page.waitForFunction(() => document.body.dataset.mnist === "ready", null, { timeout: 60_000 });
    const timings = await page.evaluate(
      () => (window as unknown as { nndlLive: { timings: Record<string, number> } }).nndlLive.timings,
    );
    console.log(
      `# first cell runnable ${(timings.firstRunnable / 1000).toFixed(2)} s after navigation, MNIST ready ${(timings.mnistReady / 1000).toFixed(2)} s (decode ${(timings.mnistDecodeMs / 1000).toFixed(2)} s)`,
    );
    const code = `import { Network, loadMnist } from "nndl";
const { training, test } = loadMnist();
const net = new Network([784, 30, 10], { seed: 1 });
const epochs: { accuracy: number; seconds: number }[] = [];
await net.sgd(training, { epochs: 3, batchSize: 10, eta: 3, evaluationData: test,
  onEpoch: (r) => { epochs.push({ accuracy: r.evaluationAccuracy!, seconds: r.seconds }); } });
console.log("RESULT " + JSON.stringify(epochs));`;
    await page.evaluate(
      (text) =>
        (window as unknown as { nndlLive: { setSource(id: string, t: string): boolean } }).nndlLive.setSource(
          "imports",
          text,
        ),
      code,
    );
    await runAndWait(page, () => cellRun(page, "imports").click());
    const out = (await page.locator('section[data-cell-id="imports"] .live-outputs').textContent()) ?? "";
    const result = /RESULT (.*)/.exec(out);
    assert.ok(result, `the cell printed its result: ${out.slice(0, 500)}`);
    const epochs = JSON.parse(result[1]) as { accuracy: number; seconds: number }[];
    console.log(
      `# [784, 30, 10] in the page: ${epochs.map((e) => `${e.seconds.toFixed(3)} s (${(100 * e.accuracy).toFixed(2)}%)`).join(", ")} per epoch`,
    );
    assert.equal(epochs.length, 3);
    assert.ok(epochs[2].accuracy >= 0.9, `accuracy ${epochs[2].accuracy} after 3 epochs`);

    // Interrupt: an endless cell stops, the page says the state was reset, and the next cell runs.
    await page.evaluate(() =>
      (window as unknown as { nndlLive: { setSource(id: string, t: string): boolean } }).nndlLive.setSource(
        "port-data",
        "while (true) {}",
      ),
    );
    await cellRun(page, "port-data").click();
    await page.waitForFunction(() => document.body.dataset.kernel === "busy");
    await page.waitForTimeout(500);
    await page.getByRole("button", { name: "Interrupt", exact: true }).click();
    await page.waitForFunction(() => document.body.dataset.kernel === "idle", null, { timeout: 10_000 });
    assert.match(
      (await page.locator('section[data-cell-id="port-data"] .live-interrupted').textContent()) ?? "",
      /state was reset/,
    );
    await page.evaluate(() =>
      (window as unknown as { nndlLive: { setSource(id: string, t: string): boolean } }).nndlLive.setSource(
        "port-net",
        'typeof training + " " + (6 * 7)',
      ),
    );
    await runAndWait(page, () => cellRun(page, "port-net").click());
    assert.equal(
      (await page.locator('section[data-cell-id="port-net"] .live-outputs').textContent())?.trim(),
      "undefined 42",
      "a fresh kernel: earlier state gone, code runs",
    );
    assert.deepEqual(problems, []);
    assert.deepEqual(requests, []);
    await page.close();
  },
);

test(
  "student page: an answer survives a reload; Download .ipynb gives a valid notebook with it, and nndl grade marks it",
  { skip, timeout: 120_000 },
  async () => {
    if (missing) assert.fail(missing);
    let { page, problems } = await open("student-01-perceptrons.html");
    const cell = page.locator('section[data-cell-id="perceptrons-23"]');
    assert.match((await cell.locator(".cm-content").textContent()) ?? "", /YOUR CODE HERE/, "the stub is there");
    // The learner replaces the stub's throw line with an answer, and adds a note at the end.
    await cell.locator(".cm-line", { hasText: "throw new Error" }).click();
    await page.keyboard.press("Home");
    await page.keyboard.press("Shift+End");
    await page.keyboard.insertText(ANSWER);
    await page.keyboard.press("Control+End");
    await page.keyboard.type("\n// my answer goes here");
    await page.waitForSelector('[data-save-state="saved"]');
    assert.deepEqual(problems, [], "no page error while editing");
    await page.close();

    ({ page, problems } = await open("student-01-perceptrons.html"));
    const kept = await page.evaluate(() =>
      (window as unknown as { nndlLive: { source(id: string): string } }).nndlLive.source("perceptrons-23"),
    );
    assert.match(kept, /\/\/ my answer goes here$/, "the edit is still there after a reload");
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: "Download .ipynb", exact: true }).click(),
    ]);
    assert.equal(download.suggestedFilename(), "01-perceptrons.ipynb");
    const notebook = JSON.parse(fs.readFileSync((await download.path())!, "utf8")) as Notebook;
    assert.deepEqual(checkNotebook(notebook), [], "a valid nbformat 4 notebook");
    assert.equal(notebook.nbformat, 4);
    const edited = notebook.cells.find((c) => c.id === "perceptrons-23")!;
    assert.match(joinSource(edited.source), /\/\/ my answer goes here$/);
    assert.ok(joinSource(edited.source).includes(ANSWER));
    const student = readNotebook(path.join(dir, "student", "01-perceptrons.ipynb"));
    assert.equal(notebook.cells.length, student.cells.length, "every cell of the student edition");
    assert.deepEqual(problems, []);
    await page.close();

    // The instructor marks what came back: nndl grade on the downloaded notebook, against a course
    // of notebook 01 and its one exercise, gives the learner that exercise.
    // (The course folder lies inside the project, as the course's own does: its notebooks import "nndl".)
    const course = fs.mkdtempSync(path.join(root, "build", "grade-course-"));
    const learner = path.join(dir, "class", "learner");
    fs.mkdirSync(course, { recursive: true });
    fs.mkdirSync(learner, { recursive: true });
    fs.copyFileSync(path.join(root, "notebooks", "01-perceptrons.ipynb"), path.join(course, "01-perceptrons.ipynb"));
    const items = JSON.parse(fs.readFileSync(path.join(root, "notebooks", "exercises.json"), "utf8")).items;
    fs.writeFileSync(path.join(course, "exercises.json"), JSON.stringify({ items: { "1": items["1"] } }));
    fs.copyFileSync((await download.path())!, path.join(learner, "01-perceptrons.ipynb"));
    const graded = spawnSync(
      process.execPath,
      [path.join(root, "dist", "cli", "main.js"), "grade", path.join(dir, "class"), "--json"].concat([
        "--notebooks",
        course,
        "--out",
        path.join(dir, "grades"),
      ]),
      { encoding: "utf8", timeout: 300_000 },
    );
    fs.rmSync(course, { recursive: true, force: true });
    assert.equal(graded.status, 0, graded.stderr);
    const marks = JSON.parse(graded.stdout) as { students: Array<{ name: string; passed: number; total: number }> };
    assert.deepEqual(
      marks.students.map((m) => [m.name, m.passed, m.total]),
      [["learner", 1, 1]],
      graded.stderr,
    );
  },
);
