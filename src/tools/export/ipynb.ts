/**
 * The nbformat 4 types and file helpers the export and the student edition use. They live in
 * ../nbformat (shared with the runner, which writes the executed copies the export reads); this
 * module keeps the names the export's files import.
 */
export { checkNotebook, joinSource, readNotebook, splitSource, writeNotebook } from "../nbformat";
export type { Cell, CodeCell, MimeBundle, MultilineString, Notebook, Output, TextCell } from "../nbformat";
