/**
 * The runner where learners and instructors trip it: Ctrl-C and SIGTERM must not leave a kernel
 * running; an error that surfaces after its cell returned (a missing `await`, a throwing timer) fails
 * the notebook in one line; a notebook that never imports nndl keeps all its printed output; a 4.5
 * notebook without cell ids runs as Jupyter runs it; bad --timeout and --out values are refused.
 */
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { runNotebooks } from "../../src/tools/runner/run-notebooks";
import { InputError } from "../../src/errors";

const root = path.resolve(__dirname, "..", "..", "..");
const cli = path.join(root, "dist", "cli", "main.js");
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "nndl-robust-"));
after(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Writes a notebook of code cells (ids c0, c1, …) and returns its path. */
function notebook(
  name: string,
  cells: string[],
  edit: (nb: { cells: Record<string, unknown>[] }) => void = () => {},
): string {
  const nb = {
    cells: cells.map((source, i) => ({
      cell_type: "code",
      id: `c${i}`,
      metadata: {},
      source,
      outputs: [],
      execution_count: null,
    })),
    metadata: {},
    nbformat: 4,
    nbformat_minor: 5,
  };
  edit(nb);
  const file = path.join(dir, name);
  fs.writeFileSync(file, JSON.stringify(nb));
  return file;
}
const outDir = path.join(dir, "out");
const executedText = (name: string, cell: number): string => {
  const nb = JSON.parse(fs.readFileSync(path.join(outDir, name), "utf8"));
  return nb.cells[cell].outputs.map((o: { text?: string | string[] }) => [o.text ?? ""].flat().join("")).join("");
};

test(
  "an error after its cell returned fails that notebook in one line: missing await, throwing timer, last cell",
  { timeout: 120_000 },
  async () => {
    const files = [
      notebook("late.ipynb", ['Promise.reject(new RangeError("late boom"));', "const two = 1 + 1;"]),
      notebook("timer.ipynb", [
        'setTimeout(() => { throw new TypeError("timer boom"); }, 10);',
        "await new Promise((r) => setTimeout(r, 300));",
      ]),
      notebook("last.ipynb", ['Promise.reject(new RangeError("late in the last cell"));']),
    ];
    const report = await runNotebooks(files, { outDir, timeout: 60 });
    const errors = report.notebooks.map((n) => [n.ok, n.error?.codeCell, n.error?.ename, n.error?.evalue]);
    assert.deepEqual(errors, [
      [false, 2, "RangeError", "a promise rejected after its cell had returned (a missing `await`?): late boom"],
      [false, 2, "TypeError", "an error was thrown outside the cell's own code (a timer or callback): timer boom"],
      [
        false,
        1,
        "RangeError",
        "a promise rejected after its cell had returned (a missing `await`?): late in the last cell",
      ],
    ]);
  },
);

test("100,000 printed lines all arrive in a notebook that never imports nndl", { timeout: 120_000 }, async () => {
  const file = notebook("print.ipynb", ["for (let i = 0; i < 100000; i++) console.log(`line ${i}`);"]);
  const report = await runNotebooks([file], { outDir, timeout: 120 });
  assert.equal(report.ok, true, JSON.stringify(report.notebooks[0].error));
  const lines = executedText("print.ipynb", 0).split("\n").filter(Boolean);
  assert.equal(lines.length, 100_000);
  assert.equal(lines[99_999], "line 99999");
});

test(
  "a 4.5 notebook whose cells lack ids runs (ids made up in memory) and its file is unchanged",
  { timeout: 60_000 },
  async () => {
    const file = notebook("no-ids.ipynb", ['console.log("first");', 'console.log("second");'], (nb) =>
      nb.cells.forEach((c) => delete c.id),
    );
    const bytes = fs.readFileSync(file);
    const report = await runNotebooks([file], { outDir, timeout: 60 });
    assert.equal(report.ok, true, JSON.stringify(report.notebooks[0].error));
    assert.equal(executedText("no-ids.ipynb", 1), "second\n");
    assert.deepEqual(fs.readFileSync(file), bytes);
  },
);

test("--out at a notebook's own folder, two notebooks of one name and a timeout Node cannot set are refused", async () => {
  const file = notebook("x.ipynb", ["1"]);
  const twin = path.join(dir, "twin");
  fs.mkdirSync(twin, { recursive: true });
  fs.copyFileSync(file, path.join(twin, "x.ipynb"));
  await assert.rejects(
    runNotebooks([file], { outDir: dir }),
    (e: unknown) => e instanceof InputError && /would overwrite the notebook/.test(e.message),
  );
  await assert.rejects(runNotebooks([file, path.join(twin, "x.ipynb")], { outDir }), /same file name/);
  await assert.rejects(runNotebooks([file], { outDir, timeout: 2_147_484 }), /at most 2147483/);
  const cliRun = spawnSync(process.execPath, [cli, "verify", file, "--timeout", "3000000"], { encoding: "utf8" });
  assert.equal(cliRun.status, 2);
  assert.match(cliRun.stderr, /^nndl: .*3000000.*at most 2147483/);
  assert.equal(cliRun.stderr.trim().split("\n").length, 1);
});

for (const [signal, code] of [
  ["SIGINT", 130],
  ["SIGTERM", 143],
] as const) {
  test(
    `${signal} during a looping cell stops the kernel, removes its files and exits ${code}`,
    { timeout: 90_000 },
    async () => {
      const tmp = fs.mkdtempSync(path.join(dir, "tmp-"));
      const file = notebook(`loop-${signal}.ipynb`, ["while (true) {}"]);
      const child = spawn(process.execPath, [cli, "verify", file, "--out", outDir], {
        env: { ...process.env, TMPDIR: tmp },
        stdio: "ignore",
      });
      const exited = new Promise<number | null>((resolve) => child.on("exit", (c) => resolve(c)));
      // The kernel is up once its connection folder exists; give the looping cell a moment to start.
      for (let i = 0; i < 300 && fs.readdirSync(tmp).length === 0; i++) await new Promise((r) => setTimeout(r, 100));
      await new Promise((r) => setTimeout(r, 3000));
      const kernels = spawnSync("pgrep", ["-P", String(child.pid)], { encoding: "utf8" })
        .stdout.trim()
        .split("\n")
        .filter(Boolean)
        .map(Number);
      assert.equal(kernels.length, 1, "one kernel process was running");
      child.kill(signal);
      assert.equal(await exited, code);
      // Running or sleeping; a killed kernel whose parent has exited may linger as a zombie ("Z") until
      // PID 1 reaps it, and a container's PID 1 may never do so: that is a dead process too.
      const alive = (pid: number) => {
        try {
          return !/^\d+ \(.*\) [ZX]/.test(fs.readFileSync(`/proc/${pid}/stat`, "utf8"));
        } catch {
          return false;
        }
      };
      await new Promise((r) => setTimeout(r, 300));
      assert.equal(alive(kernels[0]), false, "the kernel was stopped");
      assert.deepEqual(fs.readdirSync(tmp), [], "its connection folder was removed");
    },
  );
}

test(
  "an uncaught error from tslab's own internals (its file watcher during a rebuild) is not the notebook's failure",
  { timeout: 60_000 },
  async () => {
    // The stack tslab's watcher produces, printed the way tslab prints an uncaught exception.
    const file = notebook("watcher.ipynb", [
      'setTimeout(() => process.stderr.write("UncaughtException: Error: Unexpected pending rebuildTimer\\n    at sys.setTimeout (/x/node_modules/tslab/dist/converter.js:111:19)\\n"), 10);',
      "await new Promise((r) => setTimeout(r, 300));",
    ]);
    const report = await runNotebooks([file], { outDir, timeout: 60 });
    assert.equal(report.ok, true, JSON.stringify(report.notebooks[0].error));
  },
);
