/**
 * Progress on stderr. On a terminal, a line redrawn in place: the training bar
 * `epoch 3/30 [██████░░░░░░] 52% 26,000/50,000 · 81k img/s · 0.3 s left` (ProgressBar). In a log
 * (CI, `npm start | tee`) nothing can be redrawn, so the bar stays silent and a running notebook
 * prints a plain heartbeat line now and then instead (NotebookHeartbeat).
 */
import * as path from "node:path";
import type { ProgressEvent } from "../tools/runner/report";

/**
 * The training bar: drawn only when the stream is a terminal (a pipe or a log file gets nothing, so
 * --json output and CI logs stay clean), redrawn at most ~12 times a second, and erased before other output.
 */
export class ProgressBar {
  private readonly enabled: boolean;
  private lastDraw = 0;
  private start = 0;
  private drawn = false;

  constructor(
    private readonly stream: NodeJS.WriteStream = process.stderr,
    private readonly width = 30,
  ) {
    this.enabled = Boolean(stream.isTTY);
  }

  /** Starts timing a new bar (images/s and time left are measured from here). */
  begin(): void {
    this.start = performance.now();
    this.lastDraw = 0;
  }

  update(label: string, done: number, total: number): void {
    if (!this.enabled) return;
    const now = performance.now();
    if (done < total && now - this.lastDraw < 80) return; // repainting costs more than it tells
    this.lastDraw = now;
    this.stream.write(`\r${render(label, done, total, (now - this.start) / 1000, this.width)}\x1b[K`);
    this.drawn = true;
  }

  /** Replaces the bar with a short status line, e.g. while the epoch's accuracy is measured. */
  note(text: string): void {
    if (!this.enabled) return;
    this.stream.write(`\r${text}\x1b[K`);
    this.drawn = true;
  }

  /** Erases the bar so the next line of output starts clean. */
  clear(): void {
    if (!this.enabled || !this.drawn) return;
    this.stream.write("\r\x1b[K");
    this.drawn = false;
  }
}

/** The bar's text (exported for tests: the drawing is plain string work). */
export function render(label: string, done: number, total: number, seconds: number, width = 30): string {
  const fraction = total > 0 ? Math.min(1, done / total) : 1;
  const filled = Math.round(fraction * width);
  const bar = "█".repeat(filled) + "░".repeat(width - filled);
  const rate = seconds > 0 ? done / seconds : 0;
  const left = rate > 0 ? (total - done) / rate : NaN;
  const parts = [
    `${label} [${bar}] ${String(Math.floor(fraction * 100)).padStart(3)}%`,
    `${done.toLocaleString("en-US")}/${total.toLocaleString("en-US")}`,
  ];
  if (rate > 0) parts.push(`${formatRate(rate)} img/s`, `${left.toFixed(1)} s left`);
  return parts.join(" · ");
}

function formatRate(rate: number): string {
  return rate >= 1000 ? `${Math.round(rate / 1000)}k` : String(Math.round(rate));
}

export interface HeartbeatOptions {
  /** Seconds without a line before the heartbeat prints one (default 15). */
  everySeconds?: number;
  /** The clock, in seconds (tests pass a fake one). */
  now?: () => number;
  /** Calls `tick` periodically until the returned function is called (default: every second, unref'd). */
  schedule?: (tick: () => void) => () => void;
}

/**
 * Progress for a log, where a redrawn line is impossible: without it a notebook whose cell trains
 * for two minutes prints nothing and looks hung. While a notebook runs, a plain line (no carriage
 * return, no escape codes) `  07-regularization: cell 14/40, 95 s` whenever nothing was printed for
 * `everySeconds`; a short notebook prints none. Feed it the runner's events with `observe` and call
 * `printed` when the caller writes a line of its own, so the heartbeat only fills silences.
 */
export class NotebookHeartbeat {
  private readonly everySeconds: number;
  private readonly now: () => number;
  private readonly schedule: (tick: () => void) => () => void;
  private running: { name: string; cells: number; cell: number; started: number } | null = null;
  private lastLine = 0;
  private stopTimer: (() => void) | null = null;

  constructor(
    private readonly write: (line: string) => void,
    options: HeartbeatOptions = {},
  ) {
    this.everySeconds = options.everySeconds ?? 15;
    this.now = options.now ?? (() => performance.now() / 1000);
    this.schedule = options.schedule ?? everySecond;
  }

  observe(event: ProgressEvent): void {
    switch (event.type) {
      case "notebook-start":
        this.running = { name: path.basename(event.path, ".ipynb"), cells: event.cells, cell: 0, started: this.now() };
        this.lastLine = this.running.started; // the caller's own notebook line, or silence, starts the wait
        this.stopTimer ??= this.schedule(() => this.tick());
        return;
      case "cell-start":
        if (this.running) this.running.cell = event.cell;
        return this.tick();
      case "notebook-end":
        this.running = null;
        this.stopTimer?.();
        this.stopTimer = null;
        return;
    }
  }

  /** The caller wrote a line: the next heartbeat waits a full interval from now. */
  printed(): void {
    this.lastLine = this.now();
  }

  /** Prints the heartbeat if a notebook is running and nothing was printed for `everySeconds`. */
  tick(): void {
    if (!this.running) return;
    const now = this.now();
    if (now - this.lastLine < this.everySeconds) return;
    this.lastLine = now;
    const { name, cell, cells, started } = this.running;
    this.write(heartbeatLine(name, cell, cells, now - started));
  }
}

/** The heartbeat for `stream` writing whole lines, or null on a terminal (where the caller redraws a line instead). */
export function heartbeatFor(stream: NodeJS.WriteStream, options: HeartbeatOptions = {}): NotebookHeartbeat | null {
  return stream.isTTY ? null : new NotebookHeartbeat((line) => stream.write(`${line}\n`), options);
}

/** `  07-regularization: cell 14/40, 95 s` (cell 0: the kernel is still starting). */
export function heartbeatLine(name: string, cell: number, cells: number, seconds: number): string {
  const where = cell === 0 ? "starting the kernel" : `cell ${cell}/${cells}`;
  return `  ${name}: ${where}, ${Math.round(seconds)} s`;
}

function everySecond(tick: () => void): () => void {
  const timer = setInterval(tick, 1000);
  timer.unref(); // a forgotten heartbeat must never keep the process alive
  return () => clearInterval(timer);
}
