/**
 * plot(data, layout?, config?): show a Plotly figure, taking plotly.js's own trace, layout and config
 * objects (typed by @types/plotly.js — no home-made plotting language).
 *
 * It sends ONE output carrying four MIME types, each for a front end:
 * - FIGURE_MIME, our own: JupyterLab and Notebook 7 draw it with the course's extension
 *   (../tools/jupyter), which redraws live charts in place and loads plotly.js once per page. Its
 *   value only points at the Plotly JSON beside it ({"figureIn": PLOTLY_MIME}): a renderer sees
 *   the whole bundle, and the figure's data is not saved twice;
 * - `application/vnd.plotly.v1+json`: VS Code's built-in Plotly renderer (and JupyterLab's from the
 *   `plotly` Python package, which our extension outranks: it does not redraw on updates);
 * - `text/html`: draws with plotly.js wherever HTML runs scripts (classic Notebook, nbconvert's HTML,
 *   the exported site; plotly-html.ts says where plotly.js comes from);
 * - `text/plain`: a one-line summary (terminals, the CLI).
 * None of them carries plotly.js, so a saved notebook holds its figures' data only.
 */
import type { Config, Data, Frame, Layout } from "plotly.js";
import { displayBundle, type MimeBundle } from "./display";
import { UpdatableDisplay } from "./updatable-display";
import { typedArraysAsArrays } from "../html";
import { figureHtml, type FigureSpec } from "./plotly-html";

export type { Config as PlotConfig, Data as PlotData, Layout as PlotLayout, Frame as PlotFrame } from "plotly.js";

/** A whole figure: traces, layout, config and (for sliders/animations) frames — plotly.js's own shapes. */
export interface Figure {
  data: Data[];
  layout?: Partial<Layout>;
  config?: Partial<Config>;
  frames?: Array<Partial<Frame>>;
}

export const PLOTLY_MIME = "application/vnd.plotly.v1+json";
/** The course's own figure MIME type, drawn by its JupyterLab extension; its value points at the Plotly JSON. */
export const FIGURE_MIME = "application/vnd.nndl.plotly+json";

/** FIGURE_MIME's value: where in the same bundle the figure is. */
export interface FigurePointer {
  figureIn: string;
}

/** Show a Plotly figure inline; returns nothing so a cell ending in plot(…) prints nothing else. */
export function plot(data: Data[], layout?: Partial<Layout>, config?: Partial<Config>): void {
  plotFigure({ data, layout, config });
}

/** Show a whole figure object (with frames, for sliders and animations). */
export function plotFigure(figure: Figure): void {
  displayBundle(figureBundle(figure));
}

/** The MIME bundle of one figure output. */
export function figureBundle(figure: Figure): MimeBundle {
  // One JSON round trip: typed arrays become plain arrays and undefined fields disappear, as Jupyter
  // would do when it saves the notebook anyway.
  const spec = JSON.parse(
    JSON.stringify(
      {
        data: figure.data,
        layout: figure.layout ?? {},
        config: { responsive: true, ...figure.config },
        frames: figure.frames,
      },
      typedArraysAsArrays,
    ),
  ) as FigureSpec;
  const pointer: FigurePointer = { figureIn: PLOTLY_MIME };
  return {
    [FIGURE_MIME]: pointer,
    [PLOTLY_MIME]: spec,
    "text/html": figureHtml(spec),
    "text/plain": figureSummary(spec),
  };
}

/** "Plotly figure: Accuracy per epoch — 2 traces (scatter, scatter)". */
export function figureSummary(spec: FigureSpec): string {
  const title = spec.layout?.title;
  const text = typeof title === "string" ? title : (title as { text?: string } | undefined)?.text;
  const types = spec.data.map((t) => String((t as { type?: string }).type ?? "scatter"));
  return `Plotly figure${text ? `: ${text}` : ""} — ${types.length} trace${types.length === 1 ? "" : "s"} (${types.join(", ")})`;
}

/** A figure that can be redrawn in place (live charts): later shows replace the first. */
export class UpdatableFigure {
  private readonly display = new UpdatableDisplay();

  /**
   * Show (first call) or replace (later calls) the figure. `final` once re-attached plotly.js to the
   * version a saved notebook keeps; outputs no longer carry it, so it is accepted (notebook 08 passes
   * it) and changes nothing.
   */
  show(figure: Figure, final?: boolean): void {
    void final;
    this.display.show(figureBundle(figure));
  }
}
