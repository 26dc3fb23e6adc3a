/**
 * A cell's live outputs, drawn with the exporter's own renderer (../../outputs renderBundle), so a
 * figure, a check or a digit grid looks as it does in the exported outputs. Checks carry the
 * documented hooks data-check-id and data-check-status ("pass" / "fail"); figures are drawn by the
 * page's plotly.js and redrawn in place on update_display_data (a live training chart).
 */
import { CHECK_MIME } from "../../../../notebook/check";
import { applyCarriageReturns, renderBundle, stripAnsi, type OutputContext } from "../../outputs";
import type { MimeBundle } from "../../../../notebook/display";

interface PlotlyLike {
  newPlot(el: HTMLElement, figure: object): Promise<unknown>;
  react(el: HTMLElement, figure: object): Promise<unknown>;
}
const plotly = (): PlotlyLike | undefined => (window as unknown as { Plotly?: PlotlyLike }).Plotly;

/** Where plotly.js is: a page without published figures loads it when a run first draws one. */
let plotlyScript = "";
let plotlyLoading: Promise<PlotlyLike | undefined> | null = null;
export function setPlotlyScript(src: string): void {
  plotlyScript = src;
}
function loadPlotly(): Promise<PlotlyLike | undefined> {
  if (plotly()) return Promise.resolve(plotly());
  plotlyLoading ??= new Promise((resolve) => {
    const script = document.createElement("script");
    script.src = plotlyScript;
    script.onload = () => resolve(plotly());
    script.onerror = () => resolve(undefined);
    document.body.appendChild(script);
  });
  return plotlyLoading;
}

/** Figure ids well above the published outputs' (nndl-figure-1, 2, …). */
const context: OutputContext = { figures: 100_000, warnings: [] };
const streamText = new WeakMap<HTMLElement, string>();

export function appendStream(area: HTMLElement, name: "stdout" | "stderr", text: string): void {
  const last = area.lastElementChild as HTMLElement | null;
  let pre = last?.dataset.stream === name ? (last.firstElementChild as HTMLElement) : null;
  if (!pre) {
    const box = document.createElement("div");
    box.className = "output output-stream";
    box.dataset.stream = name;
    pre = document.createElement("pre");
    pre.className = name === "stderr" ? "output-stderr" : "output-stream";
    box.appendChild(pre);
    area.appendChild(box);
  }
  const all = (streamText.get(pre) ?? "") + text;
  streamText.set(pre, all);
  pre.textContent = applyCarriageReturns(stripAnsi(all));
}

export function showBundle(
  area: HTMLElement,
  bundle: MimeBundle,
  displayId: string | undefined,
  update: boolean,
): void {
  const existing = displayId
    ? document.querySelector<HTMLElement>(`[data-display-id="${CSS.escape(displayId)}"]`)
    : null;
  if (update && existing && redrawFigure(existing, bundle)) return;
  const box = existing ?? document.createElement("div");
  box.className = "output output-display_data";
  if (displayId) box.dataset.displayId = displayId;
  const check = bundle[CHECK_MIME] as { id?: string; ok?: boolean } | undefined;
  if (check) {
    box.dataset.checkId = String(check.id ?? "");
    box.dataset.checkStatus = check.ok === true ? "pass" : "fail";
  }
  box.innerHTML = renderBundle(bundle, {}, context);
  if (!existing) area.appendChild(box);
  activate(box);
}

/** A figure's update: Plotly.react on the same div, so a live chart grows without flicker. */
function redrawFigure(box: HTMLElement, bundle: MimeBundle): boolean {
  const div = box.querySelector<HTMLElement>(".plotly-figure");
  const figure = figureOf(bundle);
  if (!div || !figure) return false;
  void loadPlotly().then((p) => p?.react(div, withConfig(figure)));
  return true;
}

function figureOf(bundle: MimeBundle): object | undefined {
  const pointer = bundle["application/vnd.nndl.plotly+json"] as { figureIn?: string } | undefined;
  if (pointer?.figureIn) return bundle[pointer.figureIn] as object;
  return (pointer ?? bundle["application/vnd.plotly.v1+json"]) as object | undefined;
}

function withConfig(figure: object): object {
  const config = (figure as { config?: object }).config;
  return { ...figure, config: { responsive: true, displaylogo: false, ...config } };
}

/** Draws the box's figures and runs its HTML's scripts (innerHTML never runs them). */
function activate(box: HTMLElement): void {
  // The exporter's figure markup (../../outputs figureHtml): a div and its JSON, tied by the id.
  for (const spec of Array.from(box.querySelectorAll<HTMLScriptElement>("script[data-nndl-figure]"))) {
    const target = document.getElementById(spec.dataset.nndlFigure ?? "");
    if (!target) continue;
    const figure = withConfig(JSON.parse(spec.textContent ?? "{}"));
    void loadPlotly().then((p) => {
      if (p) void p.newPlot(target, figure);
      else target.textContent = "This figure needs assets/plotly.min.js, which is missing from the site.";
    });
  }
  for (const old of Array.from(
    box.querySelectorAll<HTMLScriptElement>("script:not([type]), script[type='text/javascript']"),
  )) {
    const script = document.createElement("script");
    script.textContent = old.textContent;
    old.replaceWith(script);
  }
}

export function showFile(area: HTMLElement, name: string, bytes: Uint8Array): void {
  const box = document.createElement("div");
  box.className = "output output-file";
  const link = document.createElement("a");
  const file = name.split("/").pop() ?? "file";
  link.href = URL.createObjectURL(new Blob([bytes as BlobPart]));
  link.download = file;
  link.textContent = `Download ${file}`;
  box.append(`The cell wrote ${name} (kept in this page's memory): `, link);
  area.appendChild(box);
}

export function showNote(area: HTMLElement, text: string, className = "live-note"): void {
  const note = document.createElement("p");
  note.className = className;
  note.textContent = text;
  area.appendChild(note);
}
