/**
 * This project's tslab kernelspec, written inside the project (build/jupyter/kernels/nndl-tslab)
 * and found by Jupyter through JUPYTER_PATH — the user's home directory is never touched.
 * `tslab install` would need Python's jupyter_client; a kernel.json is all Jupyter reads anyway.
 * The same folder carries what Jupyter serves the course's figures from (../jupyter/jupyter-assets).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { projectRoot } from "../../project-root";
import { installFigureAssets } from "../jupyter/jupyter-assets";

export const KERNEL_NAME = "nndl-tslab";
export const KERNEL_DISPLAY_NAME = "nndl course (TypeScript · tslab)";

/** The folder to put in JUPYTER_PATH. */
export function jupyterPath(root = projectRoot()): string {
  return path.join(root, "build", "jupyter");
}

/**
 * The command that starts a kernel for a connection file (the same for Jupyter and our runner):
 * tslab through the project's launcher (launch.ts), which fixes its busy status and start-up race.
 */
export function kernelArgv(connectionFile: string, root = projectRoot()): string[] {
  const launcher = path.join(root, "dist", "tools", "kernel", "launch.js");
  return [process.execPath, launcher, "kernel", "--config-path", connectionFile];
}

/** Writes kernel.json and the figure assets (idempotent) and returns the JUPYTER_PATH folder. */
export function registerKernel(root = projectRoot()): string {
  const dir = path.join(jupyterPath(root), "kernels", KERNEL_NAME);
  fs.mkdirSync(dir, { recursive: true });
  const spec = {
    argv: kernelArgv("{connection_file}", root),
    display_name: KERNEL_DISPLAY_NAME,
    language: "typescript",
    metadata: { debugger: false },
  };
  fs.writeFileSync(path.join(dir, "kernel.json"), JSON.stringify(spec, null, 2) + "\n");
  installFigureAssets(jupyterPath(root));
  return jupyterPath(root);
}
