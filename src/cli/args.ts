/**
 * Flag parsing for the `nndl` commands: node's util.parseArgs does the splitting; this file turns
 * its errors and every bad value into an InputError one-liner that names the flag, the value and
 * what would be valid (main.ts prints it and exits 2), and writes each command's --help from the
 * same table that defines its flags.
 */
import { parseArgs } from "node:util";
import { InputError } from "../errors";

export interface FlagSpec {
  type: "string" | "boolean";
  /** Shown in --help, e.g. "N" or "quadratic|cross-entropy|log-likelihood". */
  value?: string;
  description: string;
  /** Default shown in --help; applied by the command itself. */
  default?: string;
}

export type FlagTable = Record<string, FlagSpec>;

export interface Parsed {
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
}

/**
 * Parses `args` strictly against `flags`. `command` ("nndl train") and `maxPositionals` shape the
 * error messages. `--help`/`-h` is always accepted and reported as values.help.
 */
export function parseFlags(command: string, args: string[], flags: FlagTable, maxPositionals = 0): Parsed {
  const options = Object.fromEntries(Object.entries(flags).map(([name, f]) => [name, { type: f.type }]));
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args,
      options: { ...options, help: { type: "boolean", short: "h" } },
      strict: true,
      allowPositionals: maxPositionals > 0,
    });
  } catch (error) {
    throw new InputError(explainParseError(error as NodeJS.ErrnoException, command, flags));
  }
  if (parsed.positionals.length > maxPositionals) {
    throw new InputError(
      `unexpected argument "${parsed.positionals[maxPositionals]}" for ${command}; see ${command} --help`,
    );
  }
  return { values: parsed.values as Parsed["values"], positionals: parsed.positionals };
}

/** parseArgs' messages (multi-line, about "options") rewritten as one line about our flags. */
function explainParseError(error: NodeJS.ErrnoException, command: string, flags: FlagTable): string {
  const message = String(error.message);
  const flag = /'(-{1,2}[^' ]+)/.exec(message)?.[1] ?? "?";
  const valid = Object.keys(flags)
    .map((f) => `--${f}`)
    .join(", ");
  switch (error.code) {
    case "ERR_PARSE_ARGS_UNKNOWN_OPTION":
      return `unknown flag ${flag} for ${command}; valid flags: ${valid}, --help`;
    case "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL":
      return `unexpected argument "${/'([^']*)'/.exec(message)?.[1] ?? "?"}" for ${command}; every value follows its flag, e.g. --epochs 30`;
    case "ERR_PARSE_ARGS_INVALID_OPTION_VALUE":
      if (message.includes("does not take an argument")) return `flag ${flag} takes no value; write just ${flag}`;
      if (message.includes("ambiguous"))
        return `flag ${flag} needs a value, not another flag (a negative number is written ${flag}=-1)`;
      return `flag ${flag} needs a value, e.g. ${flag} ${flags[flag.replace(/^-+/, "")]?.default ?? "…"}`;
    default:
      throw error; // not a parse error: a bug, keep the stack
  }
}

/** The --help text for a command, from its flag table. */
export function usage(synopsis: string, flags: FlagTable, notes = ""): string {
  const rows = Object.entries(flags).map(([name, f]) => [`--${name}${f.value ? ` ${f.value}` : ""}`, f]);
  const width = Math.max(...rows.map(([left]) => (left as string).length));
  const lines = rows.map(([left, f]) => {
    const spec = f as FlagSpec;
    return `  ${(left as string).padEnd(width)}  ${spec.description}${spec.default !== undefined ? ` (default ${spec.default})` : ""}`;
  });
  return `usage: ${synopsis}\n\n${lines.join("\n")}${notes ? `\n\n${notes}` : ""}`;
}

const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/** A decimal number (no hex, no empty string, no "3abc"); `what` says what is valid. */
export function numberFlag(flag: string, text: string, valid: (n: number) => boolean, what: string): number {
  const n = DECIMAL.test(text.trim()) ? Number(text) : NaN;
  if (!Number.isFinite(n) || !valid(n)) throw new InputError(`--${flag} ${JSON.stringify(text)} is not valid: ${what}`);
  return n;
}

/** A whole number in [min, max]. */
export function integerFlag(flag: string, text: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const show = (n: number): string => n.toLocaleString("en-US");
  const range = max === Number.MAX_SAFE_INTEGER ? `≥ ${show(min)}` : `from ${show(min)} to ${show(max)}`;
  return numberFlag(flag, text, (n) => Number.isInteger(n) && n >= min && n <= max, `use a whole number ${range}`);
}

/** One of a fixed set of names. */
export function choiceFlag<T extends string>(flag: string, text: string, choices: readonly T[]): T {
  if (!(choices as readonly string[]).includes(text)) {
    throw new InputError(`--${flag} ${JSON.stringify(text)} is not valid: use one of ${choices.join(", ")}`);
  }
  return text as T;
}

/** A comma-separated list of whole numbers ≥ 1, e.g. "784,30,10". */
export function integerListFlag(flag: string, text: string, example: string): number[] {
  const parts = text.split(",").map((s) => s.trim());
  const ok = parts.length >= 2 && parts.every((p) => /^\d+$/.test(p) && Number(p) >= 1);
  if (!ok)
    throw new InputError(
      `--${flag} ${JSON.stringify(text)} is not valid: give at least 2 whole numbers ≥ 1 separated by commas, e.g. ${example}`,
    );
  return parts.map(Number);
}

/** The string value of a flag (parseFlags guarantees the type), or its default. */
export function stringValue(values: Parsed["values"], flag: string, fallback: string): string;
export function stringValue(values: Parsed["values"], flag: string): string | undefined;
export function stringValue(values: Parsed["values"], flag: string, fallback?: string): string | undefined {
  const v = values[flag];
  return typeof v === "string" ? v : fallback;
}
