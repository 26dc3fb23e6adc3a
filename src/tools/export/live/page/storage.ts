/**
 * A student page's edits, kept in the browser's localStorage per notebook (one JSON object of
 * cell id → source), saved a moment after each change; "Reset page" clears them.
 */
export class StudentStorage {
  private readonly key: string;
  private edits: Record<string, string>;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    name: string,
    private readonly onState: (state: string) => void,
  ) {
    this.key = `nndl-student:${name}`;
    this.edits = this.read();
  }

  private read(): Record<string, string> {
    try {
      return JSON.parse(localStorage.getItem(this.key) ?? "{}") as Record<string, string>;
    } catch {
      return {};
    }
  }

  source(cellId: string): string | undefined {
    return this.edits[cellId];
  }

  hasEdits(): boolean {
    return Object.keys(this.edits).length > 0;
  }

  save(cellId: string, source: string): void {
    this.edits[cellId] = source;
    this.onState("Saving…");
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      try {
        localStorage.setItem(this.key, JSON.stringify(this.edits));
        this.onState("Saved in this browser");
      } catch (error) {
        this.onState(`Not saved: ${(error as Error).message}`);
      }
    }, 300);
  }

  clear(): void {
    clearTimeout(this.timer);
    this.edits = {};
    localStorage.removeItem(this.key);
    this.onState("No edits yet");
  }
}
