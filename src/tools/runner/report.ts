/** What the runner reports: the `nndl verify --json` object and the progress events of a run. */

export interface CheckRecord {
  id: string;
  name: string;
  ok: boolean;
  actual?: unknown;
  expected?: unknown;
  tolerance?: unknown;
  /** Index of the cell (in the notebook's `cells`, 0-based) that ran the check. */
  cell: number;
  [more: string]: unknown;
}

export interface CellError {
  /** Index of the failing cell in the notebook's `cells` (0-based; markdown cells count). */
  cell: number;
  cellId?: string;
  /** The same cell counted among code cells only, 1-based (as progress shows "cell 4/12"). */
  codeCell: number;
  /** The thrown error's class, "TypeScriptError", "Timeout", "KernelDied", "Aborted" or "InvalidNotebook". */
  ename: string;
  evalue: string;
}

export interface NotebookReport {
  path: string;
  ok: boolean;
  seconds: number;
  /** Code cells in the notebook, and how many of them ran. */
  cells: number;
  executed: number;
  checks: CheckRecord[];
  error: CellError | null;
  /** The executed copy (outputs filled in), when one was written. */
  executedPath: string | null;
  kernelStartSeconds: number | null;
}

export interface RunReport {
  ok: boolean;
  seconds: number;
  notebooks: NotebookReport[];
}

export type ProgressEvent =
  | { type: "notebook-start"; path: string; index: number; total: number; cells: number }
  | { type: "cell-start"; path: string; cell: number; cells: number; elapsed: number }
  | { type: "cell-end"; path: string; cell: number; cells: number; elapsed: number; status: string; seconds: number }
  | { type: "notebook-end"; path: string; index: number; total: number; report: NotebookReport };

export interface RunOptions {
  /** Per-cell limit in seconds (default 600). The kernel is killed and the notebook reported when it is hit. */
  timeout?: number;
  /** Where executed copies go (default <project>/build/executed). */
  outDir?: string;
  /** Called as the run goes (notebook started, cell i/n started/finished, notebook finished). */
  onProgress?: (event: ProgressEvent) => void;
}
