/**
 * `nndl lab` (npm run lab): registers the kernelspec (and the figure extension beside it), then opens
 * notebooks/ in JupyterLab if it is installed, else in classic Jupyter Notebook, else says how to
 * install JupyterLab. Jupyter finds both through JUPYTER_PATH, set for the child process only; extra
 * arguments go to Jupyter. As root (Docker, devcontainers) Jupyter refuses to start without
 * --allow-root, so it is added there.
 */
import { spawn, spawnSync } from "node:child_process";
import * as path from "node:path";
import { projectRoot } from "../project-root";
import { registerKernel } from "../tools/kernel/kernelspec";

const INSTALL_HINT =
  "JupyterLab is not installed. Install it with\n  pip install jupyterlab\n(or `pipx install jupyterlab`, or your system's package), then run `npm run lab` again.";

/** `jupyter lab`, then `jupyter notebook`: the first whose --version runs. */
export function findJupyterApp(env: NodeJS.ProcessEnv = process.env): "lab" | "notebook" | null {
  for (const app of ["lab", "notebook"] as const) {
    const probe = spawnSync("jupyter", [app, "--version"], { env, stdio: "ignore", timeout: 30_000 });
    if (probe.status === 0) return app;
  }
  return null;
}

/** Jupyter's arguments: the user's, plus --allow-root when running as root. */
export function jupyterArgs(app: "lab" | "notebook", args: string[], uid = process.getuid?.()): string[] {
  const asRoot = uid === 0 && !args.some((a) => a === "--allow-root" || a.startsWith("--allow-root="));
  return [app, ...(asRoot ? ["--allow-root"] : []), ...args];
}

export async function run(args: string[]): Promise<number> {
  if (args.includes("--help") || args.includes("-h")) {
    console.log(
      "usage: nndl lab [JUPYTER ARGS…]\n\nRegisters the nndl-tslab kernel and starts `jupyter lab` (or `jupyter notebook`) in notebooks/.\nOther arguments are passed to Jupyter, e.g. `npm run lab -- --no-browser`.",
    );
    return 0;
  }
  const jupyterPath = registerKernel();
  const env = {
    ...process.env,
    JUPYTER_PATH: [jupyterPath, process.env.JUPYTER_PATH].filter(Boolean).join(path.delimiter),
  };
  const app = findJupyterApp(env);
  if (app === null) {
    console.error(INSTALL_HINT);
    return 1;
  }
  if (app === "notebook")
    console.error(
      "JupyterLab not found; opening classic Jupyter Notebook instead (pip install jupyterlab for JupyterLab).",
    );
  const child = spawn("jupyter", jupyterArgs(app, args), {
    cwd: path.join(projectRoot(), "notebooks"),
    env,
    stdio: "inherit",
  });
  // Ctrl-C reaches Jupyter through the terminal's process group; we only wait for it to finish.
  process.on("SIGINT", () => undefined);
  return new Promise((resolve) => child.on("exit", (code, signal) => resolve(code ?? (signal ? 130 : 1))));
}
