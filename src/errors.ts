/**
 * An error whose message says everything: shown as its one line when a notebook prints it (tslab
 * prints a thrown error with util.inspect, which would add the stack through node:vm and tslab and
 * every enumerable field). The stack is still there for a debugger.
 */
export class OneLineError extends Error {
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return `${this.name}: ${this.message}`;
  }
}

/**
 * An error in what the user gave us (a flag, a file, a layer size, a hyper-parameter).
 * Its message is one line naming the bad value and what would be valid; the CLI prints it
 * without a stack trace and exits with code 2.
 */
export class InputError extends OneLineError {
  override readonly name = "InputError";
}

/** Training produced a non-finite cost or weight; the message says which epoch and what to try. */
export class DivergenceError extends OneLineError {
  override readonly name = "DivergenceError";
  /** The setting the message blames, so a caller (the CLI) can name its own flag for it. */
  constructor(
    message: string,
    readonly setting: "eta" | "momentum" | "lambda" | "data" = "eta",
  ) {
    super(message);
  }
}
