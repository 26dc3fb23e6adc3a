/**
 * HTML pages of the site: one per notebook (cells in order, outputs below code, previous/next
 * links) and the index. Every link is relative, so the folder works from file:// or any server.
 * plotly.js is linked once, at the end of a page, and only on pages that have a figure.
 */
import { ASSETS } from "./assets";
import { highlightCode } from "./highlight";
import { escapeHtml } from "../../html";
import { joinSource, type Cell, type Notebook } from "../nbformat";
import { renderMarkdown, type MarkdownEnv } from "./markdown";
import { renderOutputs, type OutputContext } from "./outputs";
import type { LiveParts } from "./live/page-parts";

export const COURSE_TITLE = "Neural Networks and Deep Learning — a TypeScript course";

/** A notebook's place in the site. */
export interface PageInfo {
  /** File name of the page, e.g. "01-perceptrons.html". */
  file: string;
  /** Plain title (for <title>) and its rendered HTML (for links). */
  title: string;
  titleHtml: string;
  /** The chapter of the book the notebook teaches (site.ts bookChapter); none for the course tour. */
  chapter?: number;
  /** Student edition, relative to the site root, e.g. "student/01-perceptrons.ipynb"; absent if none. */
  student?: string;
  /** The student edition's live page, e.g. "student-01-perceptrons.html"; absent if none. */
  studentPage?: string;
  /** Checks in the saved outputs (none when the notebook was not executed). */
  checks?: { passed: number; failed: number };
}

/** The student edition as one download, for the index. */
export interface StudentDownload {
  /** Relative to the site root, e.g. "nndl-student.zip". */
  file: string;
  bytes: number;
  notebooks: number;
}

/** Sizes for people: 4.8 MB, 312 kB. */
export function formatBytes(bytes: number): string {
  return bytes >= 1e6 ? `${(bytes / 1e6).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1e3))} kB`;
}

export interface RenderedPage {
  html: string;
  figures: number;
  warnings: string[];
}

/**
 * Nothing remote, ever: scripts, styles, fonts and images come from the site's own files or are
 * inline/data (the notebooks' figures and widgets are inline scripts); no connections, forms,
 * frames or plugins. The site opens from disk and from any static host alike.
 */
export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self' 'unsafe-inline' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; " +
  "img-src 'self' data: blob:; font-src 'self' data:; worker-src blob:; connect-src 'none'; object-src 'none'; frame-src 'none'; form-action 'none'; base-uri 'none'";

function layout(title: string, body: string, withFigures: boolean, live?: LiveParts): string {
  // A live page's scripts first: its worker starts booting while plotly.js is parsed.
  const scripts =
    (live?.scripts ?? "") +
    (withFigures ? `<script src="${ASSETS.plotly}"></script>\n<script src="${ASSETS.figures}"></script>\n` : "");
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}">
<title>${escapeHtml(title)}</title>
<link rel="stylesheet" href="${ASSETS.katexCss}">
<link rel="stylesheet" href="${ASSETS.highlightCss}">
<link rel="stylesheet" href="${ASSETS.siteCss}">
${live?.head ?? ""}</head>
<body>
${body}
${scripts}</body>
</html>
`;
}

function pager(prev: PageInfo | undefined, next: PageInfo | undefined): string {
  const link = (page: PageInfo | undefined, rel: string, arrow: string) =>
    page
      ? `<a rel="${rel}" href="${escapeHtml(page.file)}">${rel === "prev" ? `${arrow} ` : ""}${page.titleHtml}${rel === "next" ? ` ${arrow}` : ""}</a>`
      : "<span></span>";
  return `<nav class="pager">${link(prev, "prev", "←")}<a href="index.html">Contents</a>${link(next, "next", "→")}</nav>`;
}

function renderCell(cell: Cell, context: OutputContext): string {
  const anchor = `id="cell-${escapeHtml(cell.id ?? "")}"`;
  const source = joinSource(cell.source);
  if (cell.cell_type === "markdown") {
    const env: MarkdownEnv = { attachments: cell.attachments };
    const html = renderMarkdown(source, env);
    for (const error of env.mathErrors ?? []) context.warnings.push(`cell ${cell.id}: ${error}`);
    return `<section class="cell markdown-cell" ${anchor}>\n${html}</section>`;
  }
  if (cell.cell_type !== "code") return ""; // raw cells are for other converters (nbconvert skips them in HTML too)
  const prompt = `In&nbsp;[${cell.execution_count ?? "&nbsp;"}]:`;
  const code = `<pre><code class="hljs language-typescript">${highlightCode(source)}</code></pre>`;
  const hidden = (cell.metadata.jupyter ?? {}) as { source_hidden?: boolean; outputs_hidden?: boolean };
  // Cells collapsed in Jupyter (View › Collapse) stay collapsed, one click away, as in JupyterLab.
  const input = `<div class="input"><span class="prompt">${prompt}</span>${collapsible(code, hidden.source_hidden, "code")}</div>`;
  const rendered = cell.outputs.length > 0 ? renderOutputs(cell.outputs, context) : "";
  const outputs = rendered
    ? `\n<div class="outputs">${collapsible(rendered, hidden.outputs_hidden, "output")}</div>`
    : "";
  return `<section class="cell code-cell" ${anchor} data-cell-id="${escapeHtml(cell.id ?? "")}">\n${input}${outputs}\n</section>`;
}

function collapsible(html: string, hidden: boolean | undefined, what: string): string {
  return hidden ? `<details class="collapsed"><summary>${what} (collapsed)</summary>${html}</details>` : html;
}

/** The page of one notebook; with `live`, a live notebook (./live: editors, run in a worker). */
export function renderNotebookPage(
  notebook: Notebook,
  page: PageInfo,
  prev?: PageInfo,
  next?: PageInfo,
  live?: LiveParts,
): RenderedPage {
  const context: OutputContext = { figures: 0, warnings: [] };
  const cells = notebook.cells
    .map((cell) => renderCell(cell, context))
    .filter(Boolean)
    .join("\n");
  const download =
    (page.studentPage ? `<a href="${escapeHtml(page.studentPage)}">Student edition (live, in the browser)</a> ` : "") +
    (page.student ? `<a download href="${escapeHtml(page.student)}">Student notebook (.ipynb)</a>` : "");
  const body = `<header class="site-header"><a class="site-title" href="index.html">${escapeHtml(COURSE_TITLE)}</a>${pager(prev, next)}</header>
<main class="notebook">
${cells}
</main>
<footer class="site-footer">${pager(prev, next)}${download}</footer>`;
  // A live page without published figures loads plotly.js when a cell run here first draws one.
  return {
    html: layout(`${page.title} · nndl-ts`, body, context.figures > 0, live),
    figures: context.figures,
    warnings: context.warnings,
  };
}

function checkSummary(checks: PageInfo["checks"]): string {
  if (!checks || checks.passed + checks.failed === 0) return "";
  const failed = checks.failed > 0 ? ` · <span class="check-failed">${checks.failed} ✗</span>` : "";
  return ` <span class="chapter-checks">${checks.passed} ✓${failed}</span>`;
}

/** The index's opening: what the course is, how to read it, and what a live page offers. */
function courseIntro(live: boolean): string {
  return `<p class="intro">Chapters 1–3 of Michael Nielsen's book <a href="${BOOK_URL}"><i>Neural Networks and Deep Learning</i></a>,
taught as TypeScript notebooks that run: the book's networks trained on full MNIST, the results the book reports
reproduced, and every exercise with code that checks the answer. Read them in order, beside the book: each
notebook opens with a table matching the book's sections to its own.${
    live ? " Every page is a live notebook: edit any cell and run it in this browser tab, with nothing to install." : ""
  } The ✓ beside a title counts the checks that passed when these pages were made.</p>`;
}
const BOOK_URL = "http://neuralnetworksanddeeplearning.com/";

/** The titles of the book's chapters the course teaches. */
const BOOK_CHAPTERS: Record<number, string> = {
  1: "Using neural nets to recognize handwritten digits",
  2: "How the backpropagation algorithm works",
  3: "Improving the way neural networks learn",
};

/**
 * The index's list of pages, grouped under the book's chapters (each run of pages of one chapter
 * under a heading that links to the chapter), so a reader sees which notebooks go with which chapter.
 */
function contents(pages: PageInfo[]): string {
  const groups: { chapter?: number; pages: PageInfo[] }[] = [];
  for (const page of pages) {
    const last = groups[groups.length - 1];
    if (last && last.chapter === page.chapter) last.pages.push(page);
    else groups.push({ chapter: page.chapter, pages: [page] });
  }
  return groups
    .map(({ chapter, pages: group }) => {
      const items = group
        .map((p) => `<li><a href="${escapeHtml(p.file)}">${p.titleHtml}</a>${checkSummary(p.checks)}</li>`)
        .join("\n");
      const title = chapter === undefined ? "" : BOOK_CHAPTERS[chapter];
      const heading =
        chapter === undefined
          ? ""
          : `<h2 class="book-chapter"><a href="${BOOK_URL}chap${chapter}.html">Chapter ${chapter}</a>${title ? ` · ${escapeHtml(title)}` : ""}</h2>\n`;
      return `${heading}<ul class="chapters">\n${items}\n</ul>`;
    })
    .join("\n");
}

/**
 * The index: what the course is, chapters in order, and the student edition as one zip and as
 * single notebooks; `live` when every page is a live notebook.
 */
export function renderIndexPage(
  pages: PageInfo[],
  generatedNote: string,
  studentZip?: StudentDownload,
  live = false,
): string {
  const downloads = pages
    .filter((p) => p.student)
    .map(
      (p) =>
        `<li><a download href="${escapeHtml(p.student!)}">${escapeHtml(p.student!.replace(/^student\//, ""))}</a>` +
        (p.studentPage ? ` · <a href="${escapeHtml(p.studentPage)}">run it in the browser</a>` : "") +
        `</li>`,
    )
    .join("\n");
  const zip = studentZip
    ? `<p class="download-all"><a download href="${escapeHtml(studentZip.file)}">Download the student edition</a> ` +
      `(${escapeHtml(studentZip.file)}, ${formatBytes(studentZip.bytes)}: ${studentZip.notebooks} notebooks and a README saying how to open them)</p>\n`
    : "";
  const studentSection =
    downloads || zip
      ? `<h2>Student edition</h2>
<p>The same notebooks with the solutions replaced by <code>// YOUR CODE HERE</code>. The checks are kept: run a notebook and they tell you whether your answer is right.</p>
${zip}${downloads ? `<p>Or one notebook at a time:</p>\n<ul class="downloads">\n${downloads}\n</ul>` : ""}`
      : "";
  const body = `<header class="site-header"><span class="site-title">${escapeHtml(COURSE_TITLE)}</span></header>
<main>
${courseIntro(live)}
<h1>Contents</h1>
${contents(pages)}
${studentSection}
<p class="generated">${escapeHtml(generatedNote)}</p>
</main>`;
  return layout(COURSE_TITLE, body, false);
}
