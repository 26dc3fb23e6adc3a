/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * JSON for inside an HTML `<script>` element (a figure's spec, a widget's network): "<" is escaped
 * so no string in the data can close the element, and U+2028/U+2029 so it stays valid JavaScript.
 * Typed arrays become plain arrays (Plotly wants them; JSON would write {"0": …}).
 */
export function jsonForHtml(value: unknown): string {
  return JSON.stringify(value, typedArraysAsArrays)
    .replace(/</g, "\\u003c")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

/** Typed arrays serialise as {"0":…} by default; Plotly wants plain arrays. */
export function typedArraysAsArrays(_key: string, value: unknown): unknown {
  if (ArrayBuffer.isView(value) && !(value instanceof DataView))
    return Array.from(value as unknown as ArrayLike<number>);
  return value;
}
