/**
 * A live training chart: accuracy (left panel, %) and cost (right panel) per epoch, redrawn in place
 * (Jupyter update_display_data) each time Network.sgd finishes an epoch — sgd yields to the event loop
 * between epochs, so the update reaches the notebook while training goes on. `done()` leaves the final
 * figure as an ordinary output of the saved notebook.
 *
 *   const chart = trainingChart({ title: "30 hidden neurons", epochs: 30, evaluationName: "test" });
 *   await net.sgd(training, { epochs: 30, batchSize: 10, eta: 3, evaluationData: test, onEpoch: chart.onEpoch });
 *   chart.done();
 */
import type { Data, Layout } from "plotly.js";
import type { EpochRecord } from "../training/sgd";
import { formatNumber } from "./check-format";
import { type Figure, UpdatableFigure } from "./plot";

/** The per-epoch numbers the chart can show (EpochRecord's monitoring fields). */
export type TrainingMetric = "trainingAccuracy" | "evaluationAccuracy" | "trainingCost" | "evaluationCost";

const METRICS: Record<TrainingMetric, { data: "training" | "evaluation"; measure: "accuracy" | "cost" }> = {
  trainingAccuracy: { data: "training", measure: "accuracy" },
  evaluationAccuracy: { data: "evaluation", measure: "accuracy" },
  trainingCost: { data: "training", measure: "cost" },
  evaluationCost: { data: "evaluation", measure: "cost" },
};
const COLOURS: Record<TrainingMetric, string> = {
  trainingAccuracy: "#1f77b4",
  evaluationAccuracy: "#ff7f0e",
  trainingCost: "#1f77b4",
  evaluationCost: "#ff7f0e",
};
const ALL_METRICS = Object.keys(METRICS) as TrainingMetric[];

/** "training accuracy", "test cost", …: a metric named by the data it was measured on. */
function label(m: TrainingMetric, evaluationName = "evaluation"): string {
  const { data, measure } = METRICS[m];
  return `${data === "training" ? "training" : evaluationName} ${measure}`;
}

export interface TrainingChartOptions {
  title?: string;
  /** Which metrics to draw; default: every one that appears in the records. */
  metrics?: TrainingMetric[];
  /** Planned epochs: fixes the x axis so the chart does not rescale as it grows. */
  epochs?: number;
  /**
   * What sgd's evaluationData is, for the legend and the title: "test" or "validation" (default
   * "evaluation"). A learner comparing with the book needs to know which images a curve was measured on.
   */
  evaluationName?: string;
}

export interface TrainingChart {
  /** Pass as SGDOptions.onEpoch (already bound). */
  onEpoch: (record: EpochRecord) => void;
  /** Draw the final figure (the one the saved notebook keeps). */
  done: () => void;
  /** The records seen so far. */
  readonly records: readonly EpochRecord[];
}

export function trainingChart(options: TrainingChartOptions = {}): TrainingChart {
  const records: EpochRecord[] = [];
  const figure = new UpdatableFigure();
  return {
    records,
    onEpoch: (record) => {
      records.push({ ...record });
      figure.show(trainingFigure(records, options));
    },
    done: () => figure.show(trainingFigure(records, options)),
  };
}

/** The chart's figure for the records so far (also usable on a finished History's epochs). */
export function trainingFigure(records: readonly EpochRecord[], options: TrainingChartOptions = {}): Figure {
  const metrics = (options.metrics ?? ALL_METRICS).filter((m) => records.some((r) => r[m] !== undefined));
  const epochs = records.map((r) => r.epoch + 1);
  // Accuracy and cost get a panel each; when only one kind is monitored, one panel fills the width.
  const accuracyOnly = metrics.every((m) => METRICS[m].measure === "accuracy");
  const costOnly = metrics.every((m) => METRICS[m].measure === "cost");
  const twoPanels = !accuracyOnly && !costOnly;
  const data: Data[] = metrics.map((m) => {
    const isAccuracy = METRICS[m].measure === "accuracy";
    const second = twoPanels && !isAccuracy;
    return {
      type: "scatter",
      mode: "lines+markers",
      name: label(m, options.evaluationName),
      line: { color: COLOURS[m] },
      x: epochs,
      y: records.map((r) => (r[m] === undefined ? null : isAccuracy ? 100 * r[m]! : r[m]!)),
      xaxis: second ? "x2" : "x",
      yaxis: second ? "y2" : "y",
      legendgroup: METRICS[m].data,
    };
  });
  const range = options.epochs ? [0.5, options.epochs + 0.5] : undefined;
  // Counted as epochs trained (1 after the first), where the printed lines and the book count from 0.
  const epochAxis = { title: { text: "epochs trained" }, range, dtick: tickStep(options.epochs ?? records.length) };
  const layout: Partial<Layout> = {
    title: { text: `${options.title ?? "Training"}${progressNote(records, options)}` },
    xaxis: epochAxis,
    yaxis: { title: { text: costOnly && metrics.length > 0 ? "cost" : "accuracy (%)" } },
    height: 380,
    margin: { t: 50, b: 50 },
    ...(twoPanels
      ? {
          grid: { rows: 1, columns: 2, pattern: "independent" as const },
          xaxis2: epochAxis,
          yaxis2: { title: { text: "cost" } },
        }
      : {}),
  };
  return { data, layout };
}

function tickStep(epochs: number): number | undefined {
  return epochs <= 10 ? 1 : undefined;
}

/** " — epoch 3/30, test accuracy 94.1%, training cost 0.21" (also the text/plain line printed outside a notebook). */
function progressNote(records: readonly EpochRecord[], options: TrainingChartOptions): string {
  const last = records[records.length - 1];
  if (!last) return "";
  const parts = [`epoch ${last.epoch + 1}${options.epochs ? `/${options.epochs}` : ""}`];
  // Evaluation data first: one accuracy and one cost, whichever were monitored.
  const pairs: TrainingMetric[][] = [
    ["evaluationAccuracy", "trainingAccuracy"],
    ["evaluationCost", "trainingCost"],
  ];
  for (const pair of pairs) {
    const m = pair.find((key) => last[key] !== undefined);
    if (!m) continue;
    const value = METRICS[m].measure === "accuracy" ? `${formatNumber(100 * last[m]!)}%` : formatNumber(last[m]!);
    parts.push(`${label(m, options.evaluationName)} ${value}`);
  }
  return ` — ${parts.join(", ")}`;
}
