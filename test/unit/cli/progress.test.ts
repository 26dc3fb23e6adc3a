/**
 * Notebook progress in a log (no terminal): a long notebook prints a plain heartbeat line at most
 * every 15 s, naming cell i/n and the seconds so far, and nothing that only a terminal understands.
 * Time is a fake clock advanced one second at a time, the way the real timer ticks.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { heartbeatLine, NotebookHeartbeat, type HeartbeatOptions } from "../../../src/cli/progress";
import { progressDisplay } from "../../../src/cli/start";
import { progressPrinter } from "../../../src/cli/verify";
import type { NotebookReport, ProgressEvent } from "../../../src/tools/runner/report";

const PATH = "/course/notebooks/07-regularization.ipynb";

/** A fake clock and timer: `advance(to)` moves time a second at a time, ticking like setInterval(…, 1000). */
function fakeTime() {
  const clock = { t: 0, ticker: null as (() => void) | null, stops: 0 };
  const options: HeartbeatOptions = {
    now: () => clock.t,
    schedule: (tick) => {
      clock.ticker = tick;
      return () => {
        clock.ticker = null;
        clock.stops++;
      };
    },
  };
  const advance = (to: number) => {
    while (clock.t < to) {
      clock.t += 1;
      clock.ticker?.();
    }
  };
  return { clock, options, advance };
}

function fakeStream(isTTY: boolean): { stream: NodeJS.WriteStream; text: () => string } {
  const chunks: string[] = [];
  const stream = {
    isTTY,
    write: (s: string) => {
      chunks.push(s);
      return true;
    },
  } as unknown as NodeJS.WriteStream;
  return { stream, text: () => chunks.join("") };
}

const start = (cells: number): ProgressEvent => ({ type: "notebook-start", path: PATH, index: 6, total: 9, cells });
const cellStart = (cell: number, cells: number, elapsed: number): ProgressEvent => ({
  type: "cell-start",
  path: PATH,
  cell,
  cells,
  elapsed,
});
const cellEnd = (cell: number, cells: number, elapsed: number): ProgressEvent => ({
  type: "cell-end",
  path: PATH,
  cell,
  cells,
  elapsed,
  status: "ok",
  seconds: 1,
});
function end(seconds: number, cells: number): ProgressEvent {
  const report: NotebookReport = {
    path: PATH,
    ok: true,
    seconds,
    cells,
    executed: cells,
    checks: [],
    error: null,
    executedPath: null,
    kernelStartSeconds: 1,
  };
  return { type: "notebook-end", path: PATH, index: 6, total: 9, report };
}

/** A 40-cell notebook: cells 1–13 take 1 s each, cell 14 trains for 60 s, the rest take 1 s. */
function longNotebook(onEvent: (e: ProgressEvent) => void, advance: (to: number) => void): void {
  onEvent(start(40));
  advance(2); // the kernel starts
  let t = 2;
  for (let cell = 1; cell <= 40; cell++) {
    onEvent(cellStart(cell, 40, t));
    t += cell === 14 ? 60 : 1;
    advance(t);
    onEvent(cellEnd(cell, 40, t));
  }
  onEvent(end(t, 40));
}

test("heartbeatLine names the notebook, cell i/n and whole seconds", () => {
  assert.equal(heartbeatLine("07-regularization", 14, 40, 95.4), "  07-regularization: cell 14/40, 95 s");
  assert.equal(heartbeatLine("07-regularization", 0, 40, 15), "  07-regularization: starting the kernel, 15 s");
});

test("a long cell gets a line every 15 s, none in between, none after the notebook ends", () => {
  const { clock, options, advance } = fakeTime();
  const lines: string[] = [];
  const beat = new NotebookHeartbeat((line) => lines.push(`${clock.t}|${line}`), options);
  longNotebook((e) => beat.observe(e), advance);
  advance(200);
  // Cells 1–13 run from 2 s to 15 s, cell 14 from 15 s to 75 s, cells 15–40 from 75 s to 101 s.
  assert.deepEqual(lines, [
    "15|  07-regularization: cell 13/40, 15 s",
    "30|  07-regularization: cell 14/40, 30 s",
    "45|  07-regularization: cell 14/40, 45 s",
    "60|  07-regularization: cell 14/40, 60 s",
    "75|  07-regularization: cell 14/40, 75 s",
    "90|  07-regularization: cell 29/40, 90 s",
  ]);
  assert.equal(clock.ticker, null, "the timer stops when the notebook ends");
  assert.equal(clock.stops, 1);
});

test("a notebook shorter than the interval prints nothing; a slow kernel start is reported", () => {
  const { options, advance } = fakeTime();
  const lines: string[] = [];
  const beat = new NotebookHeartbeat((line) => lines.push(line), options);
  beat.observe(start(3));
  for (let cell = 1; cell <= 3; cell++) {
    beat.observe(cellStart(cell, 3, cell));
    advance(cell + 1);
  }
  beat.observe(end(4, 3));
  assert.deepEqual(lines, []);
  beat.observe(start(3));
  advance(20);
  assert.deepEqual(lines, ["  07-regularization: starting the kernel, 15 s"]);
});

test("printed() restarts the wait: the heartbeat only fills silences", () => {
  const { options, advance } = fakeTime();
  const lines: string[] = [];
  const beat = new NotebookHeartbeat((line) => lines.push(line), options);
  beat.observe(start(2));
  beat.observe(cellStart(1, 2, 0));
  advance(10);
  beat.printed();
  advance(24);
  assert.deepEqual(lines, []);
  advance(25);
  assert.deepEqual(lines, ["  07-regularization: cell 1/2, 25 s"]);
});

test("npm start in a log: heartbeat lines during the long cell, plain text only, then the notebook's line", () => {
  const { options, advance } = fakeTime();
  const { stream, text } = fakeStream(false);
  longNotebook(progressDisplay(stream, options), advance);
  const out = text();
  assert.doesNotMatch(out, /[\r\x1b]/);
  const lines = out.trimEnd().split("\n");
  assert.equal(lines.length, 7);
  assert.deepEqual(
    lines.slice(0, 6),
    ["13/40, 15", "14/40, 30", "14/40, 45", "14/40, 60", "14/40, 75", "29/40, 90"].map(
      (s) => `  07-regularization: cell ${s} s`,
    ),
  );
  assert.equal(lines[6], "[7/9] 07-regularization.ipynb  ✓ · 40/40 cells · 0/0 checks · 101.0 s");
});

test("npm start on a terminal keeps redrawing one line and prints no heartbeat", () => {
  const { options, advance } = fakeTime();
  const { stream, text } = fakeStream(true);
  longNotebook(progressDisplay(stream, options), advance);
  assert.match(text(), /\r\[7\/9\] 07-regularization\.ipynb {2}cell 14\/40 · 15\.0 s\x1b\[K/);
  assert.doesNotMatch(text(), /07-regularization: cell/);
  assert.equal(text().split("\n").length, 2); // the final line and nothing after it
});

test("nndl verify in a log: one line per cell, and a heartbeat only while a cell is silent for 15 s", () => {
  const { options, advance } = fakeTime();
  const { stream, text } = fakeStream(false);
  longNotebook(progressPrinter(stream, options), advance);
  const out = text();
  assert.doesNotMatch(out, /[\r\x1b]/);
  const beats = out.split("\n").filter((l) => l.startsWith("  07-regularization: "));
  // cell 14 starts at 15 s and ends at 75 s; cell 13's line came at 15 s, so beats at 30, 45, 60 and 75.
  assert.deepEqual(
    beats,
    [30, 45, 60, 75].map((s) => `  07-regularization: cell 14/40, ${s} s`),
  );
  assert.match(out, /\n {2}cell 14\/40 ok 1\.0 s \(75\.0 s\)\n/);
});
