#!/usr/bin/env node
/**
 * `npm run lab` starts in seconds when the build is current: this runs `npm run build` (25–30 s)
 * only when dist/ is missing or older than anything it is built from (src/, the TypeScript config,
 * the installed packages). Plain Node with no dependencies, since it runs before dist/ may exist.
 *
 *   node scripts/build-if-stale.js [--check] [ROOT]   (--check: only say why it would build; exit 1 if so)
 */
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const { spawnSync } = require("node:child_process");

const args = process.argv.slice(2);
const checkOnly = args.includes("--check");
const root = path.resolve(args.find((a) => a !== "--check") ?? path.join(__dirname, ".."));

function newestMtime(entry) {
  const stat = fs.statSync(entry, { throwIfNoEntry: false });
  if (!stat) return 0;
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...fs.readdirSync(entry).map((name) => newestMtime(path.join(entry, name))));
}

/** Why dist/ must be rebuilt, or null when it is current. */
function staleReason() {
  const built = fs.statSync(path.join(root, "dist", "index.js"), { throwIfNoEntry: false });
  if (!built) return "dist/ is missing";
  if (!fs.existsSync(path.join(root, "build", "plotly"))) return "build/plotly/ is missing";
  const sources = ["src", "tsconfig.json", "package.json", "package-lock.json"].map((p) => path.join(root, p));
  const newest = sources.find((p) => newestMtime(p) > built.mtimeMs);
  return newest ? `${path.relative(root, newest)} changed since the last build` : null;
}

const reason = staleReason();
if (checkOnly) {
  if (reason !== null) console.log(reason);
  process.exit(reason === null ? 0 : 1);
}
if (reason !== null) {
  console.error(`Building (${reason})…`);
  const npm = process.platform === "win32" ? "npm.cmd" : "npm";
  const build = spawnSync(npm, ["run", "--silent", "build"], { cwd: root, stdio: "inherit" });
  process.exit(build.status ?? 1);
}
