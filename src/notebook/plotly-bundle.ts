/**
 * The minified plotly.js that Jupyter serves to figures (see ../tools/jupyter/jupyter-assets) and the
 * exported site loads.
 *
 * plotly.js-dist ships only an unminified 10 MB build; esbuild minifies it to ~4.8 MB in ~2 s.
 * We do that once and cache the result in `build/plotly/plotly-<version>.min.js` of the project,
 * so a kernel pays it at most once per plotly.js version (`npm run build` makes it ahead of time,
 * in tools/install-dist.ts).
 */
import type * as esbuildModule from "esbuild";
import * as fs from "node:fs";
import * as path from "node:path";
import { writeFileAtomically } from "../atomic-write";
import { projectRoot } from "../project-root";

let cached: string | null = null;

function plotlyPackageDir(): string {
  return path.dirname(require.resolve("plotly.js-dist/package.json"));
}

/** Path of the cached minified plotly.js, creating it if missing. */
export function plotlyMinifiedPath(): string {
  const pkgDir = plotlyPackageDir();
  const version = plotlyVersion();
  const file = path.join(projectRoot(), "build", "plotly", `plotly-${version}.min.js`);
  if (!fs.existsSync(file)) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    writeFileAtomically(file, minify(path.join(pkgDir, "plotly.js")));
  }
  return file;
}

/** The minified plotly.js source (kept in memory after the first call). */
export function plotlyMinified(): string {
  cached ??= fs.readFileSync(plotlyMinifiedPath(), "utf8");
  return cached;
}

/**
 * plotly.js as one script that installs `window.Plotly` if the page has none. It runs inside a
 * function whose `define`, `module` and `exports` are undefined, so on pages with require.js (classic
 * Notebook, nbconvert's HTML) it still sets `window.Plotly` instead of registering an AMD module.
 */
export function plotlyScript(): string {
  return `if(!window.Plotly){(function(define,module,exports){\n${plotlyMinified()}\n}).call(window);}`;
}

/** plotly.js's version (the one notebooks' figures are drawn with). */
export function plotlyVersion(): string {
  return (JSON.parse(fs.readFileSync(path.join(plotlyPackageDir(), "package.json"), "utf8")) as { version: string })
    .version;
}

function minify(sourceFile: string): string {
  // esbuild is loaded lazily: only the first figure of a fresh checkout needs it.
  const esbuild = require("esbuild") as typeof esbuildModule;
  const { code } = esbuild.transformSync(fs.readFileSync(sourceFile, "utf8"), {
    minify: true,
    legalComments: "none",
    charset: "utf8",
  });
  // The code goes inside an inline <script>: "</script" anywhere in it would end that element early.
  return code.replace(/<\/script/gi, "<\\/script");
}
