/**
 * Which cells `nndl grade` may leave out. Most of a course notebook's run time goes to reproducing
 * the book's figures and numbers (thirty epochs on full MNIST, five seeds of a comparison) and to
 * figures, and no exercise needs them. Such a cell carries the Jupyter cell tag
 * `not-needed-for-grading`, and the grader skips it — but only when that is provably safe, so a
 * wrong tag costs time, never marks:
 *
 * - the cell holds no solution region and none of the notebook's exercise checks (their check-id
 *   prefixes from exercises.json), so skipping it changes no item's checks;
 * - no later code cell that runs (one not skipped itself) mentions any name the cell declares at
 *   top level (const/let/var, function, class, type, import) or assigns to (`x = …`, `x.w = …`,
 *   `x++`), so nothing that runs after it can depend on it. "Mentions" is any identifier with that
 *   name anywhere in the later cell: an over-approximation (a shadowing local counts too) that can
 *   only keep a cell that could have been skipped.
 *
 * A tagged cell that fails a test runs, and the grader says why. What no static test sees is a
 * method that changes an earlier object (`net.sgd(…)` on a network a later cell reads): the course's
 * CI covers that by grading each notebook with its tagged cells skipped, and every check that still
 * runs must come out exactly as in the full run. `npm run tag-grading-skips` (re)writes the tags:
 * every cell these tests allow.
 */
import ts from "typescript";
import { joinSource, type Cell, type Notebook } from "../nbformat";
import { hasSolutionRegion } from "../export/student";

export const GRADING_SKIP_TAG = "not-needed-for-grading";

export interface SkipPlan {
  /** Cell indices (into nb.cells) the grader leaves out. */
  skip: Set<number>;
  /** Tagged cells that must run anyway, and why (for the instructor to fix the tag or the cell). */
  kept: Array<{ index: number; id: string; reason: string }>;
}

export function isTaggedSkippable(cell: Cell): boolean {
  const tags = (cell.metadata as { tags?: unknown } | undefined)?.tags;
  return cell.cell_type === "code" && Array.isArray(tags) && tags.includes(GRADING_SKIP_TAG);
}

/** The tagged cells of `nb` that can be skipped; `exercisePrefixes` are its items' check-id prefixes. */
export function planSkips(nb: Notebook, exercisePrefixes: string[]): SkipPlan {
  const plan: SkipPlan = { skip: new Set(), kept: [] };
  const code = nb.cells.map((cell) => (cell.cell_type === "code" ? joinSource(cell.source) : null));
  // From the last cell up, so a run and the figure cells after it that only read it go together:
  // a later cell that is itself skipped needs nothing.
  for (let index = nb.cells.length - 1; index >= 0; index--) {
    const cell = nb.cells[index];
    if (!isTaggedSkippable(cell)) continue;
    const reason = whyNeeded(code, index, exercisePrefixes, plan.skip);
    if (reason) plan.kept.unshift({ index, id: cell.id ?? `cell-${index + 1}`, reason });
    else plan.skip.add(index);
  }
  return plan;
}

function whyNeeded(
  code: Array<string | null>,
  index: number,
  exercisePrefixes: string[],
  skipped: ReadonlySet<number>,
): string {
  const source = code[index]!;
  if (hasSolutionRegion(source)) return "it holds a solution region";
  const prefix = exercisePrefixes.find(
    (p) => source.includes(`"${p}`) || source.includes(`'${p}`) || source.includes(`\`${p}`),
  );
  if (prefix) return `it runs an exercise's check (${prefix}…)`;
  const declared = new Set([...topLevelNames(source), ...assignedNames(source)]);
  for (let later = index + 1; later < code.length; later++) {
    if (code[later] === null || skipped.has(later)) continue;
    const used = [...identifiersIn(code[later]!)].find((name) => declared.has(name));
    if (used) return `a later cell (${later + 1}) that runs uses ${used}, which it declares or assigns`;
  }
  return "";
}

function parse(source: string): ts.SourceFile {
  return ts.createSourceFile("cell.ts", source, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
}

/** Names a cell declares at its top level (what tslab makes visible to later cells). */
export function topLevelNames(source: string): Set<string> {
  const names = new Set<string>();
  const bind = (name: ts.BindingName | ts.Identifier | undefined): void => {
    if (!name) return;
    if (ts.isIdentifier(name)) names.add(name.text);
    else for (const element of name.elements) if (!ts.isOmittedExpression(element)) bind(element.name);
  };
  for (const statement of parse(source).statements) {
    if (ts.isVariableStatement(statement)) statement.declarationList.declarations.forEach((d) => bind(d.name));
    else if (ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement) || ts.isEnumDeclaration(statement))
      bind(statement.name);
    else if (ts.isInterfaceDeclaration(statement) || ts.isTypeAliasDeclaration(statement)) bind(statement.name);
    else if (ts.isImportDeclaration(statement)) {
      const clause = statement.importClause;
      bind(clause?.name);
      const bindings = clause?.namedBindings;
      if (bindings && ts.isNamespaceImport(bindings)) bind(bindings.name);
      else if (bindings) bindings.elements.forEach((e) => bind(e.name));
    }
  }
  return names;
}

/** Every identifier anywhere in a cell (property names included: over-approximating is safe). */
export function identifiersIn(source: string): Set<string> {
  const names = new Set<string>();
  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node)) names.add(node.text);
    ts.forEachChild(node, visit);
  };
  visit(parse(source));
  return names;
}

/**
 * The variables from outside a cell that it assigns to, or whose properties or elements it assigns
 * (the root name). A name the cell declares anywhere itself (a loop counter, a parameter) is its own.
 */
export function assignedNames(source: string): Set<string> {
  const names = new Set<string>();
  const own = new Set<string>();
  const root = (target: ts.Expression): void => {
    let node = target;
    while (
      ts.isPropertyAccessExpression(node) ||
      ts.isElementAccessExpression(node) ||
      ts.isParenthesizedExpression(node) ||
      ts.isNonNullExpression(node)
    )
      node = node.expression;
    if (ts.isIdentifier(node)) names.add(node.text);
    else if (ts.isArrayLiteralExpression(node))
      node.elements.forEach((e) => root(ts.isSpreadElement(e) ? e.expression : e));
    else if (ts.isObjectLiteralExpression(node)) {
      for (const p of node.properties) {
        if (ts.isShorthandPropertyAssignment(p)) names.add(p.name.text);
        else if (ts.isPropertyAssignment(p)) root(p.initializer);
        else if (ts.isSpreadAssignment(p)) root(p.expression);
      }
    }
  };
  const isUpdate = (op: ts.SyntaxKind) => op === ts.SyntaxKind.PlusPlusToken || op === ts.SyntaxKind.MinusMinusToken;
  const visit = (node: ts.Node): void => {
    if (
      (ts.isVariableDeclaration(node) || ts.isParameter(node) || ts.isBindingElement(node)) &&
      ts.isIdentifier(node.name)
    )
      own.add(node.name.text);
    if (
      ts.isBinaryExpression(node) &&
      node.operatorToken.kind >= ts.SyntaxKind.FirstAssignment &&
      node.operatorToken.kind <= ts.SyntaxKind.LastAssignment
    )
      root(node.left);
    else if ((ts.isPrefixUnaryExpression(node) || ts.isPostfixUnaryExpression(node)) && isUpdate(node.operator))
      root(node.operand);
    ts.forEachChild(node, visit);
  };
  visit(parse(source));
  return new Set([...names].filter((name) => !own.has(name)));
}

/** The cells the tests above allow to skip, as if every code cell were tagged: what the tags should be. */
export function allowedSkips(nb: Notebook, exercisePrefixes: string[]): Set<number> {
  const everyCellTagged: Notebook = {
    ...nb,
    cells: nb.cells.map((cell) =>
      cell.cell_type === "code" ? { ...cell, metadata: { ...cell.metadata, tags: [GRADING_SKIP_TAG] } } : cell,
    ),
  };
  return planSkips(everyCellTagged, exercisePrefixes).skip;
}
