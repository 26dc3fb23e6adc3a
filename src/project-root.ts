import * as fs from "node:fs";
import * as path from "node:path";

let cached: string | null = null;

/**
 * The project's root folder: the nearest folder above this file whose package.json is named "nndl"
 * (found from the compiled file, never from the working directory, so `nndl` run from anywhere finds
 * the course's data/, build/ and notebooks/). The one place that knows; everything else asks here.
 */
export function projectRoot(): string {
  if (cached !== null) return cached;
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    try {
      const name = (JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")) as { name?: unknown }).name;
      if (name === "nndl") return (cached = dir);
    } catch {
      // no package.json here (or not ours): keep climbing
    }
    if (path.dirname(dir) === dir) throw new Error(`cannot find the nndl project root above ${__dirname}`);
  }
}
