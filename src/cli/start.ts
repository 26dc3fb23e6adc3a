/**
 * `npm start` = `nndl start` after the build: the whole course, end to end.
 *   1. register the project's tslab kernelspec (build/jupyter, never the user's home);
 *   2. run every notebook top to bottom in a real kernel (the runner shows progress and writes
 *      executed copies to build/executed/);
 *   3. print a summary table (notebook, cells, checks passed/failed, seconds);
 *   4. export the site and the student edition — also when a notebook failed, so its page shows why;
 *   5. exit 1 if any notebook failed, and say where to open the result.
 */
import * as path from "node:path";
import { KERNEL_NAME, registerKernel } from "../tools/kernel/kernelspec";
import { exportCourse, listNotebooks } from "../tools/export/site";
import { summaryTable, type RunReport } from "../tools/export/summary";
import { integerFlag, parseFlags, stringValue, usage, type FlagTable } from "./args";
import { printExportReport } from "./export";

const flags: FlagTable = {
  notebooks: { type: "string", value: "DIR", description: "the source notebooks", default: "notebooks" },
  out: { type: "string", value: "DIR", description: "where to write the site", default: "site" },
  student: { type: "string", value: "DIR", description: "where to write the student edition", default: "student" },
  timeout: { type: "string", value: "SECONDS", description: "per-cell time limit, passed to the runner" },
};

const EXECUTED_DIR = "build/executed";

/** The runner's library entry point (src/tools/runner, owned by the toolchain), as documented. */
type RunNotebooks = (paths: string[], options?: { timeoutSeconds?: number }) => Promise<RunReport>;

function loadRunner(): RunNotebooks {
  try {
    return (require("../tools/runner") as { runNotebooks: RunNotebooks }).runNotebooks;
  } catch (err) {
    throw new Error(`the notebook runner (dist/tools/runner) is not available: ${(err as Error).message}`);
  }
}

export async function run(args: string[]): Promise<number> {
  const { values } = parseFlags("nndl start", args, flags);
  if (values.help) {
    console.log(usage("nndl start [--notebooks DIR] [--out DIR] [--student DIR] [--timeout SECONDS]", flags,
      "Runs every notebook, prints a summary, exports the site and the student edition; exit code 1 if a notebook failed."));
    return 0;
  }
  const notebooksDir = stringValue(values, "notebooks", "notebooks");
  const studentDir = stringValue(values, "student", "student");
  const timeout = stringValue(values, "timeout");
  const timeoutSeconds = timeout === undefined ? undefined : integerFlag("timeout", timeout, 1);
  const notebooks = listNotebooks(notebooksDir);

  console.log(`kernel ${KERNEL_NAME} registered in ${registerKernel()} (Jupyter finds it through JUPYTER_PATH)`);
  console.log(`running ${notebooks.length} notebooks…`);
  const report = await loadRunner()(notebooks, timeoutSeconds === undefined ? {} : { timeoutSeconds });
  console.log(`\n${summaryTable(report)}\n`);

  const exported = exportCourse({ notebooksDir, executedDir: EXECUTED_DIR, outDir: stringValue(values, "out", "site"), studentDir });
  printExportReport(exported, studentDir);

  if (!report.ok) {
    const failed = report.notebooks.filter((n) => !n.ok).map((n) => path.basename(n.path));
    console.error(`\nnot everything passed: ${failed.join(", ") || "the runner reported a failure"} (their pages show the errors)`);
    return 1;
  }
  return 0;
}
