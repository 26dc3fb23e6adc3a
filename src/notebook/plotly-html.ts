/**
 * The `text/html` part of a figure output: it draws the figure with plotly.js wherever HTML outputs
 * run scripts and no renderer of ours or Plotly's took the figure (classic Notebook 6, nbconvert's
 * HTML, the exported site).
 *
 * It never carries plotly.js itself (4.8 MB in every saved notebook). Each figure is a `<div>` with a
 * loading note, its spec in a `<script type="application/json" data-nndl-figure="ID">`, and a small
 * script that waits for `window.Plotly` (as long as the figure is on the page) and calls
 * `Plotly.newPlot`. Where the page has no Plotly, the script asks the Jupyter server the page came
 * from for the copy the project registered (../tools/jupyter/jupyter-assets): classic Notebook serves
 * it under nbextensions/, JupyterLab under lab/extensions/. The exported site and nbconvert's `nndl`
 * template put one copy in the page themselves.
 *
 * Notebooks saved before this carried plotly.js in a `<script data-nndl-plotly-loader>` element of
 * their first figure; LOADER_PATTERN still finds those for the exporter to strip.
 */
import { randomBytes } from "node:crypto";

/** The exact opening tag of the script element that carried plotly.js in notebooks saved before. */
export const PLOTLY_LOADER_MARKER = "<script data-nndl-plotly-loader>";

/** Matches each whole loader element in an output's HTML (for the exporter to strip). */
export const LOADER_PATTERN = /<script data-nndl-plotly-loader>[\s\S]*?<\/script>/g;

/** Where the project's Jupyter folders serve plotly.js (see ../tools/jupyter/jupyter-assets). */
export const SERVED_PLOTLY = {
  classic: "nbextensions/nndl-figures/plotly.min.js",
  lab: "lab/extensions/nndl-figures/static/plotly.min.js",
};

/** A Plotly figure as plotly.js and the `application/vnd.plotly.v1+json` MIME type take it. */
export interface FigureSpec {
  data: unknown[];
  layout?: Record<string, unknown>;
  config?: Record<string, unknown>;
  frames?: unknown[];
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
  "Figure loading… If it does not appear: open the notebook in JupyterLab or Jupyter Notebook started by " +
  "`npm run lab` (or with JUPYTER_PATH=build/jupyter), trust it in classic Notebook, or make a page that " +
  "draws offline with `jupyter nbconvert --to html --template nndl` or `npx nndl export`.";

/** The HTML drawing `figure` once the page has plotly.js. */
export function figureHtml(figure: FigureSpec): string {
  const id = `nndl-fig-${randomBytes(6).toString("hex")}`;
  // A fixed height: with config.responsive Plotly sizes the plot to 100% of this div, and a percentage
  // of an auto height would otherwise depend on the page (quirks mode resolves it to the window).
  const height = Number(figure.layout?.height) > 0 ? Number(figure.layout?.height) : 450;
  return [
    `<div id="${id}" class="nndl-plotly" style="width:100%;height:${height}px">` +
      `<p style="color:#888;font-size:small">${LOADING_NOTE}</p></div>`,
    `<script type="application/json" data-nndl-figure="${id}">${jsonForHtml(figure)}</script>`,
    `<script>${drawScript(id)}</script>`,
  ].join("\n");
}

/**
 * Waits for window.Plotly and for the div to be in the page, polling every 50 ms for 2 s, then every
 * 500 ms for as long as the figure is on the page (JupyterLab renders cells lazily as they scroll into
 * view). The first figure on a Jupyter page without Plotly asks the server for it, once per page: the
 * classic Notebook marks its body with data-base-url, JupyterLab and Notebook 7 put their base URL in
 * #jupyter-config-data.
 */
function drawScript(id: string): string {
  return `(function(){var id=${JSON.stringify(id)},el=null,tries=0;` +
    `function load(){if(window.Plotly||window.nndlPlotlyRequested)return;var base=document.body&&document.body.getAttribute("data-base-url"),file=${JSON.stringify(SERVED_PLOTLY.classic)};` +
    `if(base===null||base===undefined){var c=document.getElementById("jupyter-config-data");if(!c)return;try{base=JSON.parse(c.textContent).baseUrl;file=${JSON.stringify(SERVED_PLOTLY.lab)};}catch(e){return;}}` +
    `if(!base)return;window.nndlPlotlyRequested=true;var s=document.createElement("script");s.src=base.replace(/\\/?$/,"/")+file;document.head.appendChild(s);}` +
    `function wait(){el=el||document.getElementById(id);` +
    `if(el&&el.isConnected&&window.Plotly&&window.Plotly.newPlot){` +
    `var spec=JSON.parse(document.querySelector('script[data-nndl-figure="'+id+'"]').textContent);` +
    `el.innerHTML="";window.Plotly.newPlot(el,{data:spec.data,layout:spec.layout||{},config:spec.config||{},frames:spec.frames||[]});` +
    // Stop once the output has been removed (cell re-run or cleared), or if the div never appears.
    `}else if(el?(el.isConnected||tries<40):tries<200){setTimeout(wait,++tries<40?50:500);}}load();wait();})();`;
}
