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
 * Outputs and execution counts are cleared; everything else, checks included, is kept.
 */
import { InputError } from "../../errors";
import { joinSource, splitSource, type Cell, type Notebook } from "./ipynb";

const BEGIN = /^([ \t]*)\/\/[ \t]*BEGIN SOLUTION[ \t]*$/;
const END = /^[ \t]*\/\/[ \t]*END SOLUTION[ \t]*$/;
const ANY_MARKER = /(BEGIN|END) SOLUTION/;

export const STUB_COMMENT = "// YOUR CODE HERE";
export const STUB_ERROR = "Not done yet: replace this line with your solution, then run the cell and the checks below it.";

/**
 * Replaces each solution region of one cell's code with the stub. `where` names the cell in
 * errors, e.g. `notebooks/01-perceptrons.ipynb, cell 7 (id "sigmoid")`.
 */
export function stripSolutions(code: string, where: string): string {
  const out: string[] = [];
  let open: { line: number; indent: string } | undefined;
  code.split("\n").forEach((text, i) => {
    const begin = BEGIN.exec(text);
    if (begin) {
      if (open) throw new InputError(`${where}: "// BEGIN SOLUTION" on line ${i + 1} comes before the "// END SOLUTION" of the one on line ${open.line}`);
      open = { line: i + 1, indent: begin[1] };
      out.push(`${open.indent}${STUB_COMMENT}`, `${open.indent}throw new Error(${JSON.stringify(STUB_ERROR)});`);
    } else if (END.test(text)) {
      if (!open) throw new InputError(`${where}: "// END SOLUTION" on line ${i + 1} has no "// BEGIN SOLUTION" before it`);
      open = undefined;
    } else if (ANY_MARKER.test(text)) {
      throw new InputError(`${where}: line ${i + 1} mentions a solution marker but is not one; a marker is a line of its own: "// BEGIN SOLUTION" or "// END SOLUTION"`);
    } else if (!open) {
      out.push(text);
    }
  });
  if (open) throw new InputError(`${where}: "// BEGIN SOLUTION" on line ${open.line} has no "// END SOLUTION" after it`);
  return out.join("\n");
}

function studentCell(cell: Cell, index: number, notebookName: string): Cell {
  if (cell.cell_type !== "code") return cell;
  const where = `${notebookName}, cell ${index + 1} (id "${cell.id}")`;
  const source = stripSolutions(joinSource(cell.source), where);
  // Timing metadata from a run says nothing about the student's copy.
  const { execution: _execution, ...metadata } = cell.metadata as Record<string, unknown>;
  return { ...cell, metadata, source: splitSource(source), outputs: [], execution_count: null };
}

/** The student edition of one notebook (a new object; `notebook` is not modified). */
export function studentNotebook(notebook: Notebook, notebookName: string): Notebook {
  return { ...notebook, cells: notebook.cells.map((cell, i) => studentCell(cell, i, notebookName)) };
}
