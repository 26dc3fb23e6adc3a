/**
 * The page's cell semantics (src/browser/cell-transform.ts), run here through the same chain of
 * strict evals the worker uses: what tslab users rely on — declarations of earlier cells visible in
 * later ones (and reassignable), hoisted functions, classes, destructuring, top-level await, the
 * last expression's value, `import … from "nndl"`, type-only imports erased, syntax errors named.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { transformCell } from "../../../src/browser/cell-transform";

type Next = (code: string) => { done: Promise<unknown>; next: Next };

/** A notebook: runs cells in order in one scope chain, as src/browser/worker.ts does. */
function notebook(modules: Record<string, unknown> = {}) {
  (globalThis as Record<string, unknown>).__nndlImport = (name: string) => {
    if (name in modules) return modules[name];
    throw new Error(`Cannot find module '${name}'`);
  };
  let next = new Function("__nndlCode", "return eval(__nndlCode)") as Next;
  return async (source: string): Promise<unknown> => {
    const evaluated = next(transformCell(source).code);
    next = evaluated.next;
    return evaluated.done;
  };
}

test("declarations of earlier cells are visible in later ones, and a later cell can reassign them", async () => {
  const run = notebook();
  assert.equal(
    await run("const a: number = 2;\nlet counter = 1;\nfunction twice(x: number): number { return 2 * x * counter; }"),
    undefined,
  );
  assert.equal(await run("twice(a)"), 4);
  await run("counter = 10;");
  assert.equal(await run("twice(a)"), 40, "the earlier cell's function sees the new value");
  assert.equal(await run("const a = 5; a + 1"), 6, "a cell may redeclare a name");
});

test("classes, destructuring, hoisted functions and the last expression", async () => {
  const run = notebook();
  await run(
    "useLater();\nfunction useLater() { return 1; }\nclass Point { constructor(public x: number, public y: number) {} norm() { return Math.hypot(this.x, this.y); } }",
  );
  assert.equal(
    await run("const { x, y: [first, , third] } = { x: new Point(3, 4), y: [1, 2, 3] };\nx.norm() + first + third"),
    9,
  );
  assert.equal(
    await run("for (let i = 0; i < 3; i++) {}\nconsole.log; [x.x, third]").then((v) => JSON.stringify(v)),
    "[3,3]",
  );
  assert.equal(await run("let unset: number;\n"), undefined, "no value: nothing printed");
});

test("top-level await, and a thrown error rejects the cell", async () => {
  const run = notebook();
  assert.equal(await run("const v = await new Promise<number>((r) => setTimeout(() => r(7), 5));\nv * 6"), 42);
  await assert.rejects(run("throw new RangeError('bad');"), /bad/);
  assert.equal(await run("v"), 7, "the scope survives a failed cell");
});

test('import { … } from "nndl" gives the library; type-only imports are erased', async () => {
  const lib = { double: (x: number) => 2 * x, Network: class {} };
  const run = notebook({ nndl: lib });
  await run(
    'import { double as twice, Network } from "nndl";\nimport type { Dataset } from "nndl";\nimport { type EpochRecord } from "nndl";\nconst d: Dataset | undefined = undefined;',
  );
  assert.equal(await run("twice(21)"), 42);
  assert.equal(await run("typeof Network"), "function");
  await assert.rejects(run('import * as fs from "fs";'), /Cannot find module 'fs'/);
});

test("a syntax error names its line and column", () => {
  assert.throws(
    () => transformCell("const a = 1;\nconst b = ;"),
    (e: Error) => e.name === "SyntaxError" && /line 2, column 11/.test(e.message),
  );
});
