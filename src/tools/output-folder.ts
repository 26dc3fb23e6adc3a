/**
 * Where a command will write (verify's executed copies, export's site and student edition, grade's
 * gradebook), checked before any work starts: a folder path, not a file, not empty, and writable
 * (a probe file is created and removed in it, or in its nearest existing parent; nothing is made). So a wrong --out costs one line and exit
 * 2, not a stack trace after minutes of work, and nothing already there is replaced first.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { probeWrite } from "../atomic-write";
import { InputError } from "../errors";

export function checkOutputFolder(flag: string, dir: string): string {
  const bad = (why: string) => new InputError(`${flag} ${JSON.stringify(dir)}: ${why}`);
  if (dir.trim() === "") throw bad("give a folder, e.g. build/out");
  const full = path.resolve(dir);
  if (fs.existsSync(full) && !fs.statSync(full).isDirectory()) throw bad("is a file; give a folder");
  try {
    // Probe the nearest folder that exists before making any: Node's recursive mkdir can spin
    // forever under a place like /proc where creating fails in an unusual way.
    let existing = full;
    while (!fs.existsSync(existing)) existing = path.dirname(existing);
    if (!fs.statSync(existing).isDirectory())
      throw Object.assign(new Error(`${existing} is a file`), { code: "ENOTDIR" });
    probeWrite(existing); // the command makes the folders below it when it writes
  } catch (error) {
    throw bad(
      `cannot write there (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); choose another folder`,
    );
  }
  return full;
}
