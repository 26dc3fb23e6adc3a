#!/usr/bin/env node
/**
 * `nndl <command> …`: dispatches to one module per command in this folder. Each module exports
 * `run(args): Promise<number>` returning the exit code. Errors in what the user typed or gave us
 * (InputError) print one line and exit 2; anything else is a bug and keeps its stack trace.
 */
import { InputError, DivergenceError } from "../errors";

const commands: Record<string, { summary: string; module: string }> = {
  train: { summary: "train a network on MNIST and report accuracy per epoch", module: "./train" },
  evaluate: { summary: "load a saved network and print its test accuracy", module: "./evaluate" },
  verify: { summary: "run notebooks headlessly in a tslab kernel and report every check", module: "./verify" },
  export: { summary: "export executed notebooks as a static site and a student edition", module: "./export" },
  grade: { summary: "mark a class: run each student's answers inside the course's notebooks", module: "./grade" },
  start: { summary: "build, verify every notebook, export the course (npm start)", module: "./start" },
  kernel: { summary: "register this project's tslab kernelspec for Jupyter", module: "./kernel" },
  lab: { summary: "register the kernel and open the notebooks in JupyterLab/Notebook", module: "./lab" },
};

function usage(): string {
  const width = Math.max(...Object.keys(commands).map((c) => c.length));
  const lines = Object.entries(commands).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`);
  return `usage: nndl <command> [options]\n\ncommands:\n${lines.join("\n")}\n\nRun \`nndl <command> --help\` for a command's options.`;
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === "--help" || name === "-h" || name === "help") {
    console.log(usage());
    return name ? 0 : 2;
  }
  const command = commands[name];
  if (!command) throw new InputError(`unknown command "${name}"; valid commands: ${Object.keys(commands).join(", ")}`);
  const mod: { run(args: string[]): Promise<number> } = require(command.module);
  return mod.run(rest);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    if (err instanceof InputError || err instanceof DivergenceError) {
      console.error(`nndl: ${err.message}`);
      process.exitCode = 2;
    } else {
      console.error(err);
      process.exitCode = 1;
    }
  },
);
