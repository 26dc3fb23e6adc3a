/**
 * Jupyter's nbformat 4, the one home of its types and file handling: the runner reads a notebook and
 * writes its executed copy; the export and the student edition read executed copies and write new
 * notebooks. Types follow nbformat.v4.5.schema.json; `checkNotebook` checks the structure we rely on,
 * so a broken file fails on reading with its path instead of as an undefined deep inside a renderer.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { writeFileAtomically } from "../atomic-write";
import { InputError } from "../errors";
import type { MimeBundle } from "../notebook/display";

/** A multi-line string: Jupyter stores it as one string or as a list of lines (each keeping its "\n"). */
export type MultilineString = string | string[];

export type Output =
  | { output_type: "stream"; name: "stdout" | "stderr"; text: MultilineString }
  | { output_type: "display_data"; data: MimeBundle; metadata: Record<string, unknown>; transient?: unknown }
  | {
      output_type: "execute_result";
      execution_count: number | null;
      data: MimeBundle;
      metadata: Record<string, unknown>;
    }
  | { output_type: "error"; ename: string; evalue: string; traceback: string[] };

export interface CodeCell {
  cell_type: "code";
  id: string;
  metadata: Record<string, unknown>;
  source: MultilineString;
  outputs: Output[];
  execution_count: number | null;
}

export interface TextCell {
  cell_type: "markdown" | "raw";
  id: string;
  metadata: Record<string, unknown>;
  source: MultilineString;
  attachments?: Record<string, MimeBundle>;
}

export type Cell = CodeCell | TextCell;

export interface Notebook {
  nbformat: 4;
  nbformat_minor: number;
  metadata: Record<string, unknown>;
  cells: Cell[];
}

/** Joins Jupyter's list-of-lines form into one string. */
export function joinSource(source: MultilineString): string {
  return Array.isArray(source) ? source.join("") : source;
}

/** Splits text into Jupyter's list-of-lines form (every line but the last keeps its "\n"), as Jupyter writes it. */
export function splitSource(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

/**
 * Reads and structurally checks a notebook; throws InputError naming the file on anything malformed.
 * A 4.5 notebook whose cells lack an `id` is accepted as Jupyter's own tools accept it: the copy in
 * memory gets fresh ids and `warn` says so (the file itself is never rewritten).
 */
export function readNotebook(
  file: string,
  warn: (message: string) => void = (m) => process.stderr.write(`warning: ${m}\n`),
): Notebook {
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (err) {
    throw new InputError(`${file} is not a readable notebook: ${(err as Error).message}`);
  }
  const filled = fillMissingIds(json);
  if (filled > 0)
    warn(
      `${file}: ${filled} cell${filled === 1 ? "" : "s"} had no id (nbformat 4.5 requires one); ids were made up for this run, the file is unchanged`,
    );
  const problems = checkNotebook(json);
  if (problems.length > 0) throw new InputError(`${file} is not a valid nbformat 4 notebook: ${problems[0]}`);
  return json as Notebook;
}

/**
 * Writes a notebook the way Jupyter does (1-space indent, trailing newline) so diffs stay small, and
 * atomically (a tmp file, then rename), so a reader never sees half a notebook and an interrupted run
 * leaves the previous copy whole.
 */
export function writeNotebook(file: string, notebook: Notebook): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  writeFileAtomically(file, JSON.stringify(notebook, null, 1) + "\n");
}

/** Gives every cell of a 4.5+ notebook that has no `id` at all a fresh unique one; returns how many. */
function fillMissingIds(json: unknown): number {
  if (!isRecord(json) || !Array.isArray(json.cells) || !((json.nbformat_minor as number) >= 5)) return 0;
  const cells = json.cells.filter(isRecord);
  const taken = new Set(cells.map((c) => c.id));
  let filled = 0;
  cells.forEach((cell, i) => {
    if ("id" in cell) return;
    let id = `cell-${i + 1}`;
    for (let k = 2; taken.has(id); k++) id = `cell-${i + 1}-${k}`;
    taken.add(id);
    cell.id = id;
    filled++;
  });
  return filled;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const isMultiline = (v: unknown): boolean =>
  typeof v === "string" || (Array.isArray(v) && v.every((line) => typeof line === "string"));

/** Lists what is wrong with `json` as an nbformat 4.5 notebook (empty when it is fine). */
export function checkNotebook(json: unknown): string[] {
  if (!isRecord(json)) return ["the file is not a JSON object"];
  const problems: string[] = [];
  if (json.nbformat !== 4) problems.push(`nbformat is ${JSON.stringify(json.nbformat)}, expected 4`);
  if (typeof json.nbformat_minor !== "number") problems.push("nbformat_minor is missing");
  if (!isRecord(json.metadata)) problems.push("metadata is not an object");
  if (!Array.isArray(json.cells)) return [...problems, "cells is not a list"];
  json.cells.forEach((cell, i) => problems.push(...checkCell(cell, i, (json.nbformat_minor as number) >= 5)));
  return problems;
}

function checkCell(cell: unknown, index: number, needsId: boolean): string[] {
  const where = `cell ${index + 1}`;
  if (!isRecord(cell)) return [`${where} is not an object`];
  const problems: string[] = [];
  if (!["code", "markdown", "raw"].includes(cell.cell_type as string))
    problems.push(`${where} has cell_type ${JSON.stringify(cell.cell_type)}`);
  if (needsId && !(typeof cell.id === "string" && /^[a-zA-Z0-9-_]{1,64}$/.test(cell.id)))
    problems.push(`${where} has no valid id`);
  if (!isRecord(cell.metadata)) problems.push(`${where} metadata is not an object`);
  if (!isMultiline(cell.source)) problems.push(`${where} source is not a string or list of strings`);
  if (cell.cell_type === "code") {
    if (!Array.isArray(cell.outputs)) problems.push(`${where} outputs is not a list`);
    if (!(cell.execution_count === null || Number.isInteger(cell.execution_count)))
      problems.push(`${where} execution_count is not null or an integer`);
    if (Array.isArray(cell.outputs))
      cell.outputs.forEach((o, j) => problems.push(...checkOutput(o, `${where} output ${j + 1}`)));
  } else if ("outputs" in cell || "execution_count" in cell) {
    problems.push(`${where} is ${String(cell.cell_type)} but has outputs or execution_count`);
  }
  return problems;
}

function checkOutput(output: unknown, where: string): string[] {
  if (!isRecord(output)) return [`${where} is not an object`];
  switch (output.output_type) {
    case "stream":
      return isMultiline(output.text) && typeof output.name === "string"
        ? []
        : [`${where} is a stream without name/text`];
    case "display_data":
    case "execute_result":
      return isRecord(output.data) && isRecord(output.metadata) ? [] : [`${where} has no data/metadata objects`];
    case "error":
      return typeof output.ename === "string" && typeof output.evalue === "string" && Array.isArray(output.traceback)
        ? []
        : [`${where} is an error without ename/evalue/traceback`];
    default:
      return [`${where} has output_type ${JSON.stringify(output.output_type)}`];
  }
}
