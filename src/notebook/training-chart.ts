/**
 * A live training chart: accuracy (left panel, %) and cost (right panel) per epoch, redrawn in place
 * (Jupyter update_display_data) each time Network.sgd finishes an epoch — sgd yields to the event loop
 * between epochs, so the update reaches the notebook while training goes on. `done()` leaves the final
 * figure as an ordinary output of the saved notebook.
 *
 *   const chart = trainingChart({ title: "30 hidden neurons", epochs: 30 });
 *   await net.sgd(training, { epochs: 30, batchSize: 10, eta: 3, evaluationData, onEpoch: chart.onEpoch });
 *   chart.done();
 */
import type { Data, Layout } from "plotly.js";
import type { EpochRecord } from "../training/sgd";
import { formatNumber } from "./check-format";
import { type Figure, UpdatableFigure } from "./plot";

/** The per-epoch numbers the chart can show (EpochRecord's monitoring fields). */
export type TrainingMetric = "trainingAccuracy" | "evaluationAccuracy" | "trainingCost" | "evaluationCost";

const LABELS: Record<TrainingMetric, string> = {
  trainingAccuracy: "training accuracy",
  evaluationAccuracy: "evaluation accuracy",
  trainingCost: "training cost",
  evaluationCost: "evaluation cost",
};
const COLOURS: Record<TrainingMetric, string> = {
  trainingAccuracy: "#1f77b4",
  evaluationAccuracy: "#ff7f0e",
  trainingCost: "#1f77b4",
  evaluationCost: "#ff7f0e",
};
const ALL_METRICS = Object.keys(LABELS) as TrainingMetric[];

export interface TrainingChartOptions {
  title?: string;
  /** Which metrics to draw; default: every one that appears in the records. */
  metrics?: TrainingMetric[];
  /** Planned epochs: fixes the x axis so the chart does not rescale as it grows. */
  epochs?: number;
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
  const accuracyOnly = metrics.every((m) => m.endsWith("Accuracy"));
  const costOnly = metrics.every((m) => m.endsWith("Cost"));
  const twoPanels = !accuracyOnly && !costOnly;
  const data: Data[] = metrics.map((m) => {
    const isAccuracy = m.endsWith("Accuracy");
    const second = twoPanels && !isAccuracy;
    return {
      type: "scatter",
      mode: "lines+markers",
      name: LABELS[m],
      line: { color: COLOURS[m] },
      x: epochs,
      y: records.map((r) => (r[m] === undefined ? null : isAccuracy ? 100 * r[m]! : r[m]!)),
      xaxis: second ? "x2" : "x",
      yaxis: second ? "y2" : "y",
      legendgroup: m.startsWith("training") ? "training" : "evaluation",
    };
  });
  const range = options.epochs ? [0.5, options.epochs + 0.5] : undefined;
  const epochAxis = { title: { text: "epoch" }, range, dtick: tickStep(options.epochs ?? records.length) };
  const layout: Partial<Layout> = {
    title: { text: `${options.title ?? "Training"}${progressNote(records, options.epochs)}` },
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

/** " — epoch 3/30, evaluation accuracy 94.1%" (also the text/plain line printed outside a notebook). */
function progressNote(records: readonly EpochRecord[], planned?: number): string {
  const last = records[records.length - 1];
  if (!last) return "";
  const of = planned ? `/${planned}` : "";
  const accuracy = last.evaluationAccuracy ?? last.trainingAccuracy;
  const cost = last.evaluationCost ?? last.trainingCost;
  const parts = [`epoch ${last.epoch + 1}${of}`];
  if (accuracy !== undefined) parts.push(`accuracy ${formatNumber(100 * accuracy)}%`);
  if (cost !== undefined) parts.push(`cost ${formatNumber(cost)}`);
  return ` — ${parts.join(", ")}`;
}
