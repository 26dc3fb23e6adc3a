/**
 * The last step of `npm run build`. tsc compiles src/ into .dist-next/ rather than into dist/:
 * tsc rewrites its output file by file, and a notebook kernel or the fast engine's worker thread
 * that loads a module during a rebuild (a learner rebuilding while a notebook runs) could read a
 * half-written file and crash. Here the finished tree replaces dist/ by two renames, so a process
 * sees either the old tree or the new one. (.dist-next/ sits beside dist/ so the source maps'
 * relative paths to src/ stay right after the move.) This file runs from .dist-next/ itself, which
 * it moves: harmless, since Node has already loaded it.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { plotlyMinifiedPath } from "../notebook/plotly-bundle";

export function installDist(root: string): void {
  const next = path.join(root, ".dist-next");
  const dist = path.join(root, "dist");
  const old = path.join(root, `.dist-old-${process.pid}`);
  if (!fs.existsSync(path.join(next, "index.js"))) throw new Error(`${next} has no index.js: run tsc first (npm run build)`);
  if (fs.existsSync(dist)) fs.renameSync(dist, old);
  fs.renameSync(next, dist);
  fs.rmSync(old, { recursive: true, force: true }); // (files a running process still holds open stay readable)
}

if (require.main === module) {
  installDist(path.resolve(__dirname, "..", "..")); // this file is <root>/.dist-next/tools/install-dist.js
  plotlyMinifiedPath(); // the minified plotly.js notebooks embed, cached under build/plotly/ (first build only)
}
