/**
 * src/tools/nbformat.ts, the one reader/writer of notebooks for the runner and the export: a broken
 * file is named in the error (and the runner reports it instead of crashing); notebooks are written
 * the way Jupyter writes them, atomically.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { InputError } from "../../../src/errors";
import {
  checkNotebook,
  joinSource,
  readNotebook,
  splitSource,
  writeNotebook,
  type Notebook,
} from "../../../src/tools/nbformat";
import { runNotebooks } from "../../../src/tools/runner/run-notebooks";

const notebook: Notebook = {
  nbformat: 4,
  nbformat_minor: 5,
  metadata: {},
  cells: [
    { cell_type: "markdown", id: "intro", metadata: {}, source: ["# Title\n", "text"] },
    {
      cell_type: "code",
      id: "code-1",
      metadata: {},
      source: "1 + 1",
      outputs: [{ output_type: "stream", name: "stdout", text: ["a\n", "b\n"] }],
      execution_count: 1,
    },
  ],
};

function tmpDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), "nndl-nbformat-"));
}

test("joinSource and splitSource convert between Jupyter's two forms of a multi-line string", () => {
  assert.equal(joinSource(["a\n", "b"]), "a\nb");
  assert.equal(joinSource("a\nb"), "a\nb");
  assert.deepEqual(splitSource("a\n\nb\n"), ["a\n", "\n", "b\n"]);
  assert.deepEqual(splitSource("a\nb"), ["a\n", "b"]);
  assert.equal(joinSource(splitSource("x\ny\n\nz")), "x\ny\n\nz");
});

test("writeNotebook writes Jupyter's 1-space JSON into a new directory, atomically (no tmp file left), and reads back", () => {
  const dir = tmpDir();
  try {
    const file = path.join(dir, "deeper", "nb.ipynb");
    writeNotebook(file, notebook);
    const text = fs.readFileSync(file, "utf8");
    assert.equal(text, JSON.stringify(notebook, null, 1) + "\n");
    assert.match(
      text,
      /^{\n "nbformat": 4,\n "nbformat_minor": 5,\n "metadata": {},\n "cells": \[\n  {\n   "cell_type"/,
    ); // 1 space a level
    assert.deepEqual(fs.readdirSync(path.dirname(file)), ["nb.ipynb"]);
    assert.deepEqual(readNotebook(file), notebook);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("readNotebook throws an InputError naming the file and the first problem", () => {
  const dir = tmpDir();
  try {
    const broken = path.join(dir, "broken.ipynb");
    fs.writeFileSync(broken, "{ not json");
    assert.throws(
      () => readNotebook(broken),
      (e: Error) => e instanceof InputError && e.message.startsWith(`${broken} is not a readable notebook: `),
    );
    // A missing id is filled in memory with a warning, as Jupyter's tools do; a malformed one is refused.
    const noId = path.join(dir, "no-id.ipynb");
    fs.writeFileSync(
      noId,
      JSON.stringify({ ...notebook, cells: [{ ...notebook.cells[1], id: undefined }, notebook.cells[1]] }),
    );
    const warnings: string[] = [];
    const filled = readNotebook(noId, (m) => warnings.push(m));
    assert.deepEqual(
      filled.cells.map((c) => c.id),
      ["cell-1", notebook.cells[1].id],
    );
    assert.deepEqual(warnings, [
      `${noId}: 1 cell had no id (nbformat 4.5 requires one); ids were made up for this run, the file is unchanged`,
    ]);
    const badId = path.join(dir, "bad-id.ipynb");
    fs.writeFileSync(
      badId,
      JSON.stringify({ ...notebook, cells: [{ ...notebook.cells[1], id: "no spaces allowed" }] }),
    );
    assert.throws(() => readNotebook(badId), {
      name: "InputError",
      message: `${badId} is not a valid nbformat 4 notebook: cell 1 has no valid id`,
    });
    assert.throws(
      () => readNotebook(path.join(dir, "missing.ipynb")),
      /missing\.ipynb is not a readable notebook: ENOENT/,
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("checkNotebook lists what is wrong, cell by cell", () => {
  assert.deepEqual(checkNotebook(notebook), []);
  assert.deepEqual(checkNotebook([]), ["the file is not a JSON object"]);
  assert.deepEqual(checkNotebook({ ...notebook, nbformat: 3 }), ["nbformat is 3, expected 4"]);
  const markdownWithOutputs = { ...notebook.cells[0], outputs: [] };
  assert.deepEqual(checkNotebook({ ...notebook, cells: [markdownWithOutputs] }), [
    "cell 1 is markdown but has outputs or execution_count",
  ]);
  const badOutput = { ...notebook.cells[1], outputs: [{ output_type: "stream" }] };
  assert.deepEqual(checkNotebook({ ...notebook, cells: [badOutput] }), [
    "cell 1 output 1 is a stream without name/text",
  ]);
});

test("the runner reports a malformed notebook as InvalidNotebook naming the file, without starting a kernel", async () => {
  const dir = tmpDir();
  try {
    const file = path.join(dir, "broken.ipynb");
    fs.writeFileSync(file, JSON.stringify({ nbformat: 4, nbformat_minor: 5, metadata: {}, cells: "none" }));
    const report = await runNotebooks([file], { outDir: path.join(dir, "executed") });
    assert.equal(report.ok, false);
    const error = report.notebooks[0].error;
    assert.equal(error?.ename, "InvalidNotebook");
    assert.equal(error?.evalue, `${file} is not a valid nbformat 4 notebook: cells is not a list`);
    assert.equal(fs.existsSync(path.join(dir, "executed")), false);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
