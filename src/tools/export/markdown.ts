/**
 * Markdown cells → HTML with markdown-it (CommonMark), KaTeX math (./math) and highlight.js code.
 * Raw HTML is allowed as in Jupyter, and sanitized as JupyterLab sanitizes Markdown: formatting
 * tags, tables, images and <details> pass; scripts, event handlers, forms, frames and
 * `javascript:` links do not (sanitize-html, an allowlist). KaTeX's output is ours, not the
 * author's: it is set aside while sanitizing and put back after, so the allowlist need not know MathML.
 * Links to sibling notebooks (`02-backprop.ipynb#x`) point at their exported pages instead, and
 * `attachment:` images (pasted into a cell in Jupyter) become data URLs from the cell's attachments.
 */
import MarkdownIt from "markdown-it";
import sanitizeHtml from "sanitize-html";
import { highlightCode } from "./highlight";
import { mathPlugin, type MathEnv } from "./math";
import type { MimeBundle } from "../../notebook/display";

export interface MarkdownEnv extends MathEnv {
  /** The cell's attachments (name → MIME bundle), for `![](attachment:name)`. */
  attachments?: Record<string, MimeBundle>;
  /** Rendered math, held back from the sanitizer (see `trusted`). */
  trusted?: string[];
}

const md = new MarkdownIt({
  html: true,
  linkify: false,
  typographer: false,
  highlight: (code, lang) => highlightCode(code, lang),
});
md.use(mathPlugin);

/** Our own rendered math, replaced by a placeholder until the author's HTML has been sanitized. */
for (const rule of ["math_inline", "math_display", "math_block"] as const) {
  const render = md.renderer.rules[rule]!;
  md.renderer.rules[rule] = (tokens, i, options, env, self) => {
    const trusted = ((env as MarkdownEnv).trusted ??= []);
    trusted.push(render(tokens, i, options, env, self));
    return `<nndl-trusted data-i="${trusted.length - 1}"></nndl-trusted>`;
  };
}

const SANITIZE: sanitizeHtml.IOptions = {
  allowedTags: [
    ...sanitizeHtml.defaults.allowedTags,
    "img",
    "details",
    "summary",
    "span",
    "del",
    "ins",
    "s",
    "u",
    "kbd",
    "sup",
    "sub",
    "nndl-trusted",
  ],
  allowedAttributes: {
    "*": ["class", "id", "title", "style", "align", "aria-hidden", "role"],
    a: ["href", "name", "target", "rel"],
    img: ["src", "alt", "width", "height"],
    details: ["open"],
    td: ["colspan", "rowspan"],
    th: ["colspan", "rowspan"],
    ol: ["start"],
    "nndl-trusted": ["data-i"],
  },
  allowedSchemes: ["http", "https", "mailto"],
  allowedSchemesByTag: { img: ["data", "http", "https"] },
};

/** The author's HTML through the allowlist, then our math put back in place of its placeholders. */
function sanitize(html: string, env: MarkdownEnv): string {
  return sanitizeHtml(html, SANITIZE).replace(
    /<nndl-trusted data-i="(\d+)"><\/nndl-trusted>/g,
    (_m, i: string) => env.trusted?.[Number(i)] ?? "",
  );
}

/** Relative `x.ipynb` links become `x.html`: the site has one page per notebook, named after it. */
function toPageLink(href: string): string {
  if (/^[a-z][a-z0-9+.-]*:/i.test(href) || href.startsWith("/")) return href;
  return href.replace(/^([^#?]*)\.ipynb(?=$|[#?])/, "$1.html");
}

const defaultLinkOpen =
  md.renderer.rules.link_open ?? ((tokens, i, options, _env, self) => self.renderToken(tokens, i, options));
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
    if (typeof mime === "string" && typeof data === "string")
      tokens[i].attrSet("src", `data:${mime};base64,${data.replace(/\s/g, "")}`);
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
  return sanitize(md.render(source, env as MarkdownIt.Env), env);
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
  const env: MarkdownEnv = {};
  return text ? { text, html: sanitize(md.renderInline(inline.content, env as MarkdownIt.Env), env) } : undefined;
}
