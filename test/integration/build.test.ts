/** `npm run build` twice at once (npm start in one terminal, npm test in another): both succeed. */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";

test("npm run build twice at once: both exit 0 and dist/ works", { timeout: 300_000 }, async () => {
  const { spawn } = await import("node:child_process");
  const rootDir = path.resolve(__dirname, "..", "..", "..");
  const build = () =>
    new Promise<number | null>((resolve) =>
      spawn(process.execPath, [path.join(rootDir, "scripts", "build.js")], { cwd: rootDir, stdio: "ignore" }).on(
        "exit",
        resolve,
      ),
    );
  assert.deepEqual(await Promise.all([build(), build()]), [0, 0]);
  assert.ok(fs.existsSync(path.join(rootDir, "dist", "index.js")));
  assert.deepEqual(
    fs.readdirSync(rootDir).filter((f) => f.startsWith(".dist-")),
    [],
    "no staging folder left",
  );
});
