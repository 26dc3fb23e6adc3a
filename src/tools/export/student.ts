/**
 * The student edition: the source notebooks with every solution replaced by a stub, in nbgrader's
 * convention. In a code cell,
 *
 *     function sigmoid(z: number): number {
 *       // BEGIN SOLUTION
 *       return 1 / (1 + Math.exp(-z));
 *       // END SOLUTION
 *     }
 *
 * becomes
 *
 *     function sigmoid(z: number): number {
 *       // YOUR CODE HERE
 *       throw new Error("…");
 *     }
 *
 * The stub keeps the marker's indentation and throws, so the cell still type-checks (a function
 * that throws needs no return) and the checks below it fail loudly until the student writes code.
 *
 * A worked answer in markdown (a derivation, a proof, the formula the stub asks for) is marked the
 * same way with HTML comments, invisible in the instructor's rendered notebook:
 *
 *     <!-- BEGIN SOLUTION -->
 *     Differentiating, $\partial C/\partial b = a - y$ …
 *     <!-- END SOLUTION -->
 *
 * and becomes one line inviting the student's own answer (ANSWER_PROMPT). The teaching text before
 * an exercise stays. Outputs and execution counts are cleared; everything else, checks included, is kept.
 */
import { InputError } from "../../errors";
import { joinSource, splitSource, type Cell, type Notebook } from "../nbformat";

/** A kind of solution region: its marker lines and what the student edition puts in its place. */
interface RegionStyle {
  begin: RegExp;
  end: RegExp;
  beginText: string;
  endText: string;
  /** A line that looks like a marker but is not one (an error: the region would silently stay). */
  malformed: RegExp;
  stub: (indent: string) => string[];
}

export const STUB_COMMENT = "// YOUR CODE HERE";
export const STUB_ERROR =
  "Not done yet: replace these two lines with your solution, then run the cell and the checks below it.";
/** What replaces a worked answer in a markdown cell. */
export const ANSWER_PROMPT = "*Your answer here: replace this line with your derivation or explanation.*";

const CODE: RegionStyle = {
  begin: /^([ \t]*)\/\/[ \t]*BEGIN SOLUTION[ \t]*$/,
  end: /^[ \t]*\/\/[ \t]*END SOLUTION[ \t]*$/,
  beginText: "// BEGIN SOLUTION",
  endText: "// END SOLUTION",
  malformed: /(BEGIN|END) SOLUTION/,
  stub: (indent) => [`${indent}${STUB_COMMENT}`, `${indent}throw new Error(${JSON.stringify(STUB_ERROR)});`],
};

/** In markdown, HTML comments: invisible when the instructor's notebook is rendered. */
const MARKDOWN: RegionStyle = {
  begin: /^([ \t]*)<!--[ \t]*BEGIN SOLUTION[ \t]*-->[ \t]*$/,
  end: /^[ \t]*<!--[ \t]*END SOLUTION[ \t]*-->[ \t]*$/,
  beginText: "<!-- BEGIN SOLUTION -->",
  endText: "<!-- END SOLUTION -->",
  malformed: /<!--.*(BEGIN|END) SOLUTION/, // prose may name the markers; only comments count
  stub: () => [ANSWER_PROMPT],
};

/** Whether a cell's code holds a solution region (a `// BEGIN SOLUTION` line). */
export function hasSolutionRegion(code: string): boolean {
  return code.split("\n").some((line) => CODE.begin.test(line));
}

/** Whether `line` is one of the two lines a stub consists of (in any indentation). */
export function isStubLine(line: string): "comment" | "throw" | null {
  const text = line.trim();
  if (text === STUB_COMMENT) return "comment";
  if (text === `throw new Error(${JSON.stringify(STUB_ERROR)});`) return "throw";
  return null;
}

/**
 * Replaces each solution region of one cell's code with the stub. `where` names the cell in
 * errors, e.g. `notebooks/01-perceptrons.ipynb, cell 7 (id "sigmoid")`.
 */
export function stripSolutions(code: string, where: string): string {
  return stripRegions(code, where, CODE);
}

/** Replaces each `<!-- BEGIN SOLUTION -->` … `<!-- END SOLUTION -->` region of a markdown cell with the answer prompt. */
export function stripWorkedAnswers(markdown: string, where: string): string {
  return stripRegions(markdown, where, MARKDOWN);
}

function stripRegions(text: string, where: string, style: RegionStyle): string {
  const out: string[] = [];
  let open: { line: number; indent: string } | undefined;
  text.split("\n").forEach((line, i) => {
    const begin = style.begin.exec(line);
    if (begin) {
      if (open)
        throw new InputError(
          `${where}: "${style.beginText}" on line ${i + 1} comes before the "${style.endText}" of the one on line ${open.line}`,
        );
      open = { line: i + 1, indent: begin[1] };
      out.push(...style.stub(open.indent));
    } else if (style.end.test(line)) {
      if (!open)
        throw new InputError(`${where}: "${style.endText}" on line ${i + 1} has no "${style.beginText}" before it`);
      open = undefined;
    } else if (style.malformed.test(line)) {
      throw new InputError(
        `${where}: line ${i + 1} mentions a solution marker but is not one; a marker is a line of its own: "${style.beginText}" or "${style.endText}"`,
      );
    } else if (!open) {
      out.push(line);
    }
  });
  if (open)
    throw new InputError(`${where}: "${style.beginText}" on line ${open.line} has no "${style.endText}" after it`);
  return out.join("\n");
}

function studentCell(cell: Cell, index: number, notebookName: string): Cell {
  const where = `${notebookName}, cell ${index + 1} (id "${cell.id}")`;
  if (cell.cell_type === "markdown")
    return { ...cell, source: splitSource(stripWorkedAnswers(joinSource(cell.source), where)) };
  if (cell.cell_type !== "code") return cell;
  const source = stripSolutions(joinSource(cell.source), where);
  // Timing metadata from a run says nothing about the student's copy.
  const { execution: _execution, ...metadata } = cell.metadata as Record<string, unknown>;
  return { ...cell, metadata, source: splitSource(source), outputs: [], execution_count: null };
}

/** The student edition of one notebook (a new object; `notebook` is not modified). */
export function studentNotebook(notebook: Notebook, notebookName: string): Notebook {
  return { ...notebook, cells: notebook.cells.map((cell, i) => studentCell(cell, i, notebookName)) };
}
