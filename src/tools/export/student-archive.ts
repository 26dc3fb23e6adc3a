/**
 * The student edition as one download: a zip (made with fflate) of the student folder's files under
 * one top folder, so unpacking it makes `nndl-student/` and spills nothing beside it.
 *
 * The archive is built from the bytes already written to the student folder, so each notebook in
 * it is exactly the file the site offers on its own. Every entry is dated like the newest source
 * notebook: the same sources give the same archive, byte for byte.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { zipSync, type Zippable } from "fflate";
import { writeFileAtomically } from "../../atomic-write";
import { STUDENT_FOLDER } from "./student-readme";

/** The zip's file name in the site. */
export const STUDENT_ZIP = `${STUDENT_FOLDER}.zip`;

export interface StudentArchive {
  /** Path of the zip written. */
  file: string;
  bytes: number;
  /** Entries, as stored: "nndl-student/01-perceptrons.ipynb", … */
  entries: string[];
}

/**
 * A zip entry's date is MS-DOS's: local time in 1980–2099 (fflate throws outside). Files dated
 * 1970 are real (reproducible builds set mtime 0), so dates are clamped into range.
 */
export function zipDate(date: Date): Date {
  const first = new Date(1980, 0, 1, 12),
    last = new Date(2099, 11, 31, 12);
  const time = Number.isNaN(date.getTime()) ? first.getTime() : date.getTime();
  return new Date(Math.min(Math.max(time, first.getTime()), last.getTime()));
}

/**
 * Zips `files` (names inside `fromDir`) to `target`, writing a temporary file beside it and renaming
 * it into place, so no reader ever sees half an archive.
 */
export function writeStudentArchive(fromDir: string, files: string[], target: string, modified: Date): StudentArchive {
  const mtime = zipDate(modified);
  const tree: Zippable = {};
  for (const name of files) {
    // Unix permissions (os 3): rw-r--r--, whatever the umask of whoever made the folder.
    tree[`${STUDENT_FOLDER}/${name}`] = [
      fs.readFileSync(path.join(fromDir, name)),
      { mtime, os: 3, attrs: 0o100644 << 16 },
    ];
  }
  const zip = zipSync(tree, { level: 9 });
  writeFileAtomically(target, zip);
  return { file: target, bytes: zip.byteLength, entries: Object.keys(tree) };
}
