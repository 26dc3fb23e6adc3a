/**
 * The `text/html` part of a figure output: it draws the figure with plotly.js wherever HTML outputs
 * run scripts and no renderer of ours or Plotly's took the figure (classic Notebook 6, nbconvert's
 * HTML, the exported site).
 *
 * It never carries plotly.js itself (4.8 MB in every saved notebook). Each figure is a `<div>` with a
 * loading note, its spec in a `<script type="application/json" data-nndl-figure="ID">`, and the
 * script that draws figures (./assets/draw-figures.js, the same one the exported site uses), which
 * waits for `window.Plotly` (as long as the figure is on the page) and calls `Plotly.newPlot`. Where the page has no Plotly, the script asks the Jupyter server the page came
 * from for the copy the project registered (../tools/jupyter/jupyter-assets): classic Notebook serves
 * it under nbextensions/, JupyterLab under lab/extensions/. The exported site and nbconvert's `nndl`
 * template put one copy in the page themselves.
 *
 * Notebooks saved before this carried plotly.js in a `<script data-nndl-plotly-loader>` element of
 * their first figure; LOADER_PATTERN still finds those for the exporter to strip.
 */
import { randomBytes } from "node:crypto";
import { jsonForHtml } from "../html";
import { browserScript } from "./browser-script";

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
    `<script>${browserScript("draw-figures")}\nnndlDrawFigures(${JSON.stringify(SERVED_PLOTLY)});</script>`,
  ].join("\n");
}
