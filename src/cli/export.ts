/**
 * `nndl export [--out DIR] [--student DIR] [--notebooks DIR] [--executed DIR]`: the course as a
 * static site (opens from disk, no network) and a student edition. See src/tools/export/site.ts.
 */
import { pathToFileURL } from "node:url";
import * as path from "node:path";
import { formatBytes } from "../tools/export/page";
import { exportCourse, type ExportReport } from "../tools/export/site";
import { parseFlags, stringValue, usage, type FlagTable } from "./args";

const flags: FlagTable = {
  out: { type: "string", value: "DIR", description: "where to write the site", default: "site" },
  student: { type: "string", value: "DIR", description: "where to write the student edition", default: "student" },
  notebooks: { type: "string", value: "DIR", description: "the source notebooks", default: "notebooks" },
  executed: { type: "string", value: "DIR", description: "the runner's executed copies", default: "build/executed" },
  static: {
    type: "boolean",
    description: "pages to read only: no editors, no code running in the browser, no bundled MNIST",
  },
};

const NOTES = `Pages use the executed copies that \`nndl verify\` writes; a notebook not executed yet is exported
without outputs, with a warning. The student edition replaces code between // BEGIN SOLUTION and
// END SOLUTION with a // YOUR CODE HERE stub. It comes with a README for students, and the site
offers it as one zip (nndl-student.zip, linked from the index) and notebook by notebook.
Every page is a live notebook (unless --static): its code cells are editors that run in the
browser, in a worker with the library and full MNIST, from disk or any static host; each student
notebook gets a live page too (student-NN-….html) that keeps the learner's edits in the browser.`;

/** Prints the warnings and where the result is; shared with `nndl start`. */
export function printExportReport(report: ExportReport, studentDir: string): void {
  for (const warning of report.warnings) console.error(`warning: ${warning}`);
  const figures = report.pages.reduce((n, p) => n + p.figures, 0);
  console.log(
    `exported ${report.pages.length} pages (${figures} figures, ${formatBytes(report.siteBytes)} with assets) in ${report.seconds.toFixed(1)} s`,
  );
  const relative = path.relative(process.cwd(), report.studentZip.file);
  const zip = relative.startsWith("..") || path.isAbsolute(relative) ? report.studentZip.file : relative;
  console.log(
    `student edition: ${studentDir}/, and as one file to hand out: ${zip} (${formatBytes(report.studentZip.bytes)}, linked from the site's index)`,
  );
  console.log(`open ${pathToFileURL(report.index).href}`);
}

export async function run(args: string[]): Promise<number> {
  const { values } = parseFlags("nndl export", args, flags);
  if (values.help) {
    console.log(usage("nndl export [--out DIR] [--student DIR] [--notebooks DIR] [--executed DIR]", flags, NOTES));
    return 0;
  }
  const studentDir = stringValue(values, "student", "student");
  const report = exportCourse({
    outDir: stringValue(values, "out", "site"),
    studentDir,
    notebooksDir: stringValue(values, "notebooks", "notebooks"),
    executedDir: stringValue(values, "executed", "build/executed"),
    live: values.static !== true,
  });
  printExportReport(report, studentDir);
  return 0;
}
