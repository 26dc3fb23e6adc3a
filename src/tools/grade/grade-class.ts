/**
 * `nndl grade`'s work: mark every student's submitted notebooks against the course. The course's
 * own notebooks run first as the reference (which checks each item has); then, for each student
 * folder, each submitted notebook runs as the instructor's notebook with that student's answers
 * spliced in (./splice.ts), in a fresh kernel. Submissions are only read.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { InputError } from "../../errors";
import { readNotebook } from "../nbformat";
import { markStudent, requiredChecks, type Item, type StudentMarks } from "./gradebook";
import { runGraded, type GradedRun } from "./run-graded";
import { planSkips } from "./grading-skips";
import { gradedCells } from "./splice";

export interface GradeOptions {
  /** The course: its notebooks and exercises.json. */
  notebooksDir: string;
  /** Per-cell limit in seconds. */
  timeout: number;
  onProgress?: (line: string) => void;
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
  const students = studentFolders(submissionsDir);
  const say = options.onProgress ?? (() => {});
  const submitted = new Map(
    students.map((student) => [student, findSubmissions(path.join(submissionsDir, student), courseNotebooks)]),
  );
  // Only the notebooks someone handed in are graded (an assignment is often one or two of them):
  // the others' reference runs would cost minutes and their items would be zero for everyone.
  const notebooks = courseNotebooks.filter((name) => [...submitted.values()].some((found) => found.has(name)));
  if (notebooks.length === 0)
    throw new InputError(
      `no student folder in ${submissionsDir} holds a course notebook (${courseNotebooks.join(", ")}); ` +
        `each student's folder should hold their copies, under the same file names`,
    );
  if (notebooks.length < courseNotebooks.length)
    say(
      `grading the ${notebooks.length} of ${courseNotebooks.length} notebooks that students handed in: ${notebooks.join(", ")}`,
    );
  const items = courseItems.filter((i) => notebooks.includes(i.notebook));

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
      await runGraded(gradedCells(readNotebook(file), null, file, plan.skip), options.notebooksDir, options.timeout),
    );
  }
  const required = requiredChecks(items, reference);
  const referenceProblems = items
    .filter((i) => (required.get(i.number) ?? []).length === 0)
    .map((i) => `item ${i.number} (${i.prefix} in ${i.notebook}) has no passing check in the course's own run`);

  const marks: StudentMarks[] = [];
  for (const [s, student] of students.entries()) {
    const studentStarted = Date.now();
    const runs = new Map<string, GradedRun | string>();
    for (const name of notebooks) {
      const file = submitted.get(student)!.get(name);
      if (!file) continue;
      say(`[${s + 1}/${students.length}] ${student}: ${name}`);
      runs.set(name, await gradeSubmission(file, path.join(options.notebooksDir, name), skips.get(name)!, options));
    }
    const result = markStudent(student, items, required, runs, (Date.now() - studentStarted) / 1000);
    say(
      `[${s + 1}/${students.length}] ${student}: ${result.passed}/${result.total} items, ${result.seconds.toFixed(1)} s`,
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
  return runGraded(cells, options.notebooksDir, options.timeout);
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

/** One folder per student (any name; hidden folders are not students), sorted by name. */
function studentFolders(dir: string): string[] {
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory())
    throw new InputError(
      `submissions folder ${JSON.stringify(dir)} not found; give a folder holding one folder per student`,
    );
  const folders = fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && !e.name.startsWith("."))
    .map((e) => e.name)
    .sort();
  if (folders.length === 0)
    throw new InputError(
      `${dir} holds no student folders; put each student's notebooks in a folder of their own (its name is the student's)`,
    );
  return folders;
}

/**
 * The student's copy of each course notebook, found by file name anywhere up to three folders deep
 * (an unpacked nndl-student/ folder, say); the shallowest wins. Hidden and checkpoint folders are skipped.
 */
function findSubmissions(dir: string, names: string[]): Map<string, string> {
  const found = new Map<string, string>();
  let level = [dir];
  for (let depth = 0; depth < 4 && level.length > 0; depth++) {
    const next: string[] = [];
    for (const folder of level) {
      for (const entry of fs
        .readdirSync(folder, { withFileTypes: true })
        .sort((a, b) => a.name.localeCompare(b.name))) {
        if (entry.name.startsWith(".")) continue;
        const full = path.join(folder, entry.name);
        if (entry.isDirectory()) next.push(full);
        else if (names.includes(entry.name) && !found.has(entry.name)) found.set(entry.name, full);
      }
    }
    level = next;
  }
  return found;
}
