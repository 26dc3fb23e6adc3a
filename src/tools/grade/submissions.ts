/**
 * A class's hand-ins as `nndl grade` finds them: one entry per student in the submissions folder,
 * either a folder or a .zip (what a learning platform's bulk download often gives), named after
 * the student. A zip's notebooks are unpacked into a temporary folder, so the submissions
 * themselves are only read.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { unzipSync } from "fflate";
import { InputError } from "../../errors";

export interface Submission {
  /** The folder's name, or the zip's without ".zip". */
  student: string;
  /** Each course notebook found, by file name → its path (for a zip, in the temporary folder). */
  notebooks: Map<string, string>;
  /** Why nothing could be read (a zip that does not unpack), for every item's message. */
  problem?: string;
}

/**
 * Every student's submission in `dir`, sorted by name, with the course notebooks `names` found in
 * it; `cleanup` removes the temporary folders of unpacked zips.
 */
export function readSubmissions(dir: string, names: string[]): { submissions: Submission[]; cleanup(): void } {
  const entries = studentEntries(dir);
  const temporary: string[] = [];
  const submissions = entries.map(({ student, file }) => {
    if (fs.statSync(file).isDirectory()) return { student, notebooks: findSubmissions(file, names) };
    try {
      const unpacked = unpackNotebooks(file);
      temporary.push(unpacked);
      return { student, notebooks: findSubmissions(unpacked, names) };
    } catch (error) {
      const problem = `${path.basename(file)} could not be unzipped (${(error as Error).message})`;
      return { student, notebooks: new Map<string, string>(), problem };
    }
  });
  const cleanup = () => temporary.forEach((t) => fs.rmSync(t, { recursive: true, force: true }));
  return { submissions, cleanup };
}

/** One entry per student: folders and .zip files (hidden ones skipped), sorted by student name. */
function studentEntries(dir: string): Array<{ student: string; file: string }> {
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory())
    throw new InputError(
      `submissions folder ${JSON.stringify(dir)} not found; give a folder holding one folder (or .zip) per student`,
    );
  const entries = fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((e) => !e.name.startsWith(".") && (e.isDirectory() || (e.isFile() && /\.zip$/i.test(e.name))))
    .map((e) => ({ student: e.isDirectory() ? e.name : e.name.replace(/\.zip$/i, ""), file: path.join(dir, e.name) }))
    .sort((a, b) => (a.student < b.student ? -1 : a.student > b.student ? 1 : 0));
  if (entries.length === 0)
    throw new InputError(
      `${dir} holds no student folders; put each student's notebooks in a folder (or a .zip) of their own (its name is the student's)`,
    );
  const twice = entries.find((e, i) => i > 0 && entries[i - 1].student === e.student);
  if (twice)
    throw new InputError(`${dir} holds two submissions of ${twice.student} (a folder and a .zip); keep one of them`);
  return entries;
}

/** The .ipynb files of `zip`, unpacked under a new temporary folder with their folders; returns it. */
function unpackNotebooks(zip: string): string {
  const files = unzipSync(new Uint8Array(fs.readFileSync(zip)), {
    filter: (f) => f.name.endsWith(".ipynb") && !f.name.startsWith("__MACOSX/"),
  });
  const out = fs.mkdtempSync(path.join(os.tmpdir(), "nndl-grade-zip-"));
  for (const [name, bytes] of Object.entries(files)) {
    // Only plain relative paths: a name with ".." or a drive could point outside the folder.
    const parts = name.split(/[/\\]/).filter((p) => p !== "" && p !== ".");
    if (parts.some((p) => p === ".." || p.includes(":"))) continue;
    const target = path.join(out, ...parts);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, bytes);
  }
  return out;
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
