/**
 * A code cell's outputs → HTML for the static site.
 *
 * Trust model, as in Jupyter: `text/html` (and SVG, Markdown) outputs are the notebook's own
 * rich output and go in as they are; everything that is *text* — stdout/stderr, `text/plain`,
 * error tracebacks, check values — is HTML-escaped, so a notebook that prints
 * `<script>alert(1)</script>` shows those characters and runs nothing.
 *
 * Plotly figures are drawn from their JSON part (ours, FIGURE_MIME, or Plotly's) by the page's one
 * copy of plotly.js (see ./page). Should a figure come as `text/html` only, any plotly.js loader
 * (notebooks saved before figures stopped carrying one, ../../notebook/plotly-html) is stripped and
 * the page's copy serves it, so no figure output ever puts a second library copy into a page.
 */
import { CHECK_MIME, mismatchText } from "../../notebook/check";
import { formatValue } from "../../notebook/check-format";
import { formatRecordedValue, isAbridgedArray } from "../../notebook/check-payload";
import { FIGURE_MIME, PLOTLY_MIME } from "../../notebook/plot";
import { LOADER_PATTERN } from "../../notebook/plotly-html";
import { escapeHtml, jsonForHtml } from "../../html";
import { renderTex } from "./math";
import { renderMarkdown } from "./markdown";
import type { MimeBundle } from "../../notebook/display";
import { joinSource, type Notebook, type Output } from "../nbformat";

/**
 * Which MIME type of a bundle to show, best first. Jupyter's own order (classic Notebook's
 * OutputArea.display_order), with our custom renderers first, as JupyterLab ranks an
 * extension's renderer above the built-in ones. `application/javascript` is left out on purpose:
 * a static page does not run code from outputs.
 */
export const MIME_ORDER = [
  CHECK_MIME,
  FIGURE_MIME,
  PLOTLY_MIME,
  "text/html",
  "text/markdown",
  "text/latex",
  "image/svg+xml",
  "image/png",
  "image/jpeg",
  "image/gif",
  "application/json",
  "text/plain",
] as const;

/** Per-page state shared by a page's outputs: figure ids and warnings for the exporter to print. */
export interface OutputContext {
  figures: number;
  warnings: string[];
}

/** Picks the MIME type Jupyter would show for this bundle; undefined when none is renderable. */
export function pickMime(bundle: MimeBundle): string | undefined {
  return MIME_ORDER.find((mime) => bundle[mime] !== undefined && bundle[mime] !== null);
}

/** Removes ANSI colour codes (tslab colours its error text) that a browser would show as junk. */
export function stripAnsi(text: string): string {
  return text.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, "");
}

/** What a terminal would show for text with carriage returns: each `\r` restarts its line (progress bars). */
export function applyCarriageReturns(text: string): string {
  return text
    .replace(/\r\n/g, "\n")
    .split("\n")
    .map(
      (line) =>
        line
          .split("\r")
          .filter((part) => part !== "")
          .pop() ?? "",
    ) // "50%\r" then nothing: 50% stays
    .join("\n");
}

function renderText(text: string, className: string): string {
  return `<pre class="${className}">${escapeHtml(applyCarriageReturns(stripAnsi(text)))}</pre>`;
}

/** "2 of 50000 values wrong; worst [7]: …" from a check record (long arrays in it are abridged). */
function recordedMismatch(check: Record<string, unknown>): string {
  const worst = check.worst as { index?: unknown; actual?: unknown; expected?: unknown; where?: unknown } | undefined;
  if (typeof worst !== "object" || worst === null || typeof worst.index !== "number") return "";
  const expected = check.expected;
  const total = isAbridgedArray(expected) ? expected.length : Array.isArray(expected) ? expected.length : undefined;
  return mismatchText(
    { index: worst.index, actual: worst.actual, expected: worst.expected, where: worst.where },
    check.mismatches,
    total,
    check.tolerance === null,
    formatRecordedValue,
  );
}

/** A check's ✓/✗ badge with its name, actual and expected values (all escaped). */
export function renderCheck(check: Record<string, unknown>): string {
  const ok = check.ok === true;
  const detail = [
    "actual" in check ? `actual ${formatRecordedValue(check.actual)}` : "",
    "expected" in check ? `expected ${formatRecordedValue(check.expected)}` : "",
    check.tolerance !== undefined && check.tolerance !== null ? `(tolerance ${formatValue(check.tolerance)})` : "",
    typeof check.maxAbsDiff === "number"
      ? `max |diff| ${formatValue(check.maxAbsDiff)}${typeof check.index === "number" ? ` at [${check.index}]` : ""}`
      : "",
    recordedMismatch(check),
    typeof check.detail === "string" ? check.detail : "",
  ]
    .filter(Boolean)
    .join(" · ");
  return (
    `<div class="check ${ok ? "check-ok" : "check-failed"}">` +
    `<span class="check-badge" aria-label="${ok ? "passed" : "failed"}">${ok ? "✓" : "✗"}</span> ` +
    `<span class="check-name">${escapeHtml(String(check.name ?? check.id ?? "check"))}</span>` +
    (detail ? ` <span class="check-detail">${escapeHtml(detail)}</span>` : "") +
    (check.id ? ` <code class="check-id">${escapeHtml(String(check.id))}</code>` : "") +
    `</div>`
  );
}

/**
 * A placeholder the page's figures script (../../notebook/assets/draw-figures.js, the notebooks'
 * own) fills with Plotly.newPlot; the spec travels as inert JSON. On the site every figure resizes
 * with the page and carries no Plotly logo.
 */
export function renderPlotly(figure: unknown, context: OutputContext): string {
  const id = `nndl-figure-${++context.figures}`;
  const spec = figure as { config?: object };
  const json = jsonForHtml({ ...spec, config: { responsive: true, displaylogo: false, ...spec.config } });
  return `<div class="plotly-figure" id="${id}"></div><script type="application/json" data-nndl-figure="${id}">${json}</script>`;
}

/** A notebook's own HTML output, as is, minus any plotly.js loader (the page loads one copy itself). */
function renderHtml(html: string, context: OutputContext): string {
  const stripped = html.replace(LOADER_PATTERN, "");
  if (stripped !== html || html.includes("data-nndl-figure")) context.figures++; // the page must then load plotly.js
  return `<div class="output-html">${stripped}</div>`;
}

function imageTag(mime: string, data: string, metadata: Record<string, unknown>): string {
  const size = (metadata[mime] ?? {}) as { width?: unknown; height?: unknown };
  const attrs = (["width", "height"] as const)
    .filter((k) => typeof size[k] === "number")
    .map((k) => ` ${k}="${size[k]}"`)
    .join("");
  // SVG goes in as an <img> too: it keeps the SVG's scripts and ids out of the page.
  const base64 = mime === "image/svg+xml" ? Buffer.from(data).toString("base64") : data.replace(/\s/g, "");
  // Escaped: output data is the notebook's, and a quote in it must not end the attribute.
  return `<img class="output-image" alt="output image" src="data:${escapeHtml(mime)};base64,${escapeHtml(base64)}"${attrs}>`;
}

/** Renders one MIME bundle (display_data / execute_result) by Jupyter's precedence. */
export function renderBundle(bundle: MimeBundle, metadata: Record<string, unknown>, context: OutputContext): string {
  const mime = pickMime(bundle);
  if (mime === undefined) {
    context.warnings.push(`an output has no renderable MIME type (${Object.keys(bundle).join(", ") || "empty"})`);
    return "";
  }
  const value = bundle[mime];
  const text = typeof value === "string" || Array.isArray(value) ? joinSource(value as string | string[]) : "";
  switch (mime) {
    case CHECK_MIME:
      return renderCheck(value as Record<string, unknown>);
    case FIGURE_MIME: {
      const pointer = value as { figureIn?: string };
      return renderPlotly(pointer.figureIn ? bundle[pointer.figureIn] : value, context);
    }
    case PLOTLY_MIME:
      return renderPlotly(value, context);
    case "text/html":
      return renderHtml(text, context);
    case "text/markdown":
      return `<div class="output-markdown">${renderMarkdown(text)}</div>`;
    case "text/latex":
      return `<div class="output-latex">${renderTex(text.trim().replace(/^\$\$?|\$\$?$/g, ""), true)}</div>`;
    case "image/svg+xml":
    case "image/png":
    case "image/jpeg":
    case "image/gif":
      return imageTag(mime, text, metadata);
    case "application/json":
      return renderText(JSON.stringify(value, null, 2), "output-json");
    default:
      return renderText(text, "output-text");
  }
}

/** Renders one output of any type. */
export function renderOutput(output: Output, context: OutputContext): string {
  switch (output.output_type) {
    case "stream":
      return renderText(joinSource(output.text), output.name === "stderr" ? "output-stderr" : "output-stream");
    case "display_data":
    case "execute_result":
      return renderBundle(output.data, output.metadata ?? {}, context);
    case "error": {
      const traceback = output.traceback.length > 0 ? output.traceback.join("\n") : `${output.ename}: ${output.evalue}`;
      return renderText(traceback, "output-error");
    }
  }
}

/**
 * Jupyter shows consecutive writes to the same stream as one block (a print per epoch is one
 * log, not fifty boxes); merge them the same way before rendering.
 */
export function mergeStreams(outputs: Output[]): Output[] {
  const merged: Output[] = [];
  for (const output of outputs) {
    const last = merged[merged.length - 1];
    if (output.output_type === "stream" && last?.output_type === "stream" && last.name === output.name) {
      merged[merged.length - 1] = { ...last, text: joinSource(last.text) + joinSource(output.text) };
    } else {
      merged.push(output);
    }
  }
  return merged;
}

/** All outputs of a code cell, in order. */
export function renderOutputs(outputs: Output[], context: OutputContext): string {
  return mergeStreams(outputs)
    .map((output) => `<div class="output output-${output.output_type}">${renderOutput(output, context)}</div>`)
    .join("\n");
}

/** How many checks a notebook's saved outputs passed and failed (for the index). */
export function countChecks(notebook: Notebook): { passed: number; failed: number } {
  const counts = { passed: 0, failed: 0 };
  for (const cell of notebook.cells) {
    if (cell.cell_type !== "code") continue;
    for (const output of cell.outputs) {
      const check = "data" in output ? (output.data[CHECK_MIME] as { ok?: unknown } | undefined) : undefined;
      if (check) counts[check.ok === true ? "passed" : "failed"]++;
    }
  }
  return counts;
}
