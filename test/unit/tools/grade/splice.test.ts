import { test } from "node:test";
import assert from "node:assert/strict";
import { splice } from "../../../../src/tools/grade/splice";

// A student-edition answer cell, as the exporter writes it: given start, the stub, given end.
const EDITION = [
  "function double(x: number): number {",
  "  // YOUR CODE HERE",
  '  throw new Error("Not done yet: replace these two lines with your solution, then run the cell and the checks below it.");',
  "}",
].join("\n");
const ANSWER = "  return 2 * x;";
const graded = (...lines: string[]) => lines.join("\n");

test("splice: the student's lines replace the stub; the given start and end are the instructor's", () => {
  const expected = graded("function double(x: number): number {", ANSWER, "}");
  assert.equal(splice(EDITION, graded("function double(x: number): number {", ANSWER, "}")), expected);
  assert.equal(
    splice(EDITION, graded("function double(x: number): number {", "  // YOUR CODE HERE", ANSWER, "}")),
    graded("function double(x: number): number {", "  // YOUR CODE HERE", ANSWER, "}"),
  );
  // The given end deleted: the instructor's comes back.
  assert.equal(splice(EDITION, graded("function double(x: number): number {", ANSWER)), expected);
});

test("splice: lines added after the given end or before the given start stay where they were (one closing brace)", () => {
  assert.equal(
    splice(EDITION, graded("function double(x: number): number {", ANSWER, "}", "// my answer goes here")),
    graded("function double(x: number): number {", ANSWER, "}", "// my answer goes here"),
  );
  assert.equal(
    splice(
      EDITION,
      graded("// first try", "function double(x: number): number {", ANSWER, "}", "const y = double(2);"),
    ),
    graded("// first try", "function double(x: number): number {", ANSWER, "}", "const y = double(2);"),
  );
  // An answer with braces of its own, then a note: the answer keeps its braces.
  const withIf = ["  if (x === 0) {", "    return 0;", "  }", ANSWER];
  assert.equal(
    splice(EDITION, graded("function double(x: number): number {", ...withIf, "}", "// note")),
    graded("function double(x: number): number {", ...withIf, "}", "// note"),
  );
});

test("splice: a changed given start stays in the answer, followed by the instructor's end", () => {
  assert.equal(
    splice(EDITION, graded("function double(x: number) {", ANSWER, "}")),
    graded("function double(x: number): number {", "function double(x: number) {", ANSWER, "}"),
  );
});
