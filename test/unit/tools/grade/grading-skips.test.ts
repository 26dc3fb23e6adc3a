import { test } from "node:test";
import assert from "node:assert/strict";
import { assignedNames, identifiersIn, planSkips, topLevelNames } from "../../../../src/tools/grade/grading-skips";
import type { Notebook } from "../../../../src/tools/nbformat";

function notebook(...cells: Array<string | { tagged: string }>): Notebook {
  return {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: {},
    cells: cells.map((c, i) => ({
      cell_type: "code" as const,
      id: `c${i}`,
      execution_count: null,
      outputs: [],
      metadata: typeof c === "string" ? {} : { tags: ["not-needed-for-grading"] },
      source: typeof c === "string" ? c : c.tagged,
    })),
  } as Notebook;
}

test("topLevelNames: what tslab makes visible to later cells, and nothing block-scoped", () => {
  const names = topLevelNames(
    [
      'import { Network, loadMnist as load } from "nndl";',
      'import * as fs from "node:fs";',
      "const { a, b: [c, , d] } = f(), e = 1;",
      "let g; var h = 2;",
      "function k() { const inner = 1; return inner; }",
      "class K {}",
      "type T = number; interface I {}",
      "for (let i = 0; i < 3; i++) { const loopLocal = i; }",
      "{ const blockLocal = 1; }",
    ].join("\n"),
  );
  assert.deepEqual(
    [...names].sort(),
    ["I", "K", "Network", "T", "a", "c", "d", "e", "fs", "g", "h", "k", "load"].sort(),
  );
});

test("assignedNames: outside variables a cell writes to, by root name; its own locals are its own", () => {
  const names = assignedNames(
    [
      "net.weights[0][1] = 3;",
      "counter++;",
      "[x, y] = [y, x];",
      "({ p, q: r } = obj);",
      "total += 1;",
      "for (let i = 0; i < 3; i++) { let s = 0; s += i; }",
      "function f(param: number) { param = 2; }",
    ].join("\n"),
  );
  assert.deepEqual([...names].sort(), ["counter", "net", "p", "r", "total", "x", "y"].sort());
  assert.ok(identifiersIn("a.b(c)").has("c"));
});

test("a tagged cell is skipped only when nothing after it can depend on it", () => {
  const prefixes = ["ch3.exercise"];
  const load = "const data = loadSome();";
  const given = (tagged: string, later = "use(data);") => planSkips(notebook(load, { tagged }, later), prefixes);

  assert.deepEqual([...given('const run = train(data); checkClose("ch3.book-figure", "f", run, 0.9, 0.1);').skip], [1]);
  assert.deepEqual(
    [...given("for (let i = 0; i < 3; i++) train(data);", "for (let i = 0; i < 2; i++) use(data);").skip],
    [1],
    "its loop counter is its own",
  );

  const kept = (tagged: string, later?: string) => {
    const plan = given(tagged, later);
    assert.equal(plan.skip.size, 0, `should run: ${tagged}`);
    return plan.kept[0].reason;
  };
  assert.match(kept("const run = train(data);", "plotRun(run);"), /later cell \(3\) that runs uses run/);
  assert.match(kept("data.extra = 1;"), /uses data, which it declares or assigns/);
  assert.match(kept('checkClose("ch3.exercise.part", "x", 1, 1, 0);'), /exercise's check \(ch3\.exercise…\)/);
  assert.match(kept("// BEGIN SOLUTION\nconst answer = 1;\n// END SOLUTION"), /solution region/);
  // An untagged cell is never skipped.
  assert.equal(planSkips(notebook(load, "train(data);", "use(data);"), prefixes).skip.size, 0);
});

test("a run and the tagged figure cells that only read it are skipped together; an untagged reader keeps the run", () => {
  const cells = ["const data = loadSome();", { tagged: "const run = train(data);" }, { tagged: "plotRun(run);" }];
  assert.deepEqual([...planSkips(notebook(...cells, "use(data);"), []).skip].sort(), [1, 2]);
  // The run must run for its untagged reader; its figure cell still need not.
  const plan = planSkips(notebook(...cells, "use(run);"), []);
  assert.deepEqual([...plan.skip], [2]);
  assert.deepEqual(
    plan.kept.map((k) => k.index),
    [1],
  );
});
