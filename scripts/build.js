#!/usr/bin/env node
/**
 * `npm run build`: compile src/ into a staging folder of this process's own, then swap it in for
 * dist/ (src/tools/install-dist.ts says why dist/ is never written file by file). The staging
 * folder is per process because two builds can run at once — `npm start` in one terminal and
 * `npm test` in another both build first — and a shared one made the first fail with
 * MODULE_NOT_FOUND when the second cleared it.
 */
const { spawnSync } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");

const root = path.resolve(__dirname, "..");
const staging = path.join(root, `.dist-next-${process.pid}`);
fs.rmSync(staging, { recursive: true, force: true });
const tsc = spawnSync(
  process.execPath,
  [path.join(root, "node_modules", "typescript", "bin", "tsc"), "-p", "tsconfig.json", "--outDir", staging],
  { cwd: root, stdio: "inherit" },
);
if (tsc.status !== 0) {
  fs.rmSync(staging, { recursive: true, force: true });
  process.exit(tsc.status ?? 1);
}
// tsc emits only TypeScript: the browser scripts that outputs inline (src/**/assets/*.js) are copied.
require("./copy-assets").copyAssets(staging);
require(path.join(staging, "tools", "install-dist.js")).installDist(root, staging);
// The minified plotly.js that notebooks embed, cached under build/plotly/ (the first build only).
require(path.join(root, "dist", "notebook", "plotly-bundle.js")).plotlyMinifiedPath();
