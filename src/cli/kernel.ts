/**
 * `nndl kernel` (npm run kernel): writes this project's tslab kernelspec to build/jupyter and prints
 * the line that points Jupyter at it. The user's home directory is not touched.
 */
import * as path from "node:path";
import { KERNEL_DISPLAY_NAME, KERNEL_NAME, registerKernel } from "../tools/kernel/kernelspec";
import { parseFlags, usage } from "./args";

export async function run(args: string[]): Promise<number> {
  const { values } = parseFlags("nndl kernel", args, {});
  if (values.help) {
    console.log(
      usage(
        "nndl kernel",
        {},
        "Writes build/jupyter/kernels/nndl-tslab/kernel.json and prints the JUPYTER_PATH to export.",
      ),
    );
    return 0;
  }
  const dir = registerKernel();
  // The explanation goes to stderr so that `eval "$(nndl kernel)"` sets the variable.
  console.error(
    `Registered the Jupyter kernel "${KERNEL_NAME}" (${KERNEL_DISPLAY_NAME}) in ${path.join(dir, "kernels", KERNEL_NAME)}.`,
  );
  console.error("Point Jupyter at it (e.g. for jupyter nbconvert --execute):");
  console.log(
    `export JUPYTER_PATH=${shellQuote(dir)}${process.platform === "win32" ? "" : "${JUPYTER_PATH:+:$JUPYTER_PATH}"}`,
  );
  return 0;
}

export function shellQuote(text: string): string {
  return /^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}
