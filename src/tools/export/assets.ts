/**
 * The site's local assets, so pages work from file:// with no network: KaTeX's stylesheet and
 * fonts, a highlight.js theme, one minified plotly.js, and our own stylesheet and figure script.
 * plotly.js is the same minified copy the notebook figures carry (../../notebook/plotly-bundle:
 * made once per plotly version and cached under build/plotly).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { plotlyMinifiedPath } from "../../notebook/plotly-bundle";
import { browserScript } from "../../notebook/browser-script";
import { SITE_CSS } from "./site-assets";

/** Paths of assets, relative to the site root, as pages link them. */
export const ASSETS = {
  katexCss: "assets/katex/katex.min.css",
  highlightCss: "assets/highlight.css",
  siteCss: "assets/site.css",
  plotly: "assets/plotly.min.js",
  figures: "assets/figures.js",
} as const;

function packageDir(name: string): string {
  return path.dirname(require.resolve(`${name}/package.json`));
}

function copyFile(from: string, to: string): void {
  fs.mkdirSync(path.dirname(to), { recursive: true });
  fs.copyFileSync(from, to);
}

/** Copies every asset into `outDir`; `withPlotly` false skips plotly.js (~4.8 MB) when no page has a figure. */
export function writeAssets(outDir: string, withPlotly: boolean): void {
  const katex = path.join(packageDir("katex"), "dist");
  copyFile(path.join(katex, "katex.min.css"), path.join(outDir, ASSETS.katexCss));
  // All font formats: katex.min.css lists woff2, woff and ttf and the browser picks one.
  for (const font of fs.readdirSync(path.join(katex, "fonts"))) {
    copyFile(path.join(katex, "fonts", font), path.join(outDir, "assets/katex/fonts", font));
  }
  copyFile(path.join(packageDir("highlight.js"), "styles", "github.min.css"), path.join(outDir, ASSETS.highlightCss));
  fs.writeFileSync(path.join(outDir, ASSETS.siteCss), SITE_CSS);
  // The notebooks' own figure script; on the site plotly.min.js is loaded before it, so nothing is requested.
  fs.writeFileSync(path.join(outDir, ASSETS.figures), `${browserScript("draw-figures")}\nnndlDrawFigures(null);\n`);
  if (withPlotly) copyFile(plotlyMinifiedPath(), path.join(outDir, ASSETS.plotly));
}
