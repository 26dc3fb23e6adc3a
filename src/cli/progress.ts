/**
 * A one-line progress bar for the terminal: `epoch 3/30 [██████░░░░░░] 52% 26,000/50,000 · 81k img/s · 0.3 s left`.
 * Drawn only when the stream is a terminal (a pipe or a log file gets nothing, so --json output and
 * CI logs stay clean), redrawn at most ~12 times a second, and erased before other output.
 */
export class ProgressBar {
  private readonly enabled: boolean;
  private lastDraw = 0;
  private start = 0;
  private drawn = false;

  constructor(private readonly stream: NodeJS.WriteStream = process.stderr, private readonly width = 30) {
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
  const parts = [`${label} [${bar}] ${String(Math.floor(fraction * 100)).padStart(3)}%`,
    `${done.toLocaleString("en-US")}/${total.toLocaleString("en-US")}`];
  if (rate > 0) parts.push(`${formatRate(rate)} img/s`, `${left.toFixed(1)} s left`);
  return parts.join(" · ");
}

function formatRate(rate: number): string {
  return rate >= 1000 ? `${Math.round(rate / 1000)}k` : String(Math.round(rate));
}
