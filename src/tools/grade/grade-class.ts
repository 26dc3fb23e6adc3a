/**
 * `nndl grade`'s work: mark every student's submitted notebooks against the course. The course's
 * own notebooks run first as the reference (which checks each item has); then, for each student
 * (a folder or a .zip, ./submissions.ts), each submitted notebook runs as the instructor's notebook
 * with that student's answers spliced in (./splice.ts), in a fresh kernel. Submissions are only read.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { InputError } from "../../errors";
import { readNotebook } from "../nbformat";
import { markStudent, requiredChecks, type Item, type StudentMarks } from "./gradebook";
import { runGraded, type GradedRun, type StartKernel } from "./run-graded";
import { planSkips } from "./grading-skips";
import { gradedCells } from "./splice";
import { readSubmissions, type Submission } from "./submissions";

export interface GradeOptions {
  /** The course: its notebooks and exercises.json. */
  notebooksDir: string;
  /** Per-cell limit in seconds. */
  timeout: number;
  onProgress?: (line: string) => void;
  /** How each run's kernel starts (default: a tslab kernel in the course folder). */
  startKernel?: StartKernel;
}

export interface GradeReport {
  items: Item[];
  students: StudentMarks[];
  /** Items whose reference run has no passing check (a broken course, not a student's fault). */
  referenceProblems: string[];
  seconds: number;
}

export async function gradeClass(submissionsDir: string, options: GradeOptions): Promise<GradeReport> {
  const started = Date.now();
  const courseItems = readItems(options.notebooksDir);
  checkImportsLibrary(options.notebooksDir);
  const courseNotebooks = [...new Set(courseItems.map((i) => i.notebook))];
  const { submissions, cleanup } = readSubmissions(submissionsDir, courseNotebooks);
  try {
    // Only the notebooks someone handed in are graded (an assignment is often one or two of them):
    // the others' reference runs would cost minutes and their items would be zero for everyone.
    const notebooks = courseNotebooks.filter((name) => submissions.some((s) => s.notebooks.has(name)));
    if (notebooks.length === 0)
      throw new InputError(
        `no student folder or .zip in ${submissionsDir} holds a course notebook (${courseNotebooks.join(", ")}); ` +
          `each student's should hold their copies, under the same file names`,
      );
    if (notebooks.length < courseNotebooks.length)
      options.onProgress?.(
        `grading the ${notebooks.length} of ${courseNotebooks.length} notebooks that students handed in: ${notebooks.join(", ")}`,
      );
    const items = courseItems.filter((i) => notebooks.includes(i.notebook));
    return await gradeNotebooks(submissions, items, notebooks, options, started);
  } finally {
    cleanup();
  }
}

/** Runs the reference of each notebook in `notebooks`, then every submission of them. */
async function gradeNotebooks(
  submissions: Submission[],
  items: Item[],
  notebooks: string[],
  options: GradeOptions,
  started: number,
): Promise<GradeReport> {
  const say = options.onProgress ?? (() => {});
  const skips = new Map<string, Set<number>>();
  const reference = new Map<string, GradedRun>();
  for (const name of notebooks) {
    const file = path.join(options.notebooksDir, name);
    const plan = planSkips(
      readNotebook(file),
      items.filter((i) => i.notebook === name).map((i) => i.prefix),
    );
    skips.set(name, plan.skip);
    for (const kept of plan.kept)
      say(
        `${name}: cell ${kept.index + 1} (id "${kept.id}") is tagged "not-needed-for-grading" but runs: ${kept.reason}`,
      );
    say(`reference: ${name}${plan.skip.size ? ` (${plan.skip.size} cells not needed for grading skipped)` : ""}`);
    reference.set(
      name,
      await runGraded(
        gradedCells(readNotebook(file), null, file, plan.skip),
        options.notebooksDir,
        options.timeout,
        options.startKernel,
      ),
    );
  }
  const required = requiredChecks(items, reference);
  const referenceProblems = items
    .filter((i) => (required.get(i.number) ?? []).length === 0)
    .map((i) => `item ${i.number} (${i.prefix} in ${i.notebook}) has no passing check in the course's own run`);

  const marks: StudentMarks[] = [];
  for (const [s, { student, notebooks: submitted, problem }] of submissions.entries()) {
    const studentStarted = Date.now();
    const runs = new Map<string, GradedRun | string>();
    if (problem) say(`[${s + 1}/${submissions.length}] ${student}: ${problem}`);
    for (const name of notebooks) {
      if (problem) runs.set(name, problem);
      const file = submitted.get(name);
      if (!file) continue;
      say(`[${s + 1}/${submissions.length}] ${student}: ${name}`);
      runs.set(name, await gradeSubmission(file, path.join(options.notebooksDir, name), skips.get(name)!, options));
    }
    const result = markStudent(student, items, required, runs, (Date.now() - studentStarted) / 1000);
    say(
      `[${s + 1}/${submissions.length}] ${student}: ${result.passed}/${result.total} items, ${result.seconds.toFixed(1)} s`,
    );
    marks.push(result);
  }
  return { items, students: marks, referenceProblems, seconds: (Date.now() - started) / 1000 };
}

async function gradeSubmission(
  file: string,
  instructorFile: string,
  skip: Set<number>,
  options: GradeOptions,
): Promise<GradedRun | string> {
  let submission;
  try {
    submission = readNotebook(file, () => {});
  } catch (error) {
    return `could not be read: ${(error as Error).message}`;
  }
  const cells = gradedCells(readNotebook(instructorFile), submission, instructorFile, skip);
  try {
    return await runGraded(cells, options.notebooksDir, options.timeout, options.startKernel);
  } catch (error) {
    // One student's run that cannot go on (its kernel would not start, twice) costs that notebook's
    // items, with the reason, and the rest of the class is still graded.
    return `could not be graded: ${(error as Error).message.split("\n")[0]} (grade this student again)`;
  }
}

/**
 * The course's notebooks run with the course folder as their working directory and import "nndl",
 * which resolves only inside this project (its node_modules links to it). A folder elsewhere made
 * every check of the reference run fail; say so before any kernel starts.
 */
function checkImportsLibrary(notebooksDir: string): void {
  try {
    require.resolve("nndl", { paths: [path.resolve(notebooksDir)] });
  } catch {
    throw new InputError(
      `the course folder ${notebooksDir} is outside the nndl project, so its notebooks cannot import "nndl": ` +
        `keep the course inside the project (its notebooks/ folder is the default for --notebooks)`,
    );
  }
}

function readItems(notebooksDir: string): Item[] {
  const file = path.join(notebooksDir, "exercises.json");
  let json: { items?: Record<string, { notebook?: unknown; prefix?: unknown; title?: unknown }> };
  try {
    json = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (error) {
    throw new InputError(
      `${file} could not be read (${(error as Error).message}); --notebooks must be a course folder with its exercises.json`,
    );
  }
  const items = Object.entries(json.items ?? {}).map(([number, item]) => ({
    number,
    notebook: String(item.notebook),
    prefix: String(item.prefix),
    title: String(item.title ?? ""),
  }));
  if (items.length === 0) throw new InputError(`${file} lists no items`);
  for (const item of items) {
    if (!fs.existsSync(path.join(notebooksDir, item.notebook)))
      throw new InputError(`${file}: item ${item.number} names ${item.notebook}, which is not in ${notebooksDir}`);
  }
  return items;
}
