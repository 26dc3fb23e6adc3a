/**
 * Reading a notebook (nbformat 4) and writing its executed copy. Sources are only ever read: the
 * executed copy is a new file elsewhere (build/executed/ by default).
 */
import * as fs from "node:fs";
import * as path from "node:path";

export interface NotebookCell {
  cell_type: "code" | "markdown" | "raw";
  id?: string;
  source: string | string[];
  metadata: Record<string, unknown>;
  outputs?: NbOutput[];
  execution_count?: number | null;
}

export interface Notebook {
  nbformat: number;
  nbformat_minor: number;
  metadata: Record<string, unknown>;
  cells: NotebookCell[];
}

/** nbformat output objects, as Jupyter saves them. */
export type NbOutput =
  | { output_type: "stream"; name: "stdout" | "stderr"; text: string }
  | { output_type: "display_data"; data: Record<string, unknown>; metadata: Record<string, unknown> }
  | { output_type: "error"; ename: string; evalue: string; traceback: string[] };

/** Parses a notebook; throws an Error naming the file and what is wrong with it. */
export function readNotebook(file: string): Notebook {
  const text = fs.readFileSync(file, "utf8");
  let nb: Notebook;
  try {
    nb = JSON.parse(text) as Notebook;
  } catch (error) {
    throw new Error(`${file} is not valid JSON: ${(error as Error).message}`);
  }
  if (nb?.nbformat !== 4 || !Array.isArray(nb.cells)) throw new Error(`${file} is not an nbformat 4 notebook (nbformat ${nb?.nbformat})`);
  return nb;
}

export function cellSource(cell: NotebookCell): string {
  return Array.isArray(cell.source) ? cell.source.join("") : cell.source;
}

/** Writes `nb` atomically (tmp file, then rename) with Jupyter's own formatting (1-space indent). */
export function writeNotebook(file: string, nb: Notebook): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(nb, null, 1) + "\n");
  fs.renameSync(tmp, file);
}
