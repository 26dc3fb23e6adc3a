/**
 * runNotebooks(paths, options): the runner as a library (used by `nndl verify` and `npm start`).
 * Notebooks run one after another, each in its own fresh kernel; one that fails or kills its kernel
 * is reported and the run moves on.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { InputError } from "../../errors";
import { projectRoot } from "../kernel/kernelspec";
import type { RunOptions, RunReport } from "./report";
import { runNotebook } from "./run-notebook";

export type { CheckRecord, CellError, NotebookReport, ProgressEvent, RunOptions, RunReport } from "./report";

/** Every notebooks/*.ipynb of the project, sorted by name. */
export function defaultNotebooks(root = projectRoot()): string[] {
  const dir = path.join(root, "notebooks");
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir).filter((f) => f.endsWith(".ipynb")).sort().map((f) => path.join(dir, f));
}

export async function runNotebooks(paths: string[], options: RunOptions = {}): Promise<RunReport> {
  for (const file of paths) {
    if (!fs.existsSync(file) || !fs.statSync(file).isFile()) throw new InputError(`notebook ${JSON.stringify(file)} not found; give paths to .ipynb files (default: every notebooks/*.ipynb)`);
  }
  if (options.timeout !== undefined && !(options.timeout > 0)) throw new InputError(`timeout ${options.timeout} is not valid; use a number of seconds > 0`);
  const outDir = options.outDir ?? path.join(projectRoot(), "build", "executed");
  const started = Date.now();
  const notebooks = [];
  for (const [index, file] of paths.entries()) notebooks.push(await runNotebook(file, outDir, options, index, paths.length));
  return { ok: notebooks.every((n) => n.ok), seconds: (Date.now() - started) / 1000, notebooks };
}
