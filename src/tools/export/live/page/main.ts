/**
 * The live notebook page: every code cell of an exported page becomes an editor (CodeMirror 6) that
 * runs in the page's worker. Hooks for tests and testers (documented in the README, kept stable):
 *   - each code cell's <section> carries data-cell-id; its run button's accessible name is "Run";
 *     the page's buttons are "Run all", "Interrupt", "Reset page" (and "Download .ipynb" on a
 *     student page);
 *   - each check result carries data-check-id and data-check-status ("pass" / "fail");
 *   - document.body.dataset.kernel is "starting", then "busy" while anything runs and "idle" when
 *     all is done; document.body.dataset.mnist is "ready" once MNIST is loaded in the worker;
 *   - each cell's section gets data-run-status ("ok" / "error") and data-run-seconds once run here.
 * window.nndlLive holds timings (first cell runnable, MNIST ready, ms since navigation) and
 * source(id) / setSource(id, text) to read or replace a cell's code as if typed.
 */
import { EditorView, basicSetup } from "codemirror";
import { keymap } from "@codemirror/view";
import { Prec } from "@codemirror/state";
import { javascript } from "@codemirror/lang-javascript";
import { Kernel } from "./kernel";
import { appendStream, showBundle, showFile, showNote } from "./render";
import { StudentStorage } from "./storage";
import { setPlotlyScript } from "./render";
import type { Notebook } from "../../../nbformat";
import type { LiveConfig } from "../page-parts";

interface LiveCell {
  id: string;
  section: HTMLElement;
  editor: EditorView;
  published: string;
  outputs: HTMLElement;
  publishedOutputs: HTMLElement | null;
}

const data = JSON.parse(document.querySelector<HTMLMetaElement>('meta[name="nndl-live"]')!.content) as LiveConfig;
/** A student page's whole notebook (for Download .ipynb); a chapter page's source is its code. */
const notebookData = document.getElementById("nndl-live-notebook");
const notebook = notebookData ? (JSON.parse(notebookData.textContent!) as Notebook) : null;
// plotly.js sits beside this script in assets/ (ASSETS.plotly); a page without published figures
// loads it only when a run here draws one.
setPlotlyScript(new URL("plotly.min.js", (document.currentScript as HTMLScriptElement).src).href);
const timings: Record<string, number> = { pageScript: performance.now() };
/** For scripts and tests: the timings, and a cell's source read or replaced as if typed. */
(window as unknown as { nndlLive: object }).nndlLive = {
  timings,
  source: (id: string) => byId.get(id)?.editor.state.doc.toString(),
  setSource: (id: string, text: string) => {
    const editor = byId.get(id)?.editor;
    editor?.dispatch({ changes: { from: 0, to: editor.state.doc.length, insert: text } });
    return editor !== undefined;
  },
};
const body = document.body;
body.dataset.kernel = "starting";

const cells: LiveCell[] = [];
const byId = new Map<string, LiveCell>();
const storage = data.student ? new StudentStorage(data.name, (state) => setSaveState(state)) : null;

function button(label: string, text: string, onClick: () => void): HTMLButtonElement {
  const b = document.createElement("button");
  b.type = "button";
  b.textContent = text;
  b.setAttribute("aria-label", label);
  b.title = label;
  b.addEventListener("click", onClick);
  return b;
}

// ---- the toolbar ----
const toolbar = document.createElement("div");
toolbar.className = "live-toolbar";
toolbar.setAttribute("role", "toolbar");
const status = document.createElement("span");
status.className = "live-status";
status.setAttribute("aria-live", "polite");
const saveState = document.createElement("span");
saveState.className = "live-save-state";
toolbar.append(
  button("Run all", "▶▶ Run all", () => void runAll()),
  button("Interrupt", "■ Interrupt", () => interrupt()),
  button("Reset page", "↺ Reset page", () => resetPage()),
  ...(data.student ? [button("Download .ipynb", "⤓ Download .ipynb", () => downloadNotebook()), saveState] : []),
  status,
);
const explain = document.createElement("p");
explain.className = "live-explain";
explain.textContent =
  "This page is a live notebook: edit any code cell and run it (Shift+Enter) — the code runs in your browser, " +
  "in a worker, with the nndl library and full MNIST; nothing is installed and nothing is sent anywhere. TypeScript is compiled " +
  "here without type checking: type errors are not reported (the code runs as JavaScript); JupyterLab checks them. " +
  "Cells share their declarations as in tslab. Until you run a cell, it shows the output of the published kernel run." +
  (data.student
    ? " Your edits are saved in this browser; Download .ipynb gives your notebook for JupyterLab and nndl grade."
    : "");
const main = document.querySelector("main.notebook")!;
main.prepend(toolbar, explain);
const setStatus = (text: string) => (status.textContent = text);
function setSaveState(state: string): void {
  saveState.textContent = state;
  saveState.dataset.saveState = state === "Saved in this browser" ? "saved" : "unsaved";
}

// ---- the cells ----
function setUpCell(section: HTMLElement, source: string): void {
  const id = section.dataset.cellId!;
  const input = section.querySelector<HTMLElement>(".input")!;
  const pre = input.querySelector("pre, details");
  const host = document.createElement("div");
  host.className = "live-editor";
  pre?.replaceWith(host);
  const cell: LiveCell = {
    id,
    section,
    published: source,
    outputs: document.createElement("div"),
    publishedOutputs: section.querySelector(".outputs"),
    editor: null!,
  };
  cell.editor = new EditorView({
    doc: storage?.source(id) ?? source,
    parent: host,
    extensions: [
      Prec.highest(keymap.of([{ key: "Shift-Enter", run: () => (void runAndAdvance(cell), true) }])),
      basicSetup,
      javascript({ typescript: true }),
      EditorView.updateListener.of((update) => {
        if (update.docChanged) storage?.save(id, update.state.doc.toString());
      }),
    ],
  });
  const prompt = input.querySelector(".prompt");
  prompt?.appendChild(button("Run", "▶", () => void enqueue([cell])));
  if (cell.publishedOutputs) {
    cell.publishedOutputs.classList.add("published-outputs");
    cell.publishedOutputs.prepend(
      Object.assign(document.createElement("p"), {
        className: "published-note",
        textContent: "Output of the published kernel run (not yet run in this page)",
      }),
    );
  }
  cell.outputs.className = "outputs live-outputs";
  section.appendChild(cell.outputs);
  cells.push(cell);
  byId.set(id, cell);
}

const sources = new Map(
  (notebook?.cells ?? [])
    .filter((c) => c.cell_type === "code")
    .map((c) => [c.id ?? "", Array.isArray(c.source) ? c.source.join("") : c.source]),
);
for (const section of Array.from(document.querySelectorAll<HTMLElement>("section.code-cell[data-cell-id]"))) {
  setUpCell(
    section,
    sources.get(section.dataset.cellId!) ?? section.querySelector(".input pre code")?.textContent ?? "",
  );
}

// ---- running ----
const outputArea = (cellId: string): HTMLElement =>
  byId.get(cellId)?.outputs ?? cells[cells.length - 1]?.outputs ?? document.body;
const kernel = new Kernel(
  {
    stream: (cell, name, text) => appendStream(outputArea(cell), name, text),
    display: (cell, bundle, displayId, update) => showBundle(outputArea(cell), bundle, displayId, update),
    file: (cell, name, bytes) => showFile(outputArea(cell), name, bytes),
    ready: (bootMs) => {
      timings.firstRunnable ??= performance.now();
      timings.workerBootMs ??= bootMs;
      if (body.dataset.kernel === "starting") body.dataset.kernel = "idle";
      if (!busy) setStatus("Ready");
    },
    mnistLoaded: () => (timings.mnistScriptLoaded ??= performance.now()),
    mnistReady: (ms) => {
      timings.mnistReady ??= performance.now();
      timings.mnistDecodeMs ??= ms;
      body.dataset.mnist = "ready";
    },
  },
  data.mnistScript,
);

let busy = 0;
let chain: Promise<unknown> = Promise.resolve();
/** Bumped by Interrupt and Reset: runs queued before them are dropped. */
let generation = 0;

function setBusy(delta: number): void {
  busy += delta;
  body.dataset.kernel = busy > 0 ? "busy" : "idle";
  if (busy === 0) setStatus("Idle");
}

/** Queues cells to run in order; stops at the first that fails (as Run All does in Jupyter). */
function enqueue(list: LiveCell[]): Promise<boolean> {
  const mine = generation;
  setBusy(1);
  const done = chain.then(async () => {
    for (const cell of list) {
      if (generation !== mine) return false;
      if (!(await runCell(cell))) return false;
    }
    return true;
  });
  chain = done.finally(() => setBusy(-1));
  return done;
}

async function runCell(cell: LiveCell): Promise<boolean> {
  cell.outputs.replaceChildren();
  cell.publishedOutputs?.setAttribute("hidden", "");
  cell.section.classList.add("running");
  setStatus(`Running cell ${cells.indexOf(cell) + 1} of ${cells.length}…`);
  const started = performance.now();
  const ok = await kernel.run(cell.id, cell.editor.state.doc.toString());
  cell.section.classList.remove("running");
  cell.section.dataset.runStatus = ok ? "ok" : "error";
  cell.section.dataset.runSeconds = ((performance.now() - started) / 1000).toFixed(2);
  return ok;
}

async function runAndAdvance(cell: LiveCell): Promise<void> {
  const next = cells[cells.indexOf(cell) + 1];
  next?.editor.focus();
  await enqueue([cell]);
}

function runAll(): Promise<boolean> {
  return enqueue(cells);
}

function interrupt(): void {
  generation++;
  const stopped = kernel.restart();
  const area = stopped ? byId.get(stopped)?.outputs : undefined;
  const message =
    "Interrupted: the page's kernel was replaced, so the notebook's state was reset — run the cells above again before this one.";
  if (area) showNote(area, message, "live-interrupted");
  setStatus(stopped ? message : "Nothing was running; the kernel was restarted (state reset).");
}

function resetPage(): void {
  generation++;
  kernel.restart();
  storage?.clear();
  for (const cell of cells) {
    cell.editor.dispatch({ changes: { from: 0, to: cell.editor.state.doc.length, insert: cell.published } });
    cell.outputs.replaceChildren();
    cell.publishedOutputs?.removeAttribute("hidden");
    delete cell.section.dataset.runStatus;
  }
  storage?.clear(); // the editors' dispatch above saved the published text; the page is back to the start
  setStatus("Page reset: the published source, and a fresh kernel.");
}

function downloadNotebook(): void {
  if (!notebook) return;
  const edited = {
    ...notebook,
    cells: notebook.cells.map((c) => {
      const cell = c.id ? byId.get(c.id) : undefined;
      if (c.cell_type !== "code") return c;
      const text = cell ? cell.editor.state.doc.toString() : Array.isArray(c.source) ? c.source.join("") : c.source;
      return { ...c, source: text.split(/(?<=\n)/), outputs: [], execution_count: null };
    }),
  };
  const link = document.createElement("a");
  link.href = URL.createObjectURL(
    new Blob([JSON.stringify(edited, null, 1) + "\n"], { type: "application/x-ipynb+json" }),
  );
  link.download = `${data.name}.ipynb`;
  document.body.appendChild(link);
  link.click();
  link.remove();
}

if (storage) setSaveState(storage.hasEdits() ? "Saved in this browser" : "No edits yet");
