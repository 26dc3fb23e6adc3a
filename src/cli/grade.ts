/**
 * `nndl grade SUBMISSIONS [--json] [--out DIR] [--timeout S] [--notebooks DIR]`: marks a class.
 * SUBMISSIONS holds one folder or .zip per student with any of the course notebooks (only the
 * notebooks someone handed in are graded). Writes grades.csv and gradebook.html to --out; prints a
 * summary (or, with --json, one JSON object) on stdout.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { InputError } from "../errors";
import { installSignalCleanup } from "../tools/kernel/client";
import { checkOutputFolder } from "../tools/output-folder";
import { gradeClass } from "../tools/grade/grade-class";
import { gradebookCsv, gradebookHtml, gradebookJson } from "../tools/grade/gradebook";
import { MAX_TIMEOUT_SECONDS } from "../tools/runner/run-notebooks";
import { numberFlag, parseFlags, stringValue, usage, type FlagTable } from "./args";

const flags: FlagTable = {
  json: {
    type: "boolean",
    description: "print one JSON object ({ students: [{ name, passed, total, items }] }) on stdout",
  },
  out: { type: "string", value: "DIR", description: "where grades.csv and gradebook.html go", default: "grades" },
  timeout: {
    type: "string",
    value: "SECONDS",
    description: "limit per cell; a cell over it is skipped and costs only what depends on it",
    default: "600",
  },
  notebooks: {
    type: "string",
    value: "DIR",
    description: "the course: its notebooks and exercises.json",
    default: "notebooks",
  },
};

const NOTES = `Each student's notebook runs as the course's notebook with only the student's answers spliced
in: the code inside each solution region, matched by cell id (by order where ids are missing).
Every other cell — the given code and the checks — is the course's. SUBMISSIONS holds a folder or a
.zip per student, named after the student. Only the notebooks that some student handed in are
graded (their items make the total). Submissions are never written.`;

export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseFlags("nndl grade", args, flags, 1);
  if (values.help) {
    console.log(
      usage("nndl grade SUBMISSIONS [--json] [--out DIR] [--timeout SECONDS] [--notebooks DIR]", flags, NOTES),
    );
    return 0;
  }
  if (positionals.length === 0)
    throw new InputError(
      "nndl grade needs the submissions folder: nndl grade SUBMISSIONS (one folder or .zip per student inside)",
    );
  const submissions = path.resolve(positionals[0]);
  const outDir = path.resolve(stringValue(values, "out", "grades"));
  if (outDir === submissions || outDir.startsWith(submissions + path.sep)) {
    throw new InputError(
      `--out ${outDir} is inside the submissions folder; grades go elsewhere so submissions are never written`,
    );
  }
  checkOutputFolder("--out", outDir);
  const timeout = numberFlag(
    "timeout",
    stringValue(values, "timeout", "600"),
    (n) => n > 0 && n <= MAX_TIMEOUT_SECONDS,
    `use a number of seconds > 0 and at most ${MAX_TIMEOUT_SECONDS}`,
  );
  installSignalCleanup();
  const report = await gradeClass(submissions, {
    notebooksDir: path.resolve(stringValue(values, "notebooks", "notebooks")),
    timeout,
    onProgress: (line) => process.stderr.write(`${line}\n`),
  });
  for (const problem of report.referenceProblems) console.error(`warning: ${problem}`);
  fs.mkdirSync(outDir, { recursive: true });
  fs.writeFileSync(path.join(outDir, "grades.csv"), gradebookCsv(report.items, report.students));
  fs.writeFileSync(
    path.join(outDir, "gradebook.html"),
    gradebookHtml(report.items, report.students, `Gradebook: ${path.basename(submissions)}`),
  );
  if (values.json) {
    console.log(JSON.stringify(gradebookJson(report.students), null, 2));
  } else {
    const width = Math.max(7, ...report.students.map((s) => s.name.length));
    for (const s of report.students)
      console.log(`${s.name.padEnd(width)}  ${String(s.passed).padStart(2)}/${s.total}  ${s.seconds.toFixed(1)} s`);
    console.log(
      `graded ${report.students.length} students in ${report.seconds.toFixed(1)} s; ${path.join(outDir, "grades.csv")}, ${pathToFileURL(path.join(outDir, "gradebook.html")).href}`,
    );
  }
  return 0;
}
