import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { writeFileAtomically } from "../../src/atomic-write";

test("writeFileAtomically writes its parts in order and leaves no temporary file", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "nndl-atomic-"));
  const file = path.join(dir, "out.bin");
  fs.writeFileSync(file, "old contents");
  writeFileAtomically(file, "héllo ", Uint8Array.from([1, 2, 3]), "");
  assert.deepEqual(fs.readFileSync(file), Buffer.concat([Buffer.from("héllo ", "utf8"), Buffer.from([1, 2, 3])]));
  assert.deepEqual(fs.readdirSync(dir), ["out.bin"]);
});

test("writeFileAtomically: a failed write keeps the old file and removes its temporary file", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "nndl-atomic-"));
  const target = path.join(dir, "a-folder");
  fs.mkdirSync(target); // renaming a file over a folder fails
  assert.throws(() => writeFileAtomically(target, "new"), /EISDIR|ENOTDIR|EEXIST|EPERM/);
  assert.ok(fs.statSync(target).isDirectory());
  assert.deepEqual(fs.readdirSync(dir), ["a-folder"]);
});
