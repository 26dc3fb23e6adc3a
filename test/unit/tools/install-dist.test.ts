import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { installDist } from "../../../src/tools/install-dist";

function project(): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "nndl-install-dist-"));
  fs.mkdirSync(path.join(root, "dist", "kernels"), { recursive: true });
  fs.writeFileSync(path.join(root, "dist", "index.js"), "old");
  fs.writeFileSync(path.join(root, "dist", "kernels", "removed-since.js"), "stale");
  return root;
}

test("installDist: the new tree replaces dist/ whole — new files in, stale ones gone, no staging left", () => {
  const root = project();
  fs.mkdirSync(path.join(root, ".dist-next", "kernels"), { recursive: true });
  fs.writeFileSync(path.join(root, ".dist-next", "index.js"), "new");
  fs.writeFileSync(path.join(root, ".dist-next", "kernels", "worker.js"), "new worker");
  installDist(root);
  assert.equal(fs.readFileSync(path.join(root, "dist", "index.js"), "utf8"), "new");
  assert.equal(fs.readFileSync(path.join(root, "dist", "kernels", "worker.js"), "utf8"), "new worker");
  assert.equal(
    fs.existsSync(path.join(root, "dist", "kernels", "removed-since.js")),
    false,
    "a deleted source leaves no stale module",
  );
  assert.deepEqual(fs.readdirSync(root).sort(), ["dist"], "neither .dist-next nor the old tree is left behind");
});

test("installDist: without a finished .dist-next (tsc failed) dist/ is left as it was", () => {
  const root = project();
  assert.throws(() => installDist(root), /\.dist-next has no index\.js: run tsc first/);
  assert.equal(fs.readFileSync(path.join(root, "dist", "index.js"), "utf8"), "old");
});

test("installDist: a first build (no dist/ yet) just moves the tree into place", () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "nndl-install-dist-"));
  fs.mkdirSync(path.join(root, ".dist-next"));
  fs.writeFileSync(path.join(root, ".dist-next", "index.js"), "new");
  installDist(root);
  assert.equal(fs.readFileSync(path.join(root, "dist", "index.js"), "utf8"), "new");
});
