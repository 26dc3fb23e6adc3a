/**
 * The book's interactive widgets (a neuron's output as you move w and b, …) as Plotly sliders over
 * precomputed animation frames: one frame per slider value, no kernel round trip, so they also work in
 * the exported static site. The axes are fixed over all frames so the motion is visible.
 */
import type { Data, Layout } from "plotly.js";
import { InputError } from "../errors";
import { type Figure, plotFigure } from "./plot";

export interface SliderOptions {
  /** The slider's positions, e.g. w from -10 to 10. */
  values: readonly number[];
  /** The traces to draw at each position (same number of traces each time). */
  traces: (value: number) => Data[];
  /** Shown before the value: "w = ". */
  label?: string;
  /**
   * The starting value, one of `values` (default: the middle one). For calls written when this was
   * an index: a number that is not among the values but is a valid index is still read as an index.
   */
  initial?: number;
  /** The starting position as an index into `values` (instead of `initial`). */
  initialIndex?: number;
  /** Add a ▶ button that sweeps through the values. */
  play?: boolean;
  title?: string;
  layout?: Partial<Layout>;
}

export function sliderSpec(options: SliderOptions): Figure {
  const { values } = options;
  if (values.length < 2) throw new InputError(`a slider needs at least 2 values, got ${values.length}`);
  const initial = initialIndex(options);
  const frames = values.map((v) => ({ name: frameName(v), data: options.traces(v) }));
  // Only 2D scatter traces can move without a full redraw; anything else (heatmap, surface) needs one.
  const redraw = frames[0].data.some((t) => (t.type ?? "scatter") !== "scatter");
  const animation = { mode: "immediate", frame: { duration: 0, redraw }, transition: { duration: 0 } };
  const ranges = fixedRanges(frames.map((f) => f.data));
  const layout: Partial<Layout> = {
    title: options.title ? { text: options.title } : undefined,
    sliders: [
      {
        active: initial,
        pad: { t: 40 },
        currentvalue: { prefix: options.label ?? "" },
        steps: frames.map((f) => ({ label: f.name, method: "animate", args: [[f.name], animation] })),
      },
    ],
    updatemenus: options.play
      ? [
          {
            type: "buttons",
            showactive: false,
            x: 0,
            y: 0,
            xanchor: "right",
            yanchor: "top",
            pad: { t: 60, r: 10 },
            buttons: [
              {
                label: "▶",
                method: "animate",
                args: [null, { ...animation, frame: { duration: 150, redraw }, fromcurrent: true }],
              },
            ],
          },
        ]
      : undefined,
    ...options.layout,
    // A caller's axis settings (a title, say) add to the fixed range; a range of its own wins.
    xaxis: { ...ranges.xaxis, ...options.layout?.xaxis },
    yaxis: { ...ranges.yaxis, ...options.layout?.yaxis },
  } as Partial<Layout>;
  return { data: frames[initial].data, layout, frames };
}

function initialIndex({ values, initial, initialIndex }: SliderOptions): number {
  if (initial !== undefined && initialIndex !== undefined)
    throw new InputError("give the slider's initial value or its initialIndex, not both");
  if (initial !== undefined) {
    const at = values.indexOf(initial);
    if (at >= 0) return at;
    if (Number.isInteger(initial) && initial >= 0 && initial < values.length) return initial; // an index, as before
    throw new InputError(`initial ${initial} is not one of the slider's values (${values.join(", ")})`);
  }
  const index = initialIndex ?? Math.floor(values.length / 2);
  if (!(Number.isInteger(index) && index >= 0 && index < values.length))
    throw new InputError(`initialIndex ${index} is not valid; use an index from 0 to ${values.length - 1}`);
  return index;
}

export function sliderFigure(options: SliderOptions): void {
  plotFigure(sliderSpec(options));
}

function frameName(v: number): string {
  return String(Number(v.toPrecision(4)));
}

/** x and y ranges covering every frame's 2D traces (with 5% padding). */
function fixedRanges(frames: Data[][]): { xaxis?: { range: number[] }; yaxis?: { range: number[] } } {
  const bounds = (key: "x" | "y") => {
    let lo = Infinity,
      hi = -Infinity;
    for (const frame of frames)
      for (const t of frame) {
        const values = (t as Record<string, unknown>)[key];
        if ((t.type ?? "scatter") !== "scatter" || !Array.isArray(values)) continue;
        for (const v of values)
          if (typeof v === "number" && Number.isFinite(v)) {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
          }
      }
    if (!(lo < hi)) return undefined;
    const pad = 0.05 * (hi - lo);
    return [lo - pad, hi + pad];
  };
  const x = bounds("x"),
    y = bounds("y");
  return { ...(x && { xaxis: { range: x } }), ...(y && { yaxis: { range: y } }) };
}
