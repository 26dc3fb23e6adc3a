/**
 * Figures the book uses, as thin builders over Plotly's own objects: each `xxxSpec(…)` returns a
 * plain {data, layout, frames?} you may edit before showing it with plotFigure(); each `xxx(…)` shows
 * it directly. Extra `layout` fields are merged over ours, so nothing here hides Plotly.
 */
import type { Data, Layout } from "plotly.js";
import { InputError } from "../errors";
import { type Figure, plotFigure } from "./plot";

export interface FigureOptions {
  title?: string;
  xTitle?: string;
  yTitle?: string;
  /** Merged over the layout we build (Plotly's own Layout fields). */
  layout?: Partial<Layout>;
}

function baseLayout(options: FigureOptions): Partial<Layout> {
  return {
    title: options.title ? { text: options.title } : undefined,
    xaxis: { title: { text: options.xTitle ?? "" } },
    yaxis: { title: { text: options.yTitle ?? "" } },
    margin: { t: options.title ? 50 : 20 },
    ...options.layout,
  };
}

/** One line per named series: `{ "η = 0.5": costs, "η = 3": costs2 }`; x defaults to 0, 1, 2, … */
export type Series = Record<string, ArrayLike<number> | { x: ArrayLike<number>; y: ArrayLike<number> }>;

export function lineChartSpec(series: Series, options: FigureOptions & { markers?: boolean } = {}): Figure {
  const data: Data[] = Object.entries(series).map(([name, s]) => {
    const { x, y } =
      "y" in s && !ArrayBuffer.isView(s) && !Array.isArray(s)
        ? (s as { x: ArrayLike<number>; y: ArrayLike<number> })
        : { x: undefined, y: s as ArrayLike<number> };
    return {
      type: "scatter",
      mode: options.markers ? "lines+markers" : "lines",
      name,
      y: Array.from(y),
      x: x ? Array.from(x) : undefined,
    };
  });
  return { data, layout: baseLayout(options) };
}

export function lineChart(series: Series, options: FigureOptions & { markers?: boolean } = {}): void {
  plotFigure(lineChartSpec(series, options));
}

/** A histogram of values (e.g. weights, weighted inputs z, saturated activations). */
export function histogramSpec(values: ArrayLike<number>, options: FigureOptions & { bins?: number } = {}): Figure {
  // nbinsx is a real plotly.js attribute that @types/plotly.js does not list.
  const data = [{ type: "histogram", x: Array.from(values), nbinsx: options.bins }] as unknown as Data[];
  return { data, layout: { bargap: 0.02, ...baseLayout(options) } };
}

export function histogram(values: ArrayLike<number>, options: FigureOptions & { bins?: number } = {}): void {
  plotFigure(histogramSpec(values, options));
}

/**
 * A surface z = f(x, y) with a gradient-descent path on it (chapter 1's ball rolling down the
 * valley). The path is drawn slightly above the surface so the surface does not hide it.
 */
export interface SurfaceOptions extends FigureOptions {
  xRange: [number, number];
  yRange: [number, number];
  /** Grid points per axis (default 40). */
  resolution?: number;
  /** Points visited, e.g. [[v1, v2], …] from successive gradient steps. */
  path?: ReadonlyArray<readonly [number, number]>;
  zTitle?: string;
}

export function surfaceWithPathSpec(f: (x: number, y: number) => number, options: SurfaceOptions): Figure {
  const n = options.resolution ?? 40;
  if (!(Number.isInteger(n) && n >= 2 && n <= 400))
    throw new InputError(`resolution ${n} is not valid; use an integer from 2 to 400`);
  const xs = grid(options.xRange, n),
    ys = grid(options.yRange, n);
  const z = ys.map((y) => xs.map((x) => f(x, y)));
  const data: Data[] = [
    {
      type: "surface",
      x: xs,
      y: ys,
      z,
      colorscale: "Viridis",
      opacity: 0.8,
      showscale: false,
      name: "surface",
      contours: { z: { show: true, usecolormap: true, project: { z: true } } },
    } as Data,
  ];
  if (options.path && options.path.length > 0) {
    const zSpan = Math.max(...z.flat()) - Math.min(...z.flat());
    data.push({
      type: "scatter3d",
      mode: "lines+markers",
      name: "gradient descent",
      x: options.path.map((p) => p[0]),
      y: options.path.map((p) => p[1]),
      z: options.path.map((p) => f(p[0], p[1]) + 0.02 * zSpan),
      line: { color: "#d62728", width: 5 },
      marker: { size: 3, color: "#d62728" },
    } as Data);
  }
  const axis = (text?: string) => ({ title: { text: text ?? "" } });
  const layout: Partial<Layout> = {
    title: options.title ? { text: options.title } : undefined,
    // Seen from above at an angle, flattened, so the valley and the path on its floor are both visible.
    scene: {
      xaxis: axis(options.xTitle ?? "v1"),
      yaxis: axis(options.yTitle ?? "v2"),
      zaxis: axis(options.zTitle ?? "C"),
      aspectmode: "manual",
      aspectratio: { x: 1, y: 1, z: 0.55 },
      camera: { eye: { x: 1.3, y: -1.3, z: 1.1 } },
    },
    height: 500,
    margin: { t: options.title ? 50 : 10, l: 0, r: 0, b: 0 },
    ...options.layout,
  };
  return { data, layout };
}

export function surfaceWithPath(f: (x: number, y: number) => number, options: SurfaceOptions): void {
  plotFigure(surfaceWithPathSpec(f, options));
}

function grid([from, to]: [number, number], n: number): number[] {
  if (!(Number.isFinite(from) && Number.isFinite(to) && from < to))
    throw new InputError(`range [${from}, ${to}] is not valid; use [low, high] with low < high`);
  return Array.from({ length: n }, (_, i) => from + ((to - from) * i) / (n - 1));
}
