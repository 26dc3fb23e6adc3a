import { InputError } from "../errors";
import type { Network } from "../network";
import type { Engine, EpochHyper } from "./engine";
import { fast32Engine, fastEngine, supportsFast, supportsFast32 } from "./fast";
import { matrixEngine } from "./matrix";
import { perExampleEngine } from "./per-example";

/** "fast32" is opt-in only ("auto" never picks it): float32 first-layer weights, so not the book's float64 results. */
export type EngineName = "auto" | "fast" | "fast32" | "matrix" | "per-example";
export const engineNames: EngineName[] = ["auto", "fast", "fast32", "matrix", "per-example"];

interface Registered {
  create(): Engine;
  /** Whether the engine computes this network with these options (the plain engines do everything). */
  supports(net: Network, hyper: EpochHyper): boolean;
}

/** Every engine, listed statically in one place (as TensorFlow.js registers its kernels). */
const ENGINES: Record<Exclude<EngineName, "auto">, Registered> = {
  "per-example": { create: perExampleEngine, supports: () => true },
  matrix: { create: matrixEngine, supports: () => true },
  fast: { create: () => fastEngine(), supports: supportsFast },
  fast32: { create: fast32Engine, supports: supportsFast32 },
};

/** Chooses the engine for a run: "auto" = fast where it supports the configuration, else matrix. */
export function pickEngine(choice: EngineName, net: Network, hyper: EpochHyper): Engine {
  if (choice === "auto") return (ENGINES.fast.supports(net, hyper) ? ENGINES.fast : ENGINES.matrix).create();
  const chosen = Object.prototype.hasOwnProperty.call(ENGINES, choice) ? ENGINES[choice] : undefined;
  if (!chosen) throw new InputError(`unknown engine ${JSON.stringify(choice)}: use one of ${engineNames.join(", ")}`);
  if (!chosen.supports(net, hyper)) {
    throw new InputError(`engine "${choice}" does not support this network or these options: use "auto" or "matrix"`);
  }
  return chosen.create();
}
