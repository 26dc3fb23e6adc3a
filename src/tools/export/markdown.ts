/**
 * Markdown cells → HTML with markdown-it (CommonMark), KaTeX math (./math) and highlight.js code.
 * Raw HTML is allowed, as in Jupyter: the notebooks are the course's own trusted content.
 * Links to sibling notebooks (`02-backprop.ipynb#x`) point at their exported pages instead, and
 * `attachment:` images (pasted into a cell in Jupyter) become data URLs from the cell's attachments.
 */
import MarkdownIt from "markdown-it";
import { highlightCode } from "./highlight";
import { mathPlugin, type MathEnv } from "./math";
import type { MimeBundle } from "./ipynb";

export interface MarkdownEnv extends MathEnv {
  /** The cell's attachments (name → MIME bundle), for `![](attachment:name)`. */
  attachments?: Record<string, MimeBundle>;
}

const md = new MarkdownIt({ html: true, linkify: false, typographer: false, highlight: (code, lang) => highlightCode(code, lang) });
md.use(mathPlugin);

/** Relative `x.ipynb` links become `x.html`: the site has one page per notebook, named after it. */
function toPageLink(href: string): string {
  if (/^[a-z][a-z0-9+.-]*:/i.test(href) || href.startsWith("/")) return href;
  return href.replace(/^([^#?]*)\.ipynb(?=$|[#?])/, "$1.html");
}

const defaultLinkOpen = md.renderer.rules.link_open ?? ((tokens, i, options, _env, self) => self.renderToken(tokens, i, options));
md.renderer.rules.link_open = (tokens, i, options, env, self) => {
  const href = tokens[i].attrGet("href");
  if (typeof href === "string") tokens[i].attrSet("href", toPageLink(href));
  return defaultLinkOpen(tokens, i, options, env, self);
};

const defaultImage = md.renderer.rules.image!;
md.renderer.rules.image = (tokens, i, options, env, self) => {
  const src = String(tokens[i].attrGet("src") ?? "");
  const name = src.startsWith("attachment:") ? decodeURIComponent(src.slice("attachment:".length)) : undefined;
  const bundle = name === undefined ? undefined : (env as MarkdownEnv).attachments?.[name];
  if (bundle) {
    const [mime, data] = Object.entries(bundle)[0] ?? [];
    if (typeof mime === "string" && typeof data === "string") tokens[i].attrSet("src", `data:${mime};base64,${data.replace(/\s/g, "")}`);
  }
  return defaultImage(tokens, i, options, env, self);
};

/** The plain text of an inline token: words, code and TeX source, without markup. */
function inlineText(inline: MarkdownIt.Token): string {
  return (inline.children ?? [])
    .map((t) => (t.type === "text" || t.type === "code_inline" || t.type.startsWith("math") ? t.content : ""))
    .join("")
    .trim();
}

/**
 * Headings get Jupyter's anchor ids (the heading's text with spaces as "-", as classic Notebook and
 * JupyterLab make them), so a link written in Jupyter, `02-backprop.ipynb#The-four-equations`, works here.
 */
md.renderer.rules.heading_open = (tokens, i, options, _env, self) => {
  const text = inlineText(tokens[i + 1]);
  if (text) tokens[i].attrSet("id", text.replace(/ /g, "-"));
  return self.renderToken(tokens, i, options);
};

/** Renders one Markdown cell; math errors are appended to `env.mathErrors`. */
export function renderMarkdown(source: string, env: MarkdownEnv = {}): string {
  return md.render(source, env as MarkdownIt.Env);
}

export interface Heading {
  /** Plain text (TeX source kept), for <title>. */
  text: string;
  /** Rendered inline HTML (math typeset), for links. */
  html: string;
}

/** The first heading of a Markdown source, e.g. "1. Using neural nets to recognize handwritten digits"; undefined if none. */
export function firstHeading(source: string): Heading | undefined {
  const tokens = md.parse(source, {});
  const open = tokens.findIndex((t) => t.type === "heading_open");
  if (open < 0) return undefined;
  const inline = tokens[open + 1];
  const text = inlineText(inline);
  return text ? { text, html: md.renderInline(inline.content, {}) } : undefined;
}
