/**
 * A notebook cell's TypeScript → JavaScript that runs with tslab's semantics in the page's worker:
 * what a cell declares at top level is visible to the cells run after it, top-level `await` works,
 * `import { … } from "nndl"` gives the bundled library, and the last expression's value is returned
 * (the worker prints it, as tslab does, unless it is null or undefined).
 *
 * Types are erased by TypeScript's own transpiler (transpileModule, no type checking: a type error
 * is not reported, the code simply runs). Then each cell becomes one strict direct `eval` inside the
 * previous cell's scope (see ./scope-chain), in this shape:
 *
 *     "use strict";
 *     let x, net, Network;                    // every top-level name, declared for later cells
 *     function helper() { … }                 // function declarations stay hoisted, as written
 *     ({ done: (async () => {                 // the statements in order, declarations as assignments
 *         ({ Network } = __nndlImport("nndl"));
 *         x = 1; net = new Network([2, 1]);
 *         return (net.sizes);                 // the last expression statement
 *       })(), next: (__nndlCode) => eval(__nndlCode) })
 */
import type * as TS from "typescript";

/**
 * TypeScript (3 MB of the worker's code), loaded on first use: the worker says it is ready before
 * paying for it, then warms it up at once (worker.ts), so the first Run seldom waits for it.
 */
let loaded: typeof TS | undefined;
function typescript(): typeof TS {
  return (loaded ??= require("typescript") as typeof TS);
}

export interface TransformedCell {
  /** The code to evaluate in the previous cell's scope. */
  code: string;
  /** Top-level names the cell declares. */
  names: string[];
}

/** A syntax error in a cell: its message names the line and column as the editor shows them. */
export class CellSyntaxError extends Error {
  override readonly name = "SyntaxError";
}

const compilerOptions = (ts: typeof TS): TS.CompilerOptions => ({
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.ESNext,
  verbatimModuleSyntax: true, // keep every value import: later cells may use what this cell imports
  useDefineForClassFields: true,
  alwaysStrict: false, // the cell code is made strict by its eval wrapper
  removeComments: false,
});

export function transformCell(source: string): TransformedCell {
  const ts = typescript();
  const output = ts.transpileModule(source, {
    compilerOptions: compilerOptions(ts),
    reportDiagnostics: true,
    fileName: "cell.ts",
  });
  const error = output.diagnostics?.find((d) => d.category === ts.DiagnosticCategory.Error);
  if (error) throw new CellSyntaxError(diagnosticText(error));
  return hoistDeclarations(output.outputText);
}

function diagnosticText(d: TS.Diagnostic): string {
  const ts = typescript();
  const message = ts.flattenDiagnosticMessageText(d.messageText, "\n");
  if (!d.file || d.start === undefined) return message;
  const { line, character } = d.file.getLineAndCharacterOfPosition(d.start);
  return `${message} (line ${line + 1}, column ${character + 1})`;
}

function hoistDeclarations(js: string): TransformedCell {
  const ts = typescript();
  const file = ts.createSourceFile("cell.js", js, ts.ScriptTarget.ES2022, true, ts.ScriptKind.JS);
  const names: string[] = [];
  const hoisted: string[] = [];
  const body: string[] = [];
  const statements = file.statements;
  statements.forEach((statement, i) => {
    const text = statement.getText(file);
    const last = i === statements.length - 1;
    if (ts.isImportDeclaration(statement)) {
      body.push(importAssignment(statement, file, names));
    } else if (ts.isVariableStatement(statement)) {
      body.push(declarationAssignments(statement.declarationList, file, names));
    } else if (ts.isFunctionDeclaration(statement) && statement.name) {
      hoisted.push(withoutExport(text));
    } else if (ts.isClassDeclaration(statement) && statement.name) {
      names.push(statement.name.text);
      body.push(`${statement.name.text} = ${withoutExport(text)};`);
    } else if (ts.isExportDeclaration(statement) || ts.isExportAssignment(statement)) {
      // `export {}` (emitted for files with imports) and re-exports mean nothing in a notebook.
    } else if (last && ts.isExpressionStatement(statement)) {
      body.push(`return (${statement.expression.getText(file)});`);
    } else {
      body.push(text);
    }
  });
  const declared = [...new Set(names)].filter(
    (n) => !hoisted.some((h) => new RegExp(`^(async\\s+)?function\\s*\\*?\\s*${n}\\b`).test(h)),
  );
  const code = [
    `"use strict";`,
    declared.length > 0 ? `let ${declared.join(", ")};` : "",
    ...hoisted,
    `({ done: (async () => {\n${body.join("\n")}\n})(), next: (__nndlCode) => eval(__nndlCode) })`,
  ].join("\n");
  return { code, names: declared };
}

function withoutExport(text: string): string {
  return text.replace(/^export\s+(default\s+)?/, "");
}

/** `import { a, b as c } from "nndl"` → `({ a, b: c } = __nndlImport("nndl"));` */
function importAssignment(node: TS.ImportDeclaration, file: TS.SourceFile, names: string[]): string {
  const ts = typescript();
  const from = (node.moduleSpecifier as TS.StringLiteral).text;
  const module = `__nndlImport(${JSON.stringify(from)})`;
  const clause = node.importClause;
  if (!clause) return `${module};`;
  const parts: string[] = [];
  if (clause.name) {
    names.push(clause.name.text);
    parts.push(`${clause.name.text} = ${module}.default ?? ${module};`);
  }
  const bindings = clause.namedBindings;
  if (bindings && ts.isNamespaceImport(bindings)) {
    names.push(bindings.name.text);
    parts.push(`${bindings.name.text} = ${module};`);
  } else if (bindings && ts.isNamedImports(bindings)) {
    const pairs = bindings.elements
      .filter((e) => !e.isTypeOnly)
      .map((e) => {
        names.push(e.name.text);
        return e.propertyName ? `${e.propertyName.getText(file)}: ${e.name.text}` : e.name.text;
      });
    if (pairs.length > 0) parts.push(`({ ${pairs.join(", ")} } = ${module});`);
  }
  return parts.join("\n");
}

/** `const { a, b } = f(), c = 2;` → `({ a, b } = f()); c = 2;` (the names are declared above). */
function declarationAssignments(list: TS.VariableDeclarationList, file: TS.SourceFile, names: string[]): string {
  return list.declarations
    .map((d) => {
      names.push(...boundNames(d.name));
      if (!d.initializer) return "";
      return `(${d.name.getText(file)} = ${d.initializer.getText(file)});`;
    })
    .join("\n");
}

function boundNames(name: TS.BindingName): string[] {
  const ts = typescript();
  if (ts.isIdentifier(name)) return [name.text];
  return name.elements.flatMap((e) => (ts.isOmittedExpression(e) ? [] : boundNames(e.name)));
}
