#!/usr/bin/env node
/**
 * Copies the library's browser scripts (src/**\/assets/*.js, which tsc does not emit) beside the
 * compiled files: `node scripts/copy-assets.js OUT_DIR` copies src/x/assets/y.js to OUT_DIR/x/assets/y.js.
 * Used by scripts/build.js (dist/) and scripts/build-test.js (build/src/).
 */
const fs = require("node:fs");
const path = require("node:path");

const src = path.resolve(__dirname, "..", "src");

function copyAssets(outDir) {
  for (const entry of fs.readdirSync(src, { recursive: true })) {
    const rel = String(entry);
    if (path.basename(path.dirname(rel)) !== "assets" || !rel.endsWith(".js")) continue;
    fs.mkdirSync(path.join(outDir, path.dirname(rel)), { recursive: true });
    fs.copyFileSync(path.join(src, rel), path.join(outDir, rel));
  }
}

module.exports = { copyAssets };
if (require.main === module) copyAssets(path.resolve(process.argv[2]));
