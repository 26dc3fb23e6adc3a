/**
 * plot(data, layout?, config?): show a Plotly figure, taking plotly.js's own trace, layout and config
 * objects (typed by @types/plotly.js — no home-made plotting language).
 *
 * It sends ONE output carrying three MIME types: `application/vnd.plotly.v1+json` (drawn natively by
 * JupyterLab/VS Code Plotly renderers), `text/html` (draws with plotly.js anywhere scripts run; see
 * plotly-html.ts for how plotly.js is sent once per page) and `text/plain` (a one-line summary).
 */
import type { Config, Data, Frame, Layout } from "plotly.js";
import { displayBundle, inKernel, MimeBundle, UpdatableDisplay } from "./display";
import { figureHtml, FigureSpec, typedArraysAsArrays } from "./plotly-html";

export type { Config as PlotConfig, Data as PlotData, Layout as PlotLayout, Frame as PlotFrame } from "plotly.js";

/** A whole figure: traces, layout, config and (for sliders/animations) frames — plotly.js's own shapes. */
export interface Figure {
  data: Data[];
  layout?: Partial<Layout>;
  config?: Partial<Config>;
  frames?: Array<Partial<Frame>>;
}

export const PLOTLY_MIME = "application/vnd.plotly.v1+json";

/** Whether this kernel session has already sent plotly.js to the page (with some earlier figure). */
let loaderSent = false;

/** Reset which figure carries plotly.js (tests; a fresh kernel starts reset). */
export function resetPlotlyLoader(): void {
  loaderSent = false;
}

/** Claims the plotly.js loader for the next output if no output of this session has carried it yet. */
export function claimPlotlyLoader(): boolean {
  if (loaderSent || !inKernel()) return false;
  loaderSent = true;
  return true;
}

/** Show a Plotly figure inline; returns nothing so a cell ending in plot(…) prints nothing else. */
export function plot(data: Data[], layout?: Partial<Layout>, config?: Partial<Config>): void {
  plotFigure({ data, layout, config });
}

/** Show a whole figure object (with frames, for sliders and animations). */
export function plotFigure(figure: Figure): void {
  displayBundle(figureBundle(figure, claimPlotlyLoader()));
}

/** The MIME bundle of one figure output. */
export function figureBundle(figure: Figure, withLoader: boolean): MimeBundle {
  // One JSON round trip: typed arrays become plain arrays and undefined fields disappear, as Jupyter
  // would do when it saves the notebook anyway.
  const spec = JSON.parse(JSON.stringify(
    { data: figure.data, layout: figure.layout ?? {}, config: { responsive: true, ...figure.config }, frames: figure.frames },
    typedArraysAsArrays,
  )) as FigureSpec;
  return { [PLOTLY_MIME]: spec, "text/html": figureHtml(spec, withLoader), "text/plain": figureSummary(spec) };
}

/** "Plotly figure: Accuracy per epoch — 2 traces (scatter, scatter)". */
export function figureSummary(spec: FigureSpec): string {
  const title = spec.layout?.title;
  const text = typeof title === "string" ? title : (title as { text?: string } | undefined)?.text;
  const types = spec.data.map((t) => String((t as { type?: string }).type ?? "scatter"));
  return `Plotly figure${text ? `: ${text}` : ""} — ${types.length} trace${types.length === 1 ? "" : "s"} (${types.join(", ")})`;
}

/** A figure that can be redrawn in place (live charts). The loader rides on the first and final version. */
export class UpdatableFigure {
  private readonly display = new UpdatableDisplay();
  private carriesLoader: boolean | null = null;

  /** Show (first call) or replace (later calls) the figure. `final` re-attaches plotly.js if this output carries it. */
  show(figure: Figure, final = false): void {
    const first = this.carriesLoader === null;
    if (first) this.carriesLoader = claimPlotlyLoader();
    // Intermediate versions need not resend 4.8 MB: the page already has plotly.js from the first.
    // The final version must carry it again, since it is the one the saved notebook keeps.
    this.display.show(figureBundle(figure, this.carriesLoader === true && (first || final)));
  }
}
