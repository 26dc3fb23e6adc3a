/**
 * runNotebooks(paths, options): the runner as a library (used by `nndl verify` and `npm start`).
 * Notebooks run one after another, each in its own fresh kernel; one that fails or kills its kernel
 * is reported and the run moves on.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { InputError } from "../../errors";
import { projectRoot } from "../../project-root";
import { checkOutputFolder } from "../output-folder";
import type { RunOptions, RunReport } from "./report";
import { runNotebook } from "./run-notebook";

export type { CheckRecord, CellError, NotebookReport, ProgressEvent, RunOptions, RunReport } from "./report";

/** Every notebooks/*.ipynb of the project, sorted by name. */
export function defaultNotebooks(root = projectRoot()): string[] {
  const dir = path.join(root, "notebooks");
  if (!fs.existsSync(dir)) return [];
  // Hidden files (".scratch.ipynb", checkpoints) are not part of the course, as Jupyter hides them too.
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".ipynb") && !f.startsWith("."))
    .sort()
    .map((f) => path.join(dir, f));
}

/** Node clamps a longer setTimeout delay to 1 ms, which would make every cell "time out" at once. */
export const MAX_TIMEOUT_SECONDS = 2_147_483;

/**
 * Executed copies are named after their notebooks, so the out folder must not hold a source notebook
 * (its copy would replace it) and no two notebooks may share a file name (one copy would replace the other).
 */
function checkOutDir(paths: string[], outDir: string): void {
  const byName = new Map<string, string>();
  for (const file of paths) {
    const resolved = path.resolve(file);
    if (path.dirname(resolved) === outDir) {
      throw new InputError(
        `--out ${outDir} is the folder of ${file}: its executed copy would overwrite the notebook; choose another folder (default build/executed)`,
      );
    }
    const name = path.basename(resolved);
    const other = byName.get(name);
    if (other && other !== resolved)
      throw new InputError(
        `${other} and ${file} have the same file name, so their executed copies would overwrite each other; rename one or run them separately`,
      );
    byName.set(name, resolved);
  }
}

export async function runNotebooks(paths: string[], options: RunOptions = {}): Promise<RunReport> {
  for (const file of paths) {
    if (!fs.existsSync(file) || !fs.statSync(file).isFile())
      throw new InputError(
        `notebook ${JSON.stringify(file)} not found; give paths to .ipynb files (default: every notebooks/*.ipynb)`,
      );
  }
  if (options.timeout !== undefined && !(options.timeout > 0 && options.timeout <= MAX_TIMEOUT_SECONDS)) {
    throw new InputError(
      `timeout ${options.timeout} is not valid; use a number of seconds > 0 and at most ${MAX_TIMEOUT_SECONDS} (24.8 days, the longest timer Node can set)`,
    );
  }
  const outDir = path.resolve(options.outDir ?? path.join(projectRoot(), "build", "executed"));
  checkOutDir(paths, outDir);
  checkOutputFolder("--out", outDir);
  const started = Date.now();
  const notebooks = [];
  for (const [index, file] of paths.entries())
    notebooks.push(await runNotebook(file, outDir, options, index, paths.length));
  return { ok: notebooks.every((n) => n.ok), seconds: (Date.now() - started) / 1000, notebooks };
}
