import * as fs from "node:fs";
import * as path from "node:path";

/**
 * Writes `parts` one after another to `file`, atomically: into a hidden temporary file beside it,
 * then renamed over it. A reader (a kernel loading a notebook, a browser fetching the zip, the
 * next run reading a cache) sees the old file or the new one, never half of one; after a failure
 * the temporary file is removed and the error rethrown. Parts are written as they are (a 200 MB
 * IDX file needs no concatenated copy). The folder must exist.
 */
export function writeFileAtomically(file: string, ...parts: Array<string | Uint8Array>): void {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${Date.now()}.tmp`);
  try {
    const fd = fs.openSync(tmp, "w");
    try {
      for (const part of parts) writeAll(fd, typeof part === "string" ? Buffer.from(part, "utf8") : part);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, file);
  } catch (error) {
    fs.rmSync(tmp, { force: true });
    throw error;
  }
}

/** writeSync may write less than asked; loop until every byte is out. */
function writeAll(fd: number, bytes: Uint8Array): void {
  for (let done = 0; done < bytes.length;) done += fs.writeSync(fd, bytes, done);
}

/**
 * `mkdir -p`, one level at a time: Node's own recursive mkdir can spin forever where making a
 * folder fails in an unusual way (under /proc, say); this throws the first level's error instead.
 */
export function makeFolder(dir: string): void {
  const missing: string[] = [];
  for (let d = path.resolve(dir); !fs.existsSync(d); d = path.dirname(d)) missing.unshift(d);
  for (const d of missing) fs.mkdirSync(d);
}

/** Throws (ENOENT, EACCES, EROFS, …) unless a file can be created in `dir`; leaves nothing behind. */
export function probeWrite(dir: string): void {
  const probe = path.join(dir, `.nndl-write-check-${process.pid}`);
  fs.writeFileSync(probe, "");
  fs.rmSync(probe);
}
