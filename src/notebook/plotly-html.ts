/**
 * The `text/html` half of a figure output: it draws the figure with plotly.js wherever HTML outputs
 * run scripts (JupyterLab without a Plotly extension, classic Notebook 6/7, VS Code, the exported site).
 *
 * plotly.js (~4.8 MB minified) is sent ONCE per page, not per figure:
 * - The first figure output of a kernel session carries the library in a script element that starts
 *   with exactly `<script data-nndl-plotly-loader>` (PLOTLY_LOADER_MARKER) and ends at the next
 *   `</script>` (the library text never contains "</script"). It installs `window.Plotly` only if the
 *   page has none. The library runs inside a function whose `define`, `module` and `exports` are
 *   undefined, so on pages with require.js (classic Notebook) it still sets `window.Plotly` instead
 *   of registering an AMD module.
 * - Every figure (including that first one) is a `<div>` with a loading note, its spec in a
 *   `<script type="application/json" data-nndl-figure="ID">`, and a small script that waits for
 *   `window.Plotly` (as long as the figure is on the page) and then calls `Plotly.newPlot`.
 * - The exporter strips every loader element with LOADER_PATTERN and loads a local plotly.js once per
 *   page instead; the figures then find `window.Plotly` and draw.
 * If scripts do not run at all (an untrusted notebook in Jupyter), the loading note says what to do.
 */
import { randomBytes } from "node:crypto";
import { plotlyMinified } from "./plotly-bundle";

/** The exact opening tag of the script element that carries plotly.js. */
export const PLOTLY_LOADER_MARKER = "<script data-nndl-plotly-loader>";

/** Matches each whole loader element in an output's HTML (for the exporter to strip). */
export const LOADER_PATTERN = /<script data-nndl-plotly-loader>[\s\S]*?<\/script>/g;

/** A Plotly figure as plotly.js and the `application/vnd.plotly.v1+json` MIME type take it. */
export interface FigureSpec {
  data: unknown[];
  layout?: Record<string, unknown>;
  config?: Record<string, unknown>;
  frames?: unknown[];
}

/** The script element that installs window.Plotly once per page. */
export function plotlyLoaderHtml(): string {
  return `${PLOTLY_LOADER_MARKER}if(!window.Plotly){(function(define,module,exports){\n${plotlyMinified()}\n}).call(window);}</script>`;
}

/** JSON for inside an HTML element: "<" escaped so no string in the data can close the element. */
export function jsonForHtml(value: unknown): string {
  return JSON.stringify(value, typedArraysAsArrays)
    .replace(/</g, "\\u003c")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

/** Typed arrays serialise as {"0":…} by default; Plotly wants plain arrays. */
export function typedArraysAsArrays(_key: string, value: unknown): unknown {
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) return Array.from(value as unknown as ArrayLike<number>);
  return value;
}

const LOADING_NOTE =
  "Figure loading… If it does not appear: this output needs JavaScript (in Jupyter, trust the notebook), " +
  "and plotly.js, which the first figure of a kernel session carries (restart the kernel and run all cells).";

/** The HTML drawing `figure`; with `withLoader` it also carries plotly.js (first figure on a page). */
export function figureHtml(figure: FigureSpec, withLoader: boolean): string {
  const id = `nndl-fig-${randomBytes(6).toString("hex")}`;
  // A fixed height: with config.responsive Plotly sizes the plot to 100% of this div, and a percentage
  // of an auto height would otherwise depend on the page (quirks mode resolves it to the window).
  const height = Number(figure.layout?.height) > 0 ? Number(figure.layout?.height) : 450;
  return [
    withLoader ? plotlyLoaderHtml() : "",
    `<div id="${id}" class="nndl-plotly" style="width:100%;height:${height}px">` +
      `<p style="color:#888;font-size:small">${LOADING_NOTE}</p></div>`,
    `<script type="application/json" data-nndl-figure="${id}">${jsonForHtml(figure)}</script>`,
    `<script>${drawScript(id)}</script>`,
  ].join("\n");
}

/**
 * Waits for window.Plotly and for the div to be in the page, polling every 50 ms for 2 s, then every
 * 500 ms for as long as the figure is on the page: the output carrying plotly.js may be rendered
 * later than this one (JupyterLab renders cells lazily as they scroll into view).
 */
function drawScript(id: string): string {
  return `(function(){var id=${JSON.stringify(id)},el=null,tries=0;function wait(){` +
    `el=el||document.getElementById(id);` +
    `if(el&&el.isConnected&&window.Plotly&&window.Plotly.newPlot){` +
    `var spec=JSON.parse(document.querySelector('script[data-nndl-figure="'+id+'"]').textContent);` +
    `el.innerHTML="";window.Plotly.newPlot(el,{data:spec.data,layout:spec.layout||{},config:spec.config||{},frames:spec.frames||[]});` +
    // Stop once the output has been removed (cell re-run or cleared), or if the div never appears.
    `}else if(el?(el.isConnected||tries<40):tries<200){setTimeout(wait,++tries<40?50:500);}}wait();})();`;
}
