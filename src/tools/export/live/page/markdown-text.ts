/** The live page's stand-in for ../../markdown (Node-only sanitizer): Markdown outputs shown as text. */
import { escapeHtml } from "../../../../html";

export function renderMarkdown(text: string): string {
  return `<pre class="output-text">${escapeHtml(text)}</pre>`;
}
