/**
 * Code highlighting with highlight.js at build time, so pages need only its stylesheet.
 * Notebook code is TypeScript; Markdown fences may name another language (the book's Python).
 */
import hljs from "highlight.js";
import { escapeHtml } from "../../html";

/** Highlights `code` as `language` (default TypeScript); unknown languages are escaped, not guessed. */
export function highlightCode(code: string, language = "typescript"): string {
  const lang = language.trim().toLowerCase() || "typescript";
  if (!hljs.getLanguage(lang)) return escapeHtml(code);
  return hljs.highlight(code, { language: lang, ignoreIllegals: true }).value;
}
