/**
 * What grading takes from a submission: only the answers. The graded notebook is the instructor's,
 * cell for cell; in each cell that holds a solution region (an "answer cell") the student's version
 * of the region is spliced in. Everything else — the given code, the checks, the order of cells — is
 * the instructor's, so a deleted, edited, moved or added cell neither helps nor hurts.
 *
 * The student edition has no markers (the stub replaced the region), so the student's answer is
 * found by difference: the instructor's answer cell, in its student edition, is P + stub + Q (P the
 * lines before the first region, Q those after the last). From the student's cell we remove the
 * lines it shares with the start of P and the end of Q; what remains is the answer, and the graded
 * cell is P + answer + Q. A student who also edited P or Q sees those edits inside their answer,
 * followed by the instructor's Q: the checks in Q still run as written.
 */
import { joinSource, type Cell, type Notebook } from "../nbformat";
import { hasSolutionRegion, isStubLine, stripSolutions } from "../export/student";

/** One cell of the graded notebook: its code, and whether any of it came from the submission. */
export interface GradedCell {
  index: number;
  id: string;
  code: string;
  answer: boolean;
  /** Where the answer came from: a cell id, a position, or nowhere (the stub was kept). */
  source: "id" | "order" | "missing" | null;
}

export function isAnswerCell(cell: Cell): boolean {
  return cell.cell_type === "code" && hasSolutionRegion(joinSource(cell.source));
}

/**
 * The instructor's code cells with the submission's answers spliced in (`submission` null: the
 * instructor's own solutions, the reference run). Markdown cells are not run and are left out, and
 * so are the cells in `skip` (cells no exercise needs: ./grading-skips.ts).
 */
export function gradedCells(
  instructor: Notebook,
  submission: Notebook | null,
  name: string,
  skip: ReadonlySet<number> = new Set(),
): GradedCell[] {
  const answers = submission
    ? matchAnswers(instructor, submission)
    : new Map<number, { text: string; by: "id" | "order" }>();
  const cells: GradedCell[] = [];
  instructor.cells.forEach((cell, index) => {
    if (cell.cell_type !== "code" || skip.has(index)) return;
    const code = joinSource(cell.source);
    const id = cell.id ?? `cell-${index + 1}`;
    if (!isAnswerCell(cell)) return cells.push({ index, id, code, answer: false, source: null });
    if (!submission) return cells.push({ index, id, code, answer: true, source: null });
    const student = stripSolutions(code, `${name}, cell ${index + 1} (id "${id}")`);
    const found = answers.get(index);
    cells.push({
      index,
      id,
      code: found ? splice(student, found.text) : student,
      answer: true,
      source: found ? found.by : "missing",
    });
  });
  return cells;
}

/**
 * Pairs each instructor answer cell with a submitted cell: the one with the same id, else (for
 * submissions whose cells have no ids, or new ones) the next unused code cell in order that is not
 * a verbatim copy of an instructor cell that holds no answer.
 */
function matchAnswers(instructor: Notebook, submission: Notebook): Map<number, { text: string; by: "id" | "order" }> {
  const found = new Map<number, { text: string; by: "id" | "order" }>();
  const submitted = submission.cells.filter((c) => c.cell_type === "code");
  const byId = new Map(submitted.filter((c) => typeof c.id === "string").map((c) => [c.id, c]));
  const used = new Set<Cell>();
  const answerCells = instructor.cells.flatMap((c, i) => (isAnswerCell(c) ? [[i, c] as const] : []));
  for (const [index, cell] of answerCells) {
    const match = cell.id === undefined ? undefined : byId.get(cell.id);
    if (match) {
      found.set(index, { text: joinSource(match.source), by: "id" });
      used.add(match);
    }
  }
  const given = new Set(
    instructor.cells.filter((c) => c.cell_type === "code" && !isAnswerCell(c)).map((c) => joinSource(c.source)),
  );
  const spare = submitted.filter((c) => !used.has(c) && !byId.has(c.id ?? "\0") && !given.has(joinSource(c.source)));
  for (const [index] of answerCells) {
    if (found.has(index)) continue;
    const next = spare.shift();
    if (!next) break;
    found.set(index, { text: joinSource(next.source), by: "order" });
  }
  return found;
}

/**
 * The instructor's student-edition cell with the student's answer in place of its stub(s): the
 * lines the submitted cell shares with the start and end of the student edition are the given code,
 * the rest is the answer. Lines the student added before the whole given start, or after the whole
 * given end (a note under the function, a helper after it), stay where they were: without this, a
 * comment after the closing brace made the answer end with that brace, and the graded cell had two.
 */
export function splice(studentEdition: string, submitted: string): string {
  const given = studentEdition.split("\n");
  const stub = given.findIndex((line) => isStubLine(line) === "comment");
  const lastThrow = given.length - 1 - [...given].reverse().findIndex((line) => isStubLine(line) === "throw");
  const before = given.slice(0, stub),
    after = given.slice(lastThrow + 1);
  const lines = submitted.split("\n");
  const head = before.length > 0 ? blockAt(lines, before, 0, lines.length) : -1;
  const added = head > 0 ? lines.slice(0, head) : [];
  let start = head >= 0 ? head + before.length : 0;
  if (head < 0) while (start < before.length && start < lines.length && lines[start] === before[start]) start++;
  const tail = after.length > 0 ? lastBlockAt(lines, after, start) : -1;
  if (tail >= 0)
    return [...added, ...before, ...lines.slice(start, tail), ...after, ...lines.slice(tail + after.length)].join("\n");
  let end = lines.length;
  for (let k = after.length - 1; k >= 0 && end > start && lines[end - 1] === after[k]; k--) end--;
  // Lines of the given code the student changed stay in the answer; the given code is the instructor's.
  return [...added, ...before, ...lines.slice(start, end), ...after].join("\n");
}

/** The first index i in [from, to) where `block` starts in `lines`, or −1. */
function blockAt(lines: string[], block: string[], from: number, to: number): number {
  for (let i = from; i + block.length <= to; i++) if (block.every((line, k) => lines[i + k] === line)) return i;
  return -1;
}

/** The last index i ≥ from where `block` starts in `lines`, or −1. */
function lastBlockAt(lines: string[], block: string[], from: number): number {
  for (let i = lines.length - block.length; i >= from; i--)
    if (block.every((line, k) => lines[i + k] === line)) return i;
  return -1;
}
