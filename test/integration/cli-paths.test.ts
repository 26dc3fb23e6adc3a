/**
 * Where commands write, checked before any work: a file, "", or an unwritable place given as --out,
 * --student or --save is one line and exit 2, nothing is replaced first and nothing is lost. And
 * `nndl train --json | head -1` keeps training and saves, rather than dying on a closed pipe.
 */
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

const root = path.resolve(__dirname, "..", "..", "..");
const cli = path.join(root, "dist", "cli", "main.js");
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "nndl-paths-"));
after(() => fs.rmSync(dir, { recursive: true, force: true }));
const aFile = path.join(dir, "a-file");
fs.writeFileSync(aFile, "keep me");
const tour = path.join(root, "notebooks", "00-course-tour.ipynb");

function oneLineExit2(args: string[], message: RegExp): void {
  const run = spawnSync(process.execPath, [cli, ...args], { encoding: "utf8", timeout: 60_000 });
  assert.equal(run.status, 2, `${args.join(" ")}: ${run.stderr}`);
  assert.equal(run.stderr.trim().split("\n").length, 1, run.stderr);
  assert.match(run.stderr, message);
}

test("verify, export and train refuse a file, an empty path or an unwritable place in one line, before any work", () => {
  oneLineExit2(["verify", tour, "--out", aFile], /^nndl: --out ".*a-file": is a file; give a folder/);
  oneLineExit2(["export", "--out", ""], /^nndl: --out "": give a folder/);
  oneLineExit2(["export", "--out", aFile, "--student", path.join(dir, "student")], /--out ".*a-file": is a file/);
  oneLineExit2(
    ["export", "--out", path.join(dir, "site"), "--student", "/proc/nndl-student"],
    /--student "\/proc\/nndl-student": cannot write there/,
  );
  oneLineExit2(
    ["export", "--notebooks", aFile, "--out", path.join(dir, "site"), "--student", path.join(dir, "student")],
    /--notebooks ".*a-file" is a file/,
  );
  oneLineExit2(
    ["export", "--notebooks", "", "--out", path.join(dir, "site"), "--student", path.join(dir, "student")],
    /--notebooks "": folder not found/,
  );
  oneLineExit2(["train", "--save", ""], /--save "": give a file name/);
  oneLineExit2(["train", "--save", dir + "/"], /is a folder; give a file name inside it/);
  oneLineExit2(["train", "--save", "/proc/net.json"], /cannot write in \/proc/);
  assert.equal(fs.readFileSync(aFile, "utf8"), "keep me");
  assert.ok(!fs.existsSync(path.join(dir, "student")), "nothing was exported");
});

test("nndl train --json | head -1: the closed pipe does not stop training or saving", { timeout: 180_000 }, () => {
  const saved = path.join(dir, "net.json");
  const run = spawnSync(
    "bash",
    [
      "-c",
      `node ${JSON.stringify(cli)} train --json --sizes 784,10 --epochs 2 --save ${JSON.stringify(saved)} | head -1`,
    ],
    { encoding: "utf8", timeout: 170_000 },
  );
  assert.equal(run.stdout.trim().split("\n").length, 1);
  assert.equal(JSON.parse(run.stdout).epoch, 0);
  assert.match(run.stderr, /saved the trained network/);
  assert.ok(fs.existsSync(saved), "the network was saved");
});
