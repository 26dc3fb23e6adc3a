#!/usr/bin/env node
/**
 * `npm run build:test`: compile src/ and test/ into build/ (tsconfig.test.json) and copy the
 * browser scripts beside the compiled library. build/src and build/test are emptied first, so a
 * test file that was moved or deleted does not keep running from a stale compiled copy.
 */
const { spawnSync } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");
const { copyAssets } = require("./copy-assets");

const root = path.resolve(__dirname, "..");
for (const dir of ["src", "test"]) fs.rmSync(path.join(root, "build", dir), { recursive: true, force: true });
const tsc = spawnSync(
  process.execPath,
  [path.join(root, "node_modules", "typescript", "bin", "tsc"), "-p", "tsconfig.test.json"],
  {
    cwd: root,
    stdio: "inherit",
  },
);
if (tsc.status !== 0) process.exit(tsc.status ?? 1);
copyAssets(path.join(root, "build", "src"));
