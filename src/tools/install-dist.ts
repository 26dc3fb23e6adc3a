/**
 * The last step of `npm run build` (scripts/build.js). tsc compiles src/ into a staging folder
 * (.dist-next-<pid>/) rather than into dist/: tsc rewrites its output file by file, and a notebook
 * kernel or the fast engine's worker thread that loads a module during a rebuild (a learner
 * rebuilding while a notebook runs) could read a half-written file and crash. Here the finished
 * tree replaces dist/ by renames, so a process sees either the old tree or the new one. (The
 * staging folder sits beside dist/ so the source maps' relative paths to src/ stay right after the
 * move.) Two builds finishing together both succeed; the last one's tree stays.
 */
import * as fs from "node:fs";
import * as path from "node:path";

export function installDist(root: string, staging = path.join(root, ".dist-next")): void {
  const dist = path.join(root, "dist");
  if (!fs.existsSync(path.join(staging, "index.js")))
    throw new Error(`${staging} has no index.js: run tsc first (npm run build)`);
  for (let attempt = 0; ; attempt++) {
    const old = path.join(root, `.dist-old-${process.pid}-${attempt}`);
    if (fs.existsSync(dist)) fs.renameSync(dist, old);
    try {
      fs.renameSync(staging, dist);
    } catch (error) {
      // Another build put its dist/ in place between our two renames: move that aside too and retry.
      const code = (error as NodeJS.ErrnoException).code;
      if ((code !== "ENOTEMPTY" && code !== "EEXIST") || attempt >= 5) throw error;
      continue;
    } finally {
      fs.rmSync(old, { recursive: true, force: true }); // (files a running process still holds open stay readable)
    }
    return;
  }
}
