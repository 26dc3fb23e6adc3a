import { test } from "node:test";
import assert from "node:assert/strict";
import { FIGURE_MIME, figureBundle, plot, PLOTLY_MIME, plotFigure, UpdatableFigure } from "../../../src/notebook/plot";
import { jsonForHtml } from "../../../src/html";
import { SERVED_PLOTLY } from "../../../src/notebook/plotly-html";
import { trainingChart, trainingFigure } from "../../../src/notebook/training-chart";
import { digitGridSpec } from "../../../src/notebook/digit-grid";
import { sliderSpec } from "../../../src/notebook/slider";
import { lineChartSpec, surfaceWithPathSpec } from "../../../src/notebook/figures";
import { datasetFrom } from "../../../src/dataset";
import { InputError } from "../../../src/errors";
import { captureDisplays } from "./display-capture";

const html = (bundle: Record<string, unknown>) => String(bundle["text/html"]);

test("plot sends one output with our figure JSON, Plotly JSON, HTML and a text summary; typed arrays become arrays", async () => {
  const [out] = await captureDisplays(() =>
    plot([{ x: [1, 2], y: new Float32Array([3, 4]) as unknown as number[], name: "a" }], { title: { text: "T" } }),
  );
  assert.deepEqual(Object.keys(out.data).sort(), [FIGURE_MIME, PLOTLY_MIME, "text/html", "text/plain"]);
  const spec = out.data[PLOTLY_MIME] as { data: { y: number[] }[]; layout: unknown };
  assert.deepEqual(spec.data[0].y, [3, 4]);
  assert.deepEqual(
    out.data[FIGURE_MIME],
    { figureIn: PLOTLY_MIME },
    "ours points at Plotly's JSON: the data is saved once",
  );
  assert.equal(out.data["text/plain"], "Plotly figure: T — 1 trace (scatter)");
});

test("no figure carries plotly.js: a saved notebook holds the figures' data only", async () => {
  const outs = await captureDisplays(() => {
    for (let i = 0; i < 20; i++) plot([{ y: [i, i + 1] }]);
  });
  assert.equal(outs.length, 20);
  const largest = Math.max(...outs.map((o) => JSON.stringify(o.data).length));
  assert.ok(largest < 6_000, `largest figure output ${largest} bytes`);
  assert.ok(outs.every((o) => !html(o.data).includes("Plotly=")));
});

test("the HTML fallback asks the Jupyter server it came from for plotly.js, classic Notebook or JupyterLab", () => {
  const text = html(figureBundle({ data: [{ y: [1] }] }));
  assert.ok(text.includes(SERVED_PLOTLY.classic) && text.includes(SERVED_PLOTLY.lab));
  assert.ok(text.includes('getAttribute("data-base-url")') && text.includes("jupyter-config-data"));
});

test("figure JSON inside HTML cannot close its script element", () => {
  const text = jsonForHtml({ name: "</script><script>alert(1)</script>" });
  assert.ok(!text.includes("</script"));
  assert.deepEqual(JSON.parse(text), { name: "</script><script>alert(1)</script>" });
  const bundle = figureBundle({ data: [{ y: [1], name: "</script><b>x</b>" }] });
  assert.equal((html(bundle).match(/<\/script>/g) ?? []).length, 2);
});

test("a live training chart updates one display in place, under our MIME type as well as Plotly's", async () => {
  const outs = await captureDisplays(() => {
    const chart = trainingChart({ title: "run", epochs: 3 });
    for (let epoch = 0; epoch < 3; epoch++)
      chart.onEpoch({
        epoch,
        seconds: 1,
        eta: 3,
        evaluationAccuracy: 0.9 + epoch / 100,
        trainingCost: 1 / (epoch + 1),
      });
    chart.done();
  });
  assert.deepEqual(
    outs.map((o) => o.update),
    [false, true, true, true],
  );
  assert.equal(new Set(outs.map((o) => o.displayId)).size, 1);
  assert.ok(outs.every((o) => o.data[FIGURE_MIME] !== undefined));
  const final = outs[3].data[PLOTLY_MIME] as { data: { name: string; y: number[] }[] };
  assert.deepEqual(
    final.data.map((t) => t.name),
    ["evaluation accuracy", "training cost"],
  );
  assert.deepEqual(
    final.data[0].y.map((y) => Math.round(y)),
    [90, 91, 92],
  );
  assert.match(String(outs[3].data["text/plain"]), /epoch 3\/3, evaluation accuracy 92%, training cost 0\.333333/);
});

test("the training chart names the data each curve was measured on", () => {
  const records = [
    { epoch: 0, seconds: 1, eta: 1, evaluationAccuracy: 0.9, trainingAccuracy: 0.95, evaluationCost: 0.5 },
  ];
  const figure = trainingFigure(records, { title: "run", evaluationName: "validation" });
  assert.deepEqual(
    figure.data.map((t) => t.name),
    ["training accuracy", "validation accuracy", "validation cost"],
  );
  assert.equal(
    (figure.layout?.title as { text: string }).text,
    "run — epoch 1, validation accuracy 90%, validation cost 0.5",
  );
});

test("UpdatableFigure.show still takes the `final` flag notebooks pass (it changes nothing now)", async () => {
  const outs = await captureDisplays(() => {
    const figure = new UpdatableFigure();
    figure.show({ data: [{ y: [1] }] }, false);
    figure.show({ data: [{ y: [1, 2] }] }, true);
  });
  assert.deepEqual(
    outs.map((o) => o.update),
    [false, true],
  );
  assert.deepEqual(outs[0].data[FIGURE_MIME], outs[1].data[FIGURE_MIME]);
});

test("the training figure has two panels for accuracy and cost, one when only one kind is monitored", () => {
  const both = trainingFigure([{ epoch: 0, seconds: 1, eta: 1, evaluationAccuracy: 0.9, evaluationCost: 0.5 }]);
  assert.ok(both.layout?.grid, "accuracy and cost side by side");
  assert.deepEqual(
    both.data.map((t) => (t as { yaxis: string }).yaxis),
    ["y", "y2"],
  );
  const accuracy = trainingFigure([{ epoch: 0, seconds: 1, eta: 1, evaluationAccuracy: 0.9 }]);
  assert.equal(accuracy.layout?.grid, undefined);
  assert.equal((accuracy.layout?.yaxis?.title as { text: string }).text, "accuracy (%)");
  const cost = trainingFigure([{ epoch: 0, seconds: 1, eta: 1, trainingCost: 0.4 }]);
  assert.equal(cost.layout?.grid, undefined);
  assert.deepEqual(
    cost.data.map((t) => (t as { yaxis: string }).yaxis),
    ["y"],
  );
  assert.equal((cost.layout?.yaxis?.title as { text: string }).text, "cost");
  // The x axis counts epochs trained: the record of the book's "Epoch 0" is drawn at 1.
  assert.equal((cost.layout?.xaxis?.title as { text: string }).text, "epochs trained");
  assert.deepEqual((cost.data[0] as { x: number[] }).x, [1]);
});

test("outside a notebook the live chart prints one line per epoch", () => {
  const lines: string[] = [];
  return import("../../../src/notebook/display").then(({ setFallbackWrite }) => {
    const previous = setFallbackWrite((t) => lines.push(t));
    const chart = trainingChart({ title: "cli" });
    chart.onEpoch({ epoch: 0, seconds: 1, eta: 1, evaluationAccuracy: 0.5 });
    chart.onEpoch({ epoch: 1, seconds: 1, eta: 1, evaluationAccuracy: 0.75 });
    setFallbackWrite(previous);
    assert.equal(lines.length, 2);
    assert.match(lines[1], /cli — epoch 2, evaluation accuracy 75%/);
  });
});

test("digitGrid tiles digits into one heatmap with captions from the labels", () => {
  const pixels = (v: number) => Array.from({ length: 784 }, (_, i) => (i === 0 ? v : 0));
  const data = datasetFrom([
    { x: pixels(1), label: 5 },
    { x: pixels(0.5), label: 0 },
    { x: pixels(0.25), label: 4 },
  ]);
  const fig = digitGridSpec(data, { columns: 2 });
  const trace = fig.data[0] as { type: string; z: (number | null)[][] };
  assert.equal(fig.data.length, 1);
  assert.equal(trace.type, "heatmap");
  assert.equal(trace.z.length, 2 * (28 + 7));
  assert.equal(trace.z[0].length, 2 * 30);
  assert.equal(trace.z[7][0], 1); // digit 0's top-left pixel, below its caption
  assert.equal(trace.z[7][30], 0.5); // digit 1 starts one cell to the right
  assert.equal(trace.z[35 + 7][0], 0.25);
  assert.equal(trace.z[0][28], null); // gap
  assert.deepEqual(
    fig.layout?.annotations?.map((a) => a.text),
    ["5", "0", "4"],
  );
  assert.throws(() => digitGridSpec([new Float32Array(10)]), InputError);
});

test("sliderSpec makes one frame and one slider step per value, with axes fixed over all frames", () => {
  const fig = sliderSpec({ values: [1, 2, 3], label: "w = ", play: true, traces: (w) => [{ x: [0, 1], y: [0, w] }] });
  assert.equal(fig.frames?.length, 3);
  assert.deepEqual(fig.data, [{ x: [0, 1], y: [0, 2] }]);
  const slider = fig.layout?.sliders?.[0];
  assert.deepEqual(
    slider?.steps?.map((s) => s.label),
    ["1", "2", "3"],
  );
  assert.equal(slider?.active, 1);
  const range = (fig.layout?.yaxis as { range: number[] }).range;
  assert.ok(range[0] < 0 && range[1] > 3);
  const titled = sliderSpec({
    values: [1, 2, 3],
    traces: (w) => [{ x: [0, 1], y: [0, w] }],
    layout: { yaxis: { title: { text: "output" } }, xaxis: { range: [-1, 2] } },
  });
  assert.deepEqual(
    titled.layout?.yaxis,
    { range, title: { text: "output" } },
    "a caller's axis title keeps the fixed range",
  );
  assert.deepEqual((titled.layout?.xaxis as { range: number[] }).range, [-1, 2], "a caller's own range wins");
  assert.throws(() => sliderSpec({ values: [1], traces: () => [] }), InputError);
});

test("the slider starts at the value `initial` names (or at `initialIndex`); an old index call still works when unambiguous", () => {
  const at = (o: Partial<Parameters<typeof sliderSpec>[0]>) =>
    sliderSpec({ values: [1, 2, 5, 10], traces: (w) => [{ y: [w] }], ...o }).layout?.sliders?.[0]?.active;
  assert.equal(at({ initial: 5 }), 2);
  assert.equal(at({ initial: 2 }), 1, "2 is a value: w = 2");
  assert.equal(at({ initialIndex: 2 }), 2);
  assert.equal(at({ initial: 3 }), 3, "3 is no value but a valid index: read as the index it used to be");
  assert.equal(at({}), 2, "default: the middle");
  assert.throws(() => at({ initial: 7 }), InputError);
  assert.throws(() => at({ initial: 5, initialIndex: 1 }), InputError);
  assert.throws(() => at({ initialIndex: 4 }), InputError);
});

test("lineChart and surfaceWithPath build plain Plotly traces", () => {
  const lines = lineChartSpec({ a: [1, 2], b: { x: [5, 6], y: new Float64Array([3, 4]) } });
  assert.deepEqual(
    lines.data.map((t) => (t as { y: number[] }).y),
    [
      [1, 2],
      [3, 4],
    ],
  );
  assert.deepEqual((lines.data[1] as { x: number[] }).x, [5, 6]);
  const surface = surfaceWithPathSpec((x, y) => x * x + y * y, {
    xRange: [-1, 1],
    yRange: [-1, 1],
    resolution: 3,
    path: [
      [1, 1],
      [0, 0],
    ],
  });
  assert.deepEqual((surface.data[0] as { z: number[][] }).z, [
    [2, 1, 2],
    [1, 0, 1],
    [2, 1, 2],
  ]);
  assert.equal((surface.data[1] as { type: string }).type, "scatter3d");
  assert.throws(() => surfaceWithPathSpec(() => 0, { xRange: [1, 0], yRange: [0, 1] }), InputError);
});

test("plotFigure passes frames through to the Plotly JSON", async () => {
  const [out] = await captureDisplays(() => plotFigure(sliderSpec({ values: [0, 1], traces: (v) => [{ y: [v] }] })));
  assert.equal((out.data[PLOTLY_MIME] as { frames: unknown[] }).frames.length, 2);
});
