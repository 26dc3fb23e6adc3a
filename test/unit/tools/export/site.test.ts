import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { InputError } from "../../../../src/errors";
import { renderMarkdown, firstHeading } from "../../../../src/tools/export/markdown";
import {
  applyCarriageReturns,
  pickMime,
  renderBundle,
  renderCheck,
  renderOutputs,
} from "../../../../src/tools/export/outputs";
import { figureBundle } from "../../../../src/notebook/plot";
import { bookChapter, exportCourse, type ExportReport } from "../../../../src/tools/export/site";
import { readNotebook, type Notebook } from "../../../../src/tools/nbformat";
import { renderIndexPage, renderNotebookPage, type PageInfo } from "../../../../src/tools/export/page";

// Compiled to build/test/unit/tools/export/: the repository is five folders up.
const root = path.resolve(__dirname, "../../../../..");
const fixtures = path.join(root, "test/fixtures/executed");

/** One export of the fixtures, shared by the tests below (it takes ~0.1 s once plotly.js is cached). */
function exportFixtures(): { dir: string; report: ExportReport; page: (name: string) => string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "nndl-export-"));
  const report = exportCourse({
    notebooksDir: path.join(fixtures, "notebooks"),
    executedDir: path.join(fixtures, "executed"),
    outDir: path.join(dir, "site"),
    studentDir: path.join(dir, "student"),
  });
  return { dir, report, page: (name) => fs.readFileSync(path.join(dir, "site", name), "utf8") };
}

const site = exportFixtures();
const tour = site.page("01-fixture-tour.html");

/** Every <script …> opening tag of a page. */
const scriptTags = (html: string) => html.match(/<script\b[^>]*>/gi) ?? [];

test("printed text is escaped: <script>alert(1)</script> is shown, never run", () => {
  assert.ok(tour.includes("&#60;script&#62;alert(1)&#60;/script&#62;"));
  assert.ok(!tour.includes("<script>alert(1)"));
  assert.ok(tour.includes("&#60;img src=x onerror=alert(2)&#62;"), "text/plain is escaped too");
  assert.ok(!/<img src=x/i.test(tour));
  // The only scripts: local library files, and figure specs typed as inert JSON.
  for (const tag of scriptTags(tour)) {
    assert.match(
      tag,
      /^<script (src="assets\/[a-z.]+\.js"|type="application\/json" data-nndl-figure="nndl-figure-\d+")>$/,
      tag,
    );
  }
});

test("a figure's JSON cannot close its script element, whatever its strings say", () => {
  const specs = [...tour.matchAll(/<script type="application\/json"[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]);
  assert.equal(specs.length, 1);
  const spec = JSON.parse(specs[0]) as { layout: { title: { text: string } } };
  assert.equal(spec.layout.title.text, "Fixture <b>accuracy</b> </script><script>alert(3)</script>");
});

test("math is typeset at build time by KaTeX; no raw $…$ or $$ is left", () => {
  assert.ok((tour.match(/class="katex"/g) ?? []).length >= 3, "inline and display math");
  assert.ok(tour.includes('class="katex-display"'));
  assert.ok(!tour.includes("$$"));
  const withoutAnnotations = tour.replace(/<annotation encoding="application\/x-tex">[\s\S]*?<\/annotation>/g, "");
  assert.ok(!withoutAnnotations.includes("\\frac"), "TeX source survives only inside MathML annotations");
  // `$a_1 * b_2 * c_3$` would become emphasis if Markdown saw it first.
  assert.ok(!/<em>/.test(tour));
  assert.ok(tour.includes("Prices like $5 and $6 stay text."));
});

test("Markdown math rules: code spans, escaped dollars and prices are not math", () => {
  const html = renderMarkdown("`$x$` costs \\$3, $5 and $6; $x_1$ is");
  assert.ok(html.includes("<code>$x$</code>"));
  assert.ok(html.includes("costs $3, $5 and $6;"));
  assert.equal((html.match(/class="katex"/g) ?? []).length, 1);
  const env: { mathErrors?: string[] } = {};
  const bad = renderMarkdown("$\\notamacro$", env);
  assert.ok(bad.includes('class="math-error"'));
  assert.equal(env.mathErrors?.length, 1);
  assert.equal(firstHeading("text\n\n## The $\\sigma$ neuron")?.text, "The \\sigma neuron");
});

test("a Plotly figure is drawn from its JSON by one local plotly.js per page", () => {
  assert.equal((tour.match(/<div class="plotly-figure" id="nndl-figure-\d+"><\/div>/g) ?? []).length, 1);
  assert.equal((tour.match(/<script src="assets\/plotly\.min\.js"><\/script>/g) ?? []).length, 1);
  assert.ok(fs.statSync(path.join(site.dir, "site/assets/plotly.min.js")).size > 1e6);
  // The kernel's text/html fallback, and any plotly.js loader in an HTML output, stay out.
  assert.ok(!tour.includes("data-nndl-plotly-loader"));
  assert.ok(!tour.includes("fixtureLoaderRan"));
  assert.ok(!tour.includes("Figure loading"));
  // A page without figures does not load plotly.js at all.
  assert.ok(!site.page("02-fixture-exercises.html").includes("plotly"));
});

test("checks become ✓/✗ badges; errors, HTML, images and progress lines are shown", () => {
  assert.match(
    tour,
    /<div class="check check-ok"><span class="check-badge"[^>]*>✓<\/span> <span class="check-name">sigmoid\(0\) is 1\/2<\/span>/,
  );
  assert.match(
    tour,
    /<div class="check check-failed"><span class="check-badge"[^>]*>✗<\/span> <span class="check-name">a failing check &#60;i&#62;<\/span>/,
  );
  assert.ok(tour.includes('<pre class="output-error">Error: boom &#60;b&#62;'), "traceback without ANSI codes");
  assert.ok(!tour.includes("\u001b"));
  assert.ok(tour.includes('<b class="fixture-html">bold from HTML</b>'), "text/html as is");
  assert.ok(tour.includes('src="data:image/png;base64,iVBORw0KGgo'));
  assert.ok(tour.includes("epoch 3/3") && !tour.includes("epoch 1/3"));
});

test("a figure output (our MIME type pointing at Plotly's JSON) exports as one figure drawn from that JSON", () => {
  const context = { figures: 0, warnings: [] as string[] };
  const html = renderBundle(figureBundle({ data: [{ y: [7, 8, 9] }] }), {}, context);
  assert.equal(context.figures, 1);
  assert.match(html, /data-nndl-figure="nndl-figure-1">\{"data":\[\{"y":\[7,8,9\]\}\]/);
});

test("MIME precedence follows Jupyter's, with checks and Plotly first", () => {
  assert.equal(pickMime({ "text/plain": "x", "text/html": "<b>x</b>" }), "text/html");
  assert.equal(
    pickMime({ "text/plain": "x", "text/html": "h", "application/vnd.plotly.v1+json": {} }),
    "application/vnd.plotly.v1+json",
  );
  assert.equal(pickMime({ "text/plain": "x", "image/png": "…" }), "image/png");
  assert.equal(pickMime({ "text/plain": "x", "application/javascript": "alert(1)" }), "text/plain");
  assert.equal(pickMime({ "application/x-unknown": 1 }), undefined);
  assert.equal(applyCarriageReturns("a\rb\nc\r\nd\r"), "b\nc\nd");
  const context = { figures: 0, warnings: [] as string[] };
  const merged = renderOutputs(
    [
      { output_type: "stream", name: "stdout", text: "one\n" },
      { output_type: "stream", name: "stdout", text: ["two\n"] },
    ],
    context,
  );
  assert.equal((merged.match(/<pre/g) ?? []).length, 1, "consecutive writes to a stream are one block");
});

test("index lists chapters by their first heading; pages link previous/next; .ipynb links point at pages", () => {
  const index = site.page("index.html");
  const chapters = [...index.matchAll(/<li><a href="([^"]+)">([^<]+)<\/a>/g)].map((m) => [m[1], m[2]]);
  assert.ok(
    index.includes('<span class="chapter-checks">1 ✓ · <span class="check-failed">1 ✗</span></span>'),
    "checks per chapter",
  );
  assert.deepEqual(chapters, [
    ["01-fixture-tour.html", "1. Fixture: a tour of outputs"],
    ["02-fixture-exercises.html", "2. Fixture: exercises"],
  ]);
  assert.ok(index.includes('<a download href="student/01-fixture-tour.ipynb">'));
  assert.ok(tour.includes('<a rel="next" href="02-fixture-exercises.html">'));
  assert.ok(site.page("02-fixture-exercises.html").includes('<a rel="prev" href="01-fixture-tour.html">'));
  assert.ok(tour.includes('<a href="02-fixture-exercises.html">exercises</a>'));
  assert.ok(tour.includes('<h1 id="1.-Fixture:-a-tour-of-outputs">'), "Jupyter's heading anchors");
});

test("no page or stylesheet loads anything from the network; every local reference exists", () => {
  const siteDir = path.join(site.dir, "site");
  const files = fs
    .readdirSync(siteDir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.(html|css)$/.test(e.name))
    .map((e) => path.join(e.parentPath ?? e.path, e.name));
  assert.ok(files.length >= 5);
  for (const file of files) {
    const text = fs.readFileSync(file, "utf8");
    // What a browser fetches by itself: src=, <link href=>, CSS url(). A link the reader may click
    // (<a href="http://neuralnetworksanddeeplearning.com/…">) is fine.
    const loads = [...text.matchAll(/\ssrc="([^"]*)"|<link\b[^>]*\shref="([^"]*)"|url\(\s*['"]?([^'")]+)/g)].map(
      (m) => m[1] ?? m[2] ?? m[3],
    );
    const links = [...text.matchAll(/<a\b[^>]*\shref="([^"]*)"/g)]
      .map((m) => m[1])
      .filter((href) => !/^(https?:|mailto:)/.test(href));
    for (const ref of loads) assert.ok(!/^(https?:)?\/\//i.test(ref), `${file} loads ${ref}`);
    for (const ref of [...loads, ...links]) {
      if (/^(data:|#)/.test(ref)) continue;
      const target = path.resolve(path.dirname(file), ref.replace(/[?#].*$/, ""));
      assert.ok(fs.existsSync(target), `${path.relative(siteDir, file)} refers to missing ${ref}`);
    }
  }
});

test("a notebook not yet executed is exported from its source, with a warning", () => {
  const page = site.report.pages.find((p) => p.page === "02-fixture-exercises.html");
  assert.equal(page?.executed, false);
  assert.ok(site.report.warnings.some((w) => w.includes("02-fixture-exercises.ipynb has not been executed")));
  assert.equal(site.report.pages.find((p) => p.page === "01-fixture-tour.html")?.executed, true);
});

test("export never replaces a folder it did not make, and leaves the sources untouched", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "nndl-export-"));
  fs.writeFileSync(path.join(dir, "precious.txt"), "keep me");
  const before = fs
    .readdirSync(path.join(fixtures, "notebooks"))
    .map((f) => fs.readFileSync(path.join(fixtures, "notebooks", f)));
  assert.throws(
    () =>
      exportCourse({
        notebooksDir: path.join(fixtures, "notebooks"),
        executedDir: path.join(fixtures, "executed"),
        outDir: dir,
        studentDir: path.join(dir, "s"),
      }),
    (e: unknown) => e instanceof InputError && /refusing to replace/.test(e.message),
  );
  assert.equal(fs.readFileSync(path.join(dir, "precious.txt"), "utf8"), "keep me");
  // Re-exporting over an earlier export is fine.
  const again = exportCourse({
    notebooksDir: path.join(fixtures, "notebooks"),
    executedDir: path.join(fixtures, "executed"),
    outDir: path.join(site.dir, "site"),
    studentDir: path.join(site.dir, "student"),
  });
  assert.equal(again.pages.length, 2);
  const after = fs
    .readdirSync(path.join(fixtures, "notebooks"))
    .map((f) => fs.readFileSync(path.join(fixtures, "notebooks", f)));
  assert.deepEqual(after, before);
  assert.equal(readNotebook(path.join(fixtures, "notebooks/01-fixture-tour.ipynb")).cells.length, 11);
  assert.deepEqual(fs.readdirSync(site.dir).sort(), ["site", "student"], "no staging folder left behind");
});

test("cells collapsed in Jupyter stay collapsed on the page; raw cells are left out", () => {
  const notebook: Notebook = {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: {},
    cells: [
      {
        cell_type: "code",
        id: "a",
        metadata: { jupyter: { source_hidden: true } },
        source: "setup();",
        execution_count: 1,
        outputs: [{ output_type: "stream", name: "stdout", text: "ready" }],
      },
      { cell_type: "raw", id: "b", metadata: {}, source: "\\documentclass{article}" },
    ],
  };
  const page = renderNotebookPage(notebook, { file: "x.html", title: "x", titleHtml: "x" });
  assert.match(
    page.html,
    /<details class="collapsed"><summary>code \(collapsed\)<\/summary><pre><code[^>]*><span class="hljs-title function_">setup<\/span>\(\);/,
  );
  assert.match(
    page.html,
    /<div class="outputs"><div class="output output-stream"><pre class="output-stream">ready<\/pre>/,
    "outputs not collapsed",
  );
  assert.ok(!page.html.includes("documentclass"));
  assert.ok(!page.html.includes("plotly"), "no figure, no plotly.js");
});

test("a check record with abridged arrays shows their real length and the worst value", () => {
  const html = renderCheck({
    id: "ch2.big",
    name: "big",
    ok: false,
    tolerance: 1e-9,
    maxAbsDiff: 1e-6,
    index: 31337,
    mismatches: 1,
    actual: { abridged: true, length: 50000, first: [0, 0.5, 1, 1.5, 2, 2.5, 3, 3.5, 4, 4.5] },
    expected: { abridged: true, length: 50000, first: [0, 0.5, 1, 1.5, 2, 2.5, 3, 3.5, 4, 4.5] },
    worst: { index: 31337, actual: 0.25, expected: 0.2 },
  });
  assert.ok(
    html.includes(
      "actual [0, 0.5, 1, 1.5, 2, 2.5, … (50000 values)] · expected [0, 0.5, 1, 1.5, 2, 2.5, … (50000 values)]",
    ),
    html,
  );
  assert.ok(html.includes("1 of 50000 values wrong; worst [31337]: actual 0.25 expected 0.2"), html);
  // Records from before abridging (whole arrays) still render.
  assert.ok(
    renderCheck({
      id: "ch1.x",
      name: "x",
      ok: true,
      actual: [1, 2, 3, 4, 5, 6, 7],
      expected: [1, 2, 3, 4, 5, 6, 7],
      tolerance: null,
    }).includes("… (7 values)"),
  );
});

test("the site escapes what notebooks bring: image data, file names, and HTML in Markdown (sanitized as JupyterLab does); pages forbid anything remote", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "nndl-xss-"));
  const notebooks = path.join(dir, "notebooks");
  fs.mkdirSync(notebooks);
  const evilName = '02-"><img src=x onerror=alert(1)>.ipynb';
  const nb: Notebook = {
    cells: [
      {
        cell_type: "markdown",
        id: "m",
        metadata: {},
        source:
          '# Title\n\n<img src=x onerror="alert(2)"> <b>bold</b> <script>alert(3)</script> <details><summary>More</summary>kept</details> $x^2$',
      },
      {
        cell_type: "code",
        id: "c",
        metadata: {},
        source: "1",
        execution_count: 1,
        outputs: [{ output_type: "display_data", metadata: {}, data: { "image/png": 'AAAA"onerror="alert(4)' } }],
      },
    ],
    metadata: {},
    nbformat: 4,
    nbformat_minor: 5,
  };
  fs.writeFileSync(path.join(notebooks, evilName), JSON.stringify(nb));
  const report = exportCourse({
    notebooksDir: notebooks,
    executedDir: notebooks,
    outDir: path.join(dir, "site"),
    studentDir: path.join(dir, "student"),
  });
  const pages = [report.index, ...report.pages.map((p) => path.join(dir, "site", path.basename(p.page)))].map((f) =>
    fs.readFileSync(f, "utf8"),
  );
  for (const html of pages) {
    assert.ok(!/<img src=x onerror/i.test(html), "a file name cannot open a tag");
    assert.ok(!/onerror="alert/.test(html), "no event handler survives");
    assert.ok(!html.includes("<script>alert(3)"), "no script from Markdown");
    assert.match(
      html,
      /<meta http-equiv="Content-Security-Policy" content="default-src 'self';[^"]*connect-src 'none'/,
    );
  }
  const page = pages[1];
  assert.match(page, /<b>bold<\/b>/);
  assert.match(page, /<details><summary>More<\/summary>kept<\/details>/);
  assert.match(page, /class="katex"/, "math is still rendered");
  assert.match(page, /src="data:image\/png;base64,AAAA&#34;onerror=&#34;alert\(4\)"/);
});

test("the index groups the pages under the book's chapters, each linked to the book; the tour stands alone", () => {
  const markdown = (text: string): Notebook["cells"][number] => ({
    cell_type: "markdown",
    id: "intro",
    metadata: {},
    source: text,
  });
  const notebookLinking = (...links: string[]): Notebook => ({
    nbformat: 4,
    nbformat_minor: 5,
    metadata: {},
    cells: [
      markdown(`# A title\n\n${links.map((l) => `[here](http://neuralnetworksanddeeplearning.com/${l})`).join(" ")}`),
    ],
  });
  assert.equal(bookChapter(notebookLinking("chap1.html", "chap1.html#perceptrons")), 1);
  assert.equal(bookChapter(notebookLinking("chap1.html", "chap2.html", "chap3.html")), undefined, "the tour: several");
  assert.equal(bookChapter(notebookLinking()), undefined, "no chapter linked");
  const page = (file: string, chapter?: number): PageInfo => ({ file, title: file, titleHtml: file, chapter });
  const index = renderIndexPage(
    [page("00-tour.html"), page("01-a.html", 1), page("02-b.html", 1), page("05-c.html", 2), page("06-d.html", 3)],
    "",
  );
  const contents = index.slice(index.indexOf("<h1>Contents</h1>"));
  const order = [...contents.matchAll(/<h2 class="book-chapter">(.*?)<\/h2>|<li><a href="([^"]+)"/g)].map(
    (m) => m[1]?.replace(/<[^>]+>/g, "") ?? m[2],
  );
  assert.deepEqual(order, [
    "00-tour.html",
    "Chapter 1 · Using neural nets to recognize handwritten digits",
    "01-a.html",
    "02-b.html",
    "Chapter 2 · How the backpropagation algorithm works",
    "05-c.html",
    "Chapter 3 · Improving the way neural networks learn",
    "06-d.html",
  ]);
  assert.match(contents, /<a href="http:\/\/neuralnetworksanddeeplearning\.com\/chap2\.html">Chapter 2<\/a>/);
});
