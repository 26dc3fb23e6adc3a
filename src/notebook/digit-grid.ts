/**
 * A grid of MNIST digits as ONE Plotly heatmap: the digits are tiled into a mosaic with blank (null)
 * gaps, captioned with their labels (or predictions). One trace instead of one subplot per digit keeps
 * the output small and fast to draw: 20 digits are ~16k numbers, rounded to 2 decimals.
 */
import type { Annotations, Data, Layout } from "plotly.js";
import type { Dataset } from "../dataset";
import { InputError } from "../errors";
import { type Figure, plotFigure } from "./plot";

export interface DigitGridOptions {
  /** From a Dataset: how many digits (default 20) starting where (default 0). */
  count?: number;
  start?: number;
  /** Digits per row (default 10). */
  columns?: number;
  /** Caption per digit; default: the Dataset's labels, none for bare arrays. */
  captions?: ArrayLike<string | number>;
  title?: string;
  layout?: Partial<Layout>;
}

const GAP = 2; // blank pixels between digits
const CAPTION = 7; // pixel rows above each digit for its caption
const SCALE = 2.2; // screen pixels per image pixel

export function digitGridSpec(
  source: Dataset | ReadonlyArray<ArrayLike<number>>,
  options: DigitGridOptions = {},
): Figure {
  const { images, captions } = pick(source, options);
  if (images.length === 0) throw new InputError("digitGrid needs at least one image");
  const side = Math.round(Math.sqrt(images[0].length));
  if (side * side !== images[0].length)
    throw new InputError(`image of ${images[0].length} pixels is not square; MNIST digits have 784 = 28×28`);
  const columns = Math.min(options.columns ?? 10, images.length);
  const rows = Math.ceil(images.length / columns);
  const top = captions ? CAPTION : GAP;
  const cellW = side + GAP,
    cellH = side + top;
  const z: (number | null)[][] = Array.from({ length: rows * cellH }, () =>
    new Array<number | null>(columns * cellW).fill(null),
  );
  const annotations: Array<Partial<Annotations>> = [];
  images.forEach((image, i) => {
    const r0 = Math.floor(i / columns) * cellH + top,
      c0 = (i % columns) * cellW;
    for (let y = 0; y < side; y++)
      for (let x = 0; x < side; x++) z[r0 + y][c0 + x] = Math.round(image[y * side + x] * 100) / 100;
    if (captions)
      annotations.push({
        x: c0 + side / 2 - 0.5,
        y: r0 - top / 2 - 0.5,
        text: String(captions[i]),
        showarrow: false,
        font: { size: 12 },
      });
  });
  const data: Data[] = [
    {
      type: "heatmap",
      z,
      zmin: 0,
      zmax: 1,
      showscale: false,
      hoverongaps: false,
      colorscale: [
        [0, "#ffffff"],
        [1, "#000000"],
      ], // MNIST: 0 = background, 1 = ink
    } as Data,
  ];
  const hidden = { visible: false, showgrid: false, zeroline: false };
  const layout: Partial<Layout> = {
    title: options.title ? { text: options.title } : undefined,
    xaxis: { ...hidden, constrain: "domain" },
    yaxis: { ...hidden, autorange: "reversed", scaleanchor: "x", constrain: "domain" },
    annotations,
    height: Math.round(rows * cellH * SCALE) + (options.title ? 70 : 30),
    width: Math.round(columns * cellW * SCALE) + 40,
    margin: { t: options.title ? 50 : 10, b: 10, l: 10, r: 10 },
    plot_bgcolor: "#ffffff",
    ...options.layout,
  };
  return { data, layout, config: { responsive: false, displayModeBar: false } };
}

export function digitGrid(source: Dataset | ReadonlyArray<ArrayLike<number>>, options: DigitGridOptions = {}): void {
  plotFigure(digitGridSpec(source, options));
}

function isDataset(source: unknown): source is Dataset {
  return typeof source === "object" && source !== null && "inputs" in source && "labels" in source && "count" in source;
}

function pick(source: Dataset | ReadonlyArray<ArrayLike<number>>, options: DigitGridOptions) {
  if (!isDataset(source)) return { images: source, captions: options.captions };
  const start = options.start ?? 0,
    count = Math.min(options.count ?? 20, source.count - start);
  if (!(Number.isInteger(start) && start >= 0 && start < source.count))
    throw new InputError(`start ${start} is not valid; the dataset has ${source.count} images`);
  const size = source.inputSize;
  const images = Array.from({ length: count }, (_, i) =>
    source.inputs.subarray((start + i) * size, (start + i + 1) * size),
  );
  return { images, captions: options.captions ?? Array.from(source.labels.subarray(start, start + count)) };
}
