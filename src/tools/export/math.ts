/**
 * TeX math in Markdown, rendered at build time with KaTeX, as a markdown-it plugin.
 *
 * Why a plugin and not a regex pass: Markdown must never see the inside of a formula (`a_1 * b_2`
 * would become emphasis, `\\` would lose a backslash), but `$` inside a code span or a fenced
 * block is not math. Only the parser knows which is which, so the math rules run inside it:
 * - block rule: a paragraph that starts with `$$` runs to the line that ends with `$$`;
 * - inline rule: `$$…$$` (display) and `$…$` with Pandoc's guards — the opening `$` is not
 *   followed by a space, the closing one is not preceded by a space nor followed by a digit —
 *   so "costs $5 and $6" stays text. `\$` is an escaped dollar, as in Jupyter.
 */
import katex from "katex";
import type MarkdownIt from "markdown-it";
import { escapeHtml } from "../../html";

type StateInline = MarkdownIt.StateInline;
type StateBlock = MarkdownIt.StateBlock;
type RendererRule = MarkdownIt.RendererRule;

const DOLLAR = 0x24;
const BACKSLASH = 0x5c;

/** What went wrong while rendering; collected in markdown-it's `env` so the exporter can warn once per page. */
export interface MathEnv {
  mathErrors?: string[];
  [key: string]: unknown;
}

/** Renders TeX with KaTeX; a bad formula becomes its escaped source marked as an error, and is recorded in env. */
export function renderTex(tex: string, displayMode: boolean, env: MathEnv = {}): string {
  try {
    return katex.renderToString(tex, { displayMode, throwOnError: true, strict: "ignore", output: "htmlAndMathml" });
  } catch (err) {
    const message = (err as Error).message;
    (env.mathErrors ??= []).push(`${message} in ${displayMode ? "$$" : "$"}${tex}${displayMode ? "$$" : "$"}`);
    return `<code class="math-error" title="${escapeHtml(message)}">${escapeHtml(tex)}</code>`;
  }
}

/** Finds the next unescaped `$` (or `$$` when `double`) at or after `from`, before `end`; -1 if none. */
function findClosing(src: string, from: number, end: number, double: boolean): number {
  for (let i = from; i < end; i++) {
    const c = src.charCodeAt(i);
    if (c === BACKSLASH) {
      i++; // `\$` inside math is a literal dollar (TeX's own escape), not the end
    } else if (c === DOLLAR && (!double || src.charCodeAt(i + 1) === DOLLAR)) {
      return i;
    }
  }
  return -1;
}

function mathInline(state: StateInline, silent: boolean): boolean {
  const { src, pos, posMax } = state;
  if (src.charCodeAt(pos) !== DOLLAR) return false;
  const display = src.charCodeAt(pos + 1) === DOLLAR;
  const start = pos + (display ? 2 : 1);
  const close = findClosing(src, start, posMax, display);
  if (close < 0 || close === start) return false;
  if (!display) {
    const isSpace = (i: number) => /\s/.test(src[i] ?? "");
    if (isSpace(start) || isSpace(close - 1) || /[0-9]/.test(src[close + 1] ?? "")) return false;
  }
  if (!silent) {
    const token = state.push(display ? "math_display" : "math_inline", "math", 0);
    token.content = src.slice(start, close);
    token.markup = display ? "$$" : "$";
  }
  state.pos = close + (display ? 2 : 1);
  return true;
}

function mathBlock(state: StateBlock, startLine: number, endLine: number, silent: boolean): boolean {
  const begin = state.bMarks[startLine] + state.tShift[startLine];
  if (state.sCount[startLine] - state.blkIndent >= 4) return false; // indented code, not math
  if (!state.src.startsWith("$$", begin)) return false;
  let line = startLine;
  let text = state.src.slice(begin + 2, state.eMarks[startLine]);
  let closed = text.trimEnd().endsWith("$$") && text.trim().length >= 2;
  while (!closed && ++line < endLine) {
    if (state.isEmpty(line)) return false; // a blank line ends a paragraph: no closing $$, so not a block
    text += "\n" + state.src.slice(state.bMarks[line] + state.tShift[line], state.eMarks[line]);
    closed = text.trimEnd().endsWith("$$");
  }
  if (!closed) return false;
  const body = text.trimEnd().slice(0, -2);
  if (body.includes("$$")) return false; // `$$a$$ and $$b$$` is a paragraph with two inline displays
  if (silent) return true;
  const token = state.push("math_block", "math", 0);
  token.block = true;
  token.content = body.trim();
  token.markup = "$$";
  token.map = [startLine, line + 1];
  state.line = line + 1;
  return true;
}

/** markdown-it plugin: `md.use(mathPlugin)`. */
export function mathPlugin(md: MarkdownIt.MarkdownIt): void {
  md.inline.ruler.before("escape", "math_inline", mathInline);
  md.block.ruler.before("fence", "math_block", mathBlock, { alt: ["paragraph", "reference", "blockquote", "list"] });
  const inline: RendererRule = (tokens, i, _o, env) => renderTex(tokens[i].content, false, env as MathEnv);
  const display: RendererRule = (tokens, i, _o, env) => renderTex(tokens[i].content, true, env as MathEnv);
  md.renderer.rules.math_inline = inline;
  md.renderer.rules.math_display = display;
  md.renderer.rules.math_block = (tokens, i, o, env, self) =>
    `<div class="math-display">${display(tokens, i, o, env, self)}</div>\n`;
}
