/**
 * The browser scripts that notebook outputs inline (./assets/*.js: real, linted JavaScript files,
 * copied beside the compiled library by the build, scripts/copy-assets.js). Reading them from disk is the
 * only Node-specific part: a browser build swaps this module for one that imports them as text.
 */
import * as fs from "node:fs";
import * as path from "node:path";

export type BrowserScriptName = "draw-digit" | "draw-figures";

const cache = new Map<BrowserScriptName, string>();

/**
 * The script's source, without its comment lines and indentation (it travels in every output that
 * uses it, so it should be small; its statements end with semicolons, so lines stay separate).
 */
export function browserScript(name: BrowserScriptName): string {
  let source = cache.get(name);
  if (source === undefined) {
    const text = fs.readFileSync(path.join(__dirname, "assets", `${name}.js`), "utf8");
    source = text
      .replace(/\/\*[\s\S]*?\*\//g, "")
      .replace(/^\s*\/\/.*$/gm, "")
      .replace(/^\s+/gm, "")
      .trim();
    cache.set(name, source);
  }
  return source;
}
