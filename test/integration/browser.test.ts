/**
 * The exported site in a real browser (Debian's chromium driven by playwright-core), opened from
 * file:// exactly as a learner would open it from disk: the Plotly figure draws, KaTeX math is
 * typeset with its fonts, printed `<script>` text stays text, nothing is logged as an error, and
 * no request leaves file:// (every asset is local).
 *
 * Needs /usr/bin/chromium (apt-get install --no-install-recommends chromium). With CI=true a missing
 * browser fails the test; elsewhere it is skipped with a message.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import type { BrowserContext, Page } from "playwright-core";
import { exportCourse } from "../../src/tools/export/site";
import { skipWithout } from "../needs-tool";
import { chromiumMissing, launchQuietProfile } from "../chromium";

const root = path.resolve(__dirname, "../../..");
const fixtures = path.join(root, "test/fixtures/executed");

const missing = chromiumMissing();
const skip = skipWithout(missing);

interface Watch {
  requests: string[];
  problems: string[];
}

/** Records every request and every console error, page error and dialog (an alert() would be one). */
function watch(context: BrowserContext, page: Page): Watch {
  const seen: Watch = { requests: [], problems: [] };
  context.on("request", (r) => seen.requests.push(r.url()));
  // Anything not file:// is refused before it leaves the machine (and recorded above).
  void context.route(
    (url) => !/^(file|data|blob):/.test(url.protocol),
    (route) => route.abort(),
  );
  page.on("console", (m) => {
    if (m.type() === "error") seen.problems.push(`console error: ${m.text()}`);
  });
  page.on("pageerror", (e) => seen.problems.push(`page error: ${e.message}`));
  page.on("dialog", (d) => {
    seen.problems.push(`dialog: ${d.message()}`);
    void d.dismiss();
  });
  return seen;
}

test(
  "exported pages work from file:// with no network: figure drawn, math typeset, text escaped",
  { skip, timeout: 120_000 },
  async () => {
    if (missing) assert.fail(missing);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "nndl-browser-"));
    const siteDir = path.join(dir, "site");
    exportCourse({
      notebooksDir: path.join(fixtures, "notebooks"),
      executedDir: path.join(fixtures, "executed"),
      outDir: siteDir,
      studentDir: path.join(dir, "student"),
    });

    const profile = fs.mkdtempSync(path.join(os.tmpdir(), "nndl-chromium-"));
    const context = await launchQuietProfile(profile);
    try {
      const page = context.pages()[0] ?? (await context.newPage());
      const seen = watch(context, page);

      const started = Date.now();
      await page.goto(pathToFileURL(path.join(siteDir, "01-fixture-tour.html")).href);
      await page.waitForSelector("#nndl-figure-1 svg.main-svg", { timeout: 30_000 });
      const drawMs = Date.now() - started;
      // The trace itself, not just Plotly's empty axes.
      assert.ok((await page.locator("#nndl-figure-1 .scatterlayer .trace").count()) >= 1, "the scatter trace is drawn");

      assert.ok((await page.locator(".katex").count()) >= 3, "KaTeX math on the page");
      assert.ok((await page.locator(".katex-display").count()) >= 1, "display math");
      await page.evaluate(() => document.fonts.ready);
      assert.ok(await page.evaluate(() => document.fonts.check("16px KaTeX_Main")), "KaTeX's fonts load from the site");

      const shown = await page.locator("pre.output-stream").first().textContent();
      assert.equal(shown?.trim(), "<script>alert(1)</script>", "printed HTML is shown as text");
      assert.equal(
        await page.evaluate(() => (window as unknown as { fixtureLoaderRan?: boolean }).fixtureLoaderRan),
        undefined,
        "a notebook's plotly loader never runs",
      );
      assert.equal(await page.locator(".check-ok").count(), 1);
      assert.equal(await page.locator(".check-failed").count(), 1);

      // Navigation: next page, then the index, all from disk.
      await page.click('a[rel="next"] >> nth=0');
      await page.waitForURL(/02-fixture-exercises\.html$/);
      await page.click('a[href="index.html"] >> nth=0');
      await page.waitForURL(/index\.html$/);
      assert.equal(await page.locator("ul.chapters li").count(), 2);

      assert.deepEqual(seen.problems, []);
      const offDisk = seen.requests.filter((url) => !url.startsWith("file://") && !url.startsWith("data:"));
      assert.deepEqual(offDisk, [], "no request leaves file://");
      assert.ok(
        seen.requests.some((url) => url.endsWith("/assets/plotly.min.js")),
        "requests were observed at all",
      );
      console.log(
        `browser: figure drawn ${drawMs} ms after navigation; ${seen.requests.length} requests, all file:// or data:`,
      );
    } finally {
      await context.close();
      fs.rmSync(profile, { recursive: true, force: true });
      fs.rmSync(dir, { recursive: true, force: true });
    }
  },
);
