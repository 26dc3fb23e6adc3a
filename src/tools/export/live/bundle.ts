/**
 * Builds the live site's two scripts with esbuild, from the compiled library in dist/:
 *   - the worker: the whole library for the browser (../../../browser/worker), TypeScript's
 *     transpiler included, with Node's modules swapped for the browser adapters in src/browser/;
 *   - the page: editors (CodeMirror 6), the run controls and the output renderer (./page/main),
 *     which renders MIME bundles with the exporter's own renderBundle.
 * Library files are never edited for the browser: the swaps happen here, by resolved path.
 */
import * as path from "node:path";
import { builtinModules } from "node:module";
import type * as esbuild from "esbuild";
import type * as childProcess from "node:child_process";
import type * as nodeFs from "node:fs";
import { browserScript, type BrowserScriptName } from "../../../notebook/browser-script";

const DIST = path.resolve(__dirname, "..", "..", "..");
const BROWSER = path.join(DIST, "browser");

/** Library files replaced in the browser (by their compiled path) → their browser versions. */
const SWAPS: Record<string, string> = {
  [path.join(DIST, "notebook", "display.js")]: path.join(BROWSER, "display.js"),
  [path.join(DIST, "mnist", "subset.js")]: path.join(BROWSER, "mnist-subset.js"),
};

/**
 * Library files the browser build replaces with code generated here: the kernel patch (no kernel,
 * no zeromq to patch) and the reader of the notebook's browser scripts (no files: their compacted
 * text is read now, in Node, and bundled).
 */
const GENERATED: Record<string, () => string> = {
  [path.join(DIST, "notebook", "kernel-patch.js")]: () => "",
  [path.join(DIST, "notebook", "browser-script.js")]: () => {
    const names: BrowserScriptName[] = ["draw-digit", "draw-figures"];
    const scripts = Object.fromEntries(names.map((name) => [name, browserScript(name)]));
    return `const scripts = ${JSON.stringify(scripts)};\nexports.browserScript = (name) => scripts[name];\n`;
  },
};

/** Node modules with a browser adapter (src/browser/node/); any other Node built-in becomes an empty module. */
const ADAPTED = new Set(["fs", "path", "zlib", "os", "crypto", "util", "worker_threads"]);
const BUILTINS = new Set(builtinModules);

function browserPlugin(extraSwaps: Record<string, string> = {}): esbuild.Plugin {
  const swaps = { ...SWAPS, ...extraSwaps };
  return {
    name: "nndl-browser",
    setup(build) {
      build.onResolve({ filter: /.*/ }, (args) => {
        const bare = args.path.replace(/^node:/, "");
        if (ADAPTED.has(bare)) return { path: path.join(BROWSER, "node", `${bare}.js`) };
        if (BUILTINS.has(bare) || args.path.startsWith("node:")) return { path: bare, namespace: "empty" };
        if (args.path.startsWith(".")) {
          const resolved = path.resolve(args.resolveDir, args.path);
          const swap = swaps[resolved] ?? swaps[resolved + ".js"];
          if (swap) return { path: swap };
          const generated = [resolved, resolved + ".js"].find((file) => file in GENERATED);
          if (generated) return { path: generated, namespace: "generated" };
        }
        return undefined;
      });
      build.onLoad({ filter: /.*/, namespace: "empty" }, () => ({ contents: "module.exports = {};", loader: "js" }));
      build.onLoad({ filter: /.*/, namespace: "generated" }, (args) => ({
        contents: GENERATED[args.path](),
        loader: "js",
      }));
    },
  };
}

async function bundle(entry: string, plugin: esbuild.Plugin): Promise<string> {
  const { build } = require("esbuild") as typeof esbuild;
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    format: "iife",
    platform: "browser",
    target: "es2022",
    minify: true,
    legalComments: "none",
    logLevel: "silent",
    external: ["esbuild", "wabt"],
    define: { __dirname: JSON.stringify("/nndl/dist"), __filename: JSON.stringify("/nndl/dist/index.js") },
    plugins: [plugin],
  });
  return result.outputFiles[0].text;
}

/** The worker's code (the page starts it from a blob URL: Chromium refuses worker scripts from file://). */
export function workerBundle(): Promise<string> {
  return bundle(path.join(BROWSER, "worker.js"), browserPlugin());
}

/** The page's script. */
export function pageBundle(): Promise<string> {
  const exportDir = path.resolve(__dirname, "..");
  // Markdown outputs are drawn as text in the live page (markdown-it's sanitizer is Node-only).
  return bundle(
    path.join(__dirname, "page", "main.js"),
    browserPlugin({ [path.join(exportDir, "markdown.js")]: path.join(__dirname, "page", "markdown-text.js") }),
  );
}

export interface LiveBundles {
  worker: string;
  page: string;
}

/**
 * Both bundles, synchronously (the exporter is synchronous, and esbuild's plugins need its async
 * API): built by a child Node process running this file, which prints them as JSON.
 */
export function liveBundles(): LiveBundles {
  const key = sourcesStamp();
  if (memo?.key === key) return memo.bundles;
  const { spawnSync } = require("node:child_process") as typeof childProcess;
  const child = spawnSync(process.execPath, [__filename], { encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
  if (child.status !== 0)
    throw new Error(`building the live pages' scripts failed: ${child.stderr || child.error?.message}`);
  memo = { key, bundles: JSON.parse(child.stdout) as LiveBundles };
  return memo.bundles;
}

/** The last bundles built in this process (an export per test would otherwise rebuild them each time). */
let memo: { key: string; bundles: LiveBundles } | undefined;

/** Changes whenever a compiled file the bundles are made from changes. */
function sourcesStamp(): string {
  const fs = require("node:fs") as typeof nodeFs;
  let newest = 0,
    count = 0;
  for (const entry of fs.readdirSync(DIST, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !entry.name.endsWith(".js")) continue;
    count++;
    newest = Math.max(newest, fs.statSync(path.join(entry.parentPath ?? entry.path, entry.name)).mtimeMs);
  }
  return `${count}:${newest}`;
}

if (require.main === module) {
  Promise.all([workerBundle(), pageBundle()]).then(
    ([worker, page]) => process.stdout.write(JSON.stringify({ worker, page })),
    (error: Error) => {
      process.stderr.write(`${error.message}\n`);
      process.exitCode = 1;
    },
  );
}
