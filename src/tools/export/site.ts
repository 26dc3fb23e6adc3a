/**
 * `nndl export`: the course as a static site and a student edition. The site also carries the
 * student edition, notebook by notebook and as one zip to hand out (./student-archive).
 *
 * The list of chapters is the source folder (notebooks/*.ipynb, in file-name order); each page is
 * made from the runner's executed copy (build/executed/<same name>) when there is one, else from
 * the source with a warning, since a page without outputs is still worth reading.
 *
 * Both folders are built next to their destination and swapped in at the end, so a failed export
 * leaves the previous site intact. An existing destination is replaced only if an earlier export
 * made it (it holds our marker file): `--out notebooks` must not delete the course.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { InputError } from "../../errors";
import { checkOutputFolder } from "../output-folder";
import { writeAssets } from "./assets";
import { joinSource, readNotebook, writeNotebook, type Notebook } from "../nbformat";
import { firstHeading } from "./markdown";
import { countChecks } from "./outputs";
import { COURSE_TITLE, renderIndexPage, renderNotebookPage, type PageInfo, type StudentDownload } from "./page";
import { studentNotebook } from "./student";
import { STUDENT_ZIP, writeStudentArchive } from "./student-archive";
import { studentReadme, type StudentEntry } from "./student-readme";
import { writeLiveAssets } from "./live/assets";
import { livePageParts } from "./live/page-parts";

export interface ExportOptions {
  /** Source notebooks (the chapter list, and the student edition's input). */
  notebooksDir: string;
  /** The runner's executed copies, same file names. */
  executedDir: string;
  /** The site (default site/). */
  outDir: string;
  /**
   * The student edition (default student/): the notebooks and a README. Also in the site, as
   * single notebooks (outDir/student/) and as one zip of the whole folder (outDir/nndl-student.zip).
   */
  studentDir: string;
  /**
   * Live pages (default true): every page, and a page per student notebook, runs its code in the
   * browser (./live). False writes the static pages only.
   */
  live?: boolean;
}

export interface PageReport {
  notebook: string;
  page: string;
  title: string;
  executed: boolean;
  figures: number;
  bytes: number;
}

export interface ExportReport {
  pages: PageReport[];
  warnings: string[];
  /** Total size of the site folder, assets included. */
  siteBytes: number;
  seconds: number;
  index: string;
  /** The student edition's zip in the site, and its size. */
  studentZip: { file: string; bytes: number };
}

const SITE_MARKER = ".nndl-export";
const STUDENT_MARKER = ".nndl-student";
const STUDENT_README = "README.md";

/** The source notebooks in course order (file names start with their number). */
export function listNotebooks(dir: string): string[] {
  if (dir.trim() === "" || !fs.existsSync(dir))
    throw new InputError(
      `--notebooks ${JSON.stringify(dir)}: folder not found; give the folder of the course's notebooks`,
    );
  if (!fs.statSync(dir).isDirectory())
    throw new InputError(`--notebooks ${JSON.stringify(dir)} is a file; give the folder of the course's notebooks`);
  // Hidden files (a scratch notebook, checkpoints) are not part of the course, as for the runner.
  const files = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".ipynb") && !f.startsWith("."))
    .sort();
  if (files.length === 0) throw new InputError(`no .ipynb notebooks in ${dir}`);
  return files.map((f) => path.join(dir, f));
}

/** The title of a notebook: its first Markdown heading, else its file name. */
export function notebookTitle(notebook: Notebook, file: string): { text: string; html: string } {
  for (const cell of notebook.cells) {
    if (cell.cell_type !== "markdown") continue;
    const heading = firstHeading(joinSource(cell.source));
    if (heading) return heading;
  }
  const name = path.basename(file, ".ipynb");
  return { text: name, html: name };
}

/**
 * The chapter of the book a notebook teaches: the one chapter page its first Markdown cell links to
 * (…/chap3.html). None when it links to no chapter or to several (the course tour).
 */
export function bookChapter(notebook: Notebook): number | undefined {
  const first = notebook.cells.find((cell) => cell.cell_type === "markdown");
  const linked = joinSource(first?.source ?? "").matchAll(/neuralnetworksanddeeplearning\.com\/chap(\d+)\.html/g);
  const chapters = new Set(Array.from(linked, (match) => Number(match[1])));
  return chapters.size === 1 ? [...chapters][0] : undefined;
}

/** The notebook to render: the executed copy if present (warning when older than the source), else the source. */
function pageSource(
  source: string,
  executedDir: string,
  warnings: string[],
): { notebook: Notebook; executed: boolean } {
  const executed = path.join(executedDir, path.basename(source));
  if (!fs.existsSync(executed)) {
    warnings.push(
      `${source} has not been executed (no ${executed}); its page shows no outputs — run \`nndl verify\` first`,
    );
    return { notebook: readNotebook(source), executed: false };
  }
  if (fs.statSync(executed).mtimeMs < fs.statSync(source).mtimeMs) {
    warnings.push(`${executed} is older than ${source}; its page may show stale outputs — run \`nndl verify\` again`);
  }
  return { notebook: readNotebook(executed), executed: true };
}

/** Refuses to replace a folder that an earlier export did not make. */
function checkReplaceable(dest: string, marker: string): void {
  if (fs.existsSync(dest) && fs.readdirSync(dest).length > 0 && !fs.existsSync(path.join(dest, marker))) {
    throw new InputError(
      `refusing to replace ${dest}: it is not empty and was not made by nndl export (no ${marker} file); choose a new or empty folder`,
    );
  }
}

/** A fresh hidden sibling of `dest` to build into (same file system, so the final rename is atomic). */
function stagingDir(dest: string, marker: string): string {
  const full = path.resolve(dest);
  fs.mkdirSync(path.dirname(full), { recursive: true });
  const staging = fs.mkdtempSync(path.join(path.dirname(full), `.${path.basename(full)}.export-tmp-`));
  fs.chmodSync(staging, 0o755); // mkdtemp makes it private; the site is meant to be served and shared
  fs.writeFileSync(
    path.join(staging, marker),
    "made by `nndl export`; the whole folder is replaced on the next export\n",
  );
  return staging;
}

function swapIn(staging: string, dest: string): void {
  fs.rmSync(dest, { recursive: true, force: true });
  fs.renameSync(staging, dest);
}

function folderBytes(dir: string): number {
  return fs
    .readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .reduce((sum, e) => sum + fs.statSync(path.join(e.parentPath ?? e.path, e.name)).size, 0);
}

/**
 * Writes the student edition of every source notebook, and its README (with a section on the
 * browser pages when `live`), into `dir` (a staging folder); returns the notebooks' file names and
 * titles.
 */
function writeStudentEdition(sources: string[], dir: string, live: boolean): StudentEntry[] {
  // Make them all first: an unbalanced marker anywhere stops the export before anything is written.
  const editions = sources.map((source) => {
    const original = readNotebook(source);
    return {
      file: path.basename(source),
      title: notebookTitle(original, source).text,
      notebook: studentNotebook(original, source),
    };
  });
  for (const { file, notebook } of editions) writeNotebook(path.join(dir, file), notebook);
  const entries = editions.map(({ file, title }) => ({ file, title }));
  fs.writeFileSync(path.join(dir, STUDENT_README), studentReadme(COURSE_TITLE, entries, live));
  return entries;
}

/** The site's copy of the student edition: each notebook on its own, and everything as one zip. */
function addStudentDownloads(
  site: string,
  student: string,
  entries: StudentEntry[],
  sources: string[],
): StudentDownload {
  fs.mkdirSync(path.join(site, "student"));
  for (const { file } of entries) fs.copyFileSync(path.join(student, file), path.join(site, "student", file));
  const newest = new Date(Math.max(...sources.map((source) => fs.statSync(source).mtimeMs)));
  const files = [STUDENT_README, ...entries.map((e) => e.file)];
  const archive = writeStudentArchive(student, files, path.join(site, STUDENT_ZIP), newest);
  return { file: STUDENT_ZIP, bytes: archive.bytes, notebooks: entries.length };
}

/** Writes one page per notebook and the index into `site`; returns what each page holds. */
function writePages(
  site: string,
  sources: string[],
  executedDir: string,
  download: StudentDownload,
  warnings: string[],
  studentDir: string | null,
): PageReport[] {
  const loaded = sources.map((source) => ({ source, ...pageSource(source, executedDir, warnings) }));
  const infos: PageInfo[] = loaded.map(({ source, notebook }) => {
    const title = notebookTitle(notebook, source);
    const name = path.basename(source, ".ipynb");
    const studentPage = studentDir ? { studentPage: `student-${name}.html` } : {};
    return {
      file: `${name}.html`,
      title: title.text,
      titleHtml: title.html,
      chapter: bookChapter(notebook),
      student: `student/${name}.ipynb`,
      ...studentPage,
      checks: countChecks(notebook),
    };
  });
  const pages = loaded.map(({ source, notebook, executed }, i) => {
    const name = path.basename(source, ".ipynb");
    const page = renderNotebookPage(
      notebook,
      infos[i],
      infos[i - 1],
      infos[i + 1],
      studentDir ? livePageParts(notebook, name, false) : undefined,
    );
    if (studentDir) writeStudentPage(site, studentDir, name, infos, i);
    fs.writeFileSync(path.join(site, infos[i].file), page.html);
    warnings.push(...page.warnings.map((w) => `${source}: ${w}`));
    return {
      notebook: source,
      page: infos[i].file,
      title: infos[i].title,
      executed,
      figures: page.figures,
      bytes: Buffer.byteLength(page.html),
    };
  });
  const executed = pages.filter((p) => p.executed).length;
  const note =
    executed === pages.length
      ? "Every page shows the outputs of a full run of its notebook."
      : `${executed} of ${pages.length} pages show the outputs of a run; the others were not executed yet (nndl verify).`;
  fs.writeFileSync(path.join(site, "index.html"), renderIndexPage(infos, note, download, Boolean(studentDir)));
  return pages;
}

/** The live page of one student notebook (student-NN-name.html): edits kept in the browser, Download .ipynb. */
function writeStudentPage(site: string, studentDir: string, name: string, infos: PageInfo[], i: number): void {
  const notebook = readNotebook(path.join(studentDir, `${name}.ipynb`));
  const info: PageInfo = {
    ...infos[i],
    file: infos[i].studentPage!,
    title: `${infos[i].title} (student edition)`,
    studentPage: undefined,
  };
  const studentInfo = (p: PageInfo | undefined): PageInfo | undefined => p && { ...p, file: p.studentPage ?? p.file };
  const page = renderNotebookPage(
    notebook,
    info,
    studentInfo(infos[i - 1]),
    studentInfo(infos[i + 1]),
    livePageParts(notebook, name, true),
  );
  fs.writeFileSync(path.join(site, info.file), page.html);
}

/** Builds the site and the student edition; returns what was made and every warning. */
export function exportCourse(options: ExportOptions): ExportReport {
  const started = process.hrtime.bigint();
  const sources = listNotebooks(options.notebooksDir);
  const warnings: string[] = [];
  checkOutputFolder("--student", options.studentDir);
  checkOutputFolder("--out", options.outDir);
  if (path.resolve(options.studentDir) === path.resolve(options.outDir)) {
    throw new InputError(
      `--out and --student are both ${path.resolve(options.outDir)}: the site and the student edition need folders of their own`,
    );
  }
  checkReplaceable(options.studentDir, STUDENT_MARKER);
  checkReplaceable(options.outDir, SITE_MARKER);
  const student = stagingDir(options.studentDir, STUDENT_MARKER);
  const site = stagingDir(options.outDir, SITE_MARKER);
  try {
    const live = options.live ?? true;
    const entries = writeStudentEdition(sources, student, live);
    const download = addStudentDownloads(site, student, entries, sources);
    const pages = writePages(site, sources, options.executedDir, download, warnings, live ? student : null);
    writeAssets(site, live || pages.some((p) => p.figures > 0));
    if (live) writeLiveAssets(site);

    swapIn(student, options.studentDir);
    swapIn(site, options.outDir);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    return {
      pages,
      warnings,
      siteBytes: folderBytes(options.outDir),
      seconds,
      index: path.resolve(options.outDir, "index.html"),
      studentZip: { file: path.resolve(options.outDir, download.file), bytes: download.bytes },
    };
  } catch (err) {
    fs.rmSync(student, { recursive: true, force: true });
    fs.rmSync(site, { recursive: true, force: true });
    throw err;
  }
}
