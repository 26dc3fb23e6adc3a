import * as fs from "fs";
import type { ActivationName } from "./activations";
import { activationByName } from "./activations";
import type { CostName } from "./costs";
import { writeFileAtomically } from "./atomic-write";
import { InputError } from "./errors";
import type { InitName } from "./init";
import { Network } from "./network";
import { checkLayerSizes, show } from "./validate";

/**
 * network2.py's save format, both ways:
 *   {"sizes": [784, 30, 10], "weights": [w.tolist(), …] (numpy shape (n_out, n_in)),
 *    "biases": [b.tolist(), …] (column vectors: [[b1], [b2], …]), "cost": "CrossEntropyCost"}
 * plus our extra fields, which network2.py's load ignores: "activation", "init", "seed".
 * A network with a non-sigmoid hidden layer or log-likelihood cost still saves, but network2.py
 * itself can only run sigmoid networks with QuadraticCost or CrossEntropyCost.
 */
export interface NetworkJSON {
  sizes: number[];
  weights: number[][][];
  biases: number[][][];
  cost: string;
  activation?: ActivationName;
  init?: InitName;
  seed?: number;
}

/** network2.py's class names for our costs. */
const costClassNames: Record<CostName, string> = {
  quadratic: "QuadraticCost",
  "cross-entropy": "CrossEntropyCost",
  "log-likelihood": "LogLikelihoodCost",
};

export function networkToJSON(net: Network): NetworkJSON {
  return {
    sizes: [...net.sizes],
    weights: net.weights.map((w, l) => rows(w, net.sizes[l + 1], net.sizes[l])),
    biases: net.biases.map((b) => Array.from(b, (v) => [v])),
    cost: costClassNames[net.cost.name],
    activation: net.activation.name,
    init: net.init,
    seed: net.seed,
  };
}

/**
 * Builds a network from network2.py's JSON (or ours). Shapes are checked against "sizes" before
 * anything is allocated, and the network is built from the file's arrays (no random start).
 * A file without "cost" — network.py users' own savers write only sizes, weights and biases — loads
 * with the quadratic cost (network.py's), and `note` says so: the cost matters only for training.
 */
export function networkFromJSON(json: unknown, note: (message: string) => void = () => {}): Network {
  if (typeof json !== "object" || json === null || Array.isArray(json)) {
    throw new InputError(
      `network JSON must be an object with "sizes", "weights" and "biases" (and "cost"), got ${show(json)}`,
    );
  }
  const data = json as Record<string, unknown>;
  try {
    checkLayerSizes(data.sizes);
  } catch (error) {
    const why = /more than the/.test((error as Error).message)
      ? (error as Error).message
      : "expected at least 2 positive integers";
    throw new InputError(`network JSON field "sizes" is ${show(data.sizes)}: ${why}`);
  }
  const sizes = data.sizes as number[];
  const weights = layerList(data.weights, "weights", sizes).map((w, l) =>
    readMatrix(w, `weights[${l}]`, sizes[l + 1], sizes[l]),
  );
  const biases = layerList(data.biases, "biases", sizes).map((b, l) => readColumn(b, `biases[${l}]`, sizes[l + 1]));
  if (data.cost === undefined)
    note(
      `no "cost" field (a network.py-style save?): loaded with the quadratic cost, which matters only for further training`,
    );
  return new Network(sizes, {
    cost: data.cost === undefined ? "quadratic" : costFromName(data.cost),
    activation: data.activation === undefined ? "sigmoid" : activationByName(data.activation).name,
    init: data.init === "large" ? "large" : "default",
    seed: typeof data.seed === "number" && Number.isFinite(data.seed) ? data.seed : 1,
    parameters: { weights, biases },
  });
}

/**
 * Writes the network as JSON. Atomic: a crash mid-write leaves the old file (or none), never half a
 * file. A network with a NaN or infinite parameter (left by a divergence) is refused: JSON would
 * write it as null, and the file would replace a good one with one that cannot be loaded.
 */
export function saveNetwork(net: Network, file: string): void {
  const bad = firstNonFinite(net);
  if (bad) throw new InputError(`cannot save the network to ${file}: ${bad} (training diverged?); nothing was written`);
  try {
    writeFileAtomically(file, JSON.stringify(networkToJSON(net)));
  } catch (error) {
    throw new InputError(`cannot save the network to ${file}: ${(error as Error).message}`);
  }
}

function firstNonFinite(net: Network): string | null {
  for (const [kind, layers] of [
    ["weight", net.weights],
    ["bias", net.biases],
  ] as const) {
    for (const [l, values] of layers.entries()) {
      const i = values.findIndex((v) => !Number.isFinite(v));
      if (i >= 0) return `${kind} ${i} of layer ${l + 2} is ${values[i]}`;
    }
  }
  return null;
}

/**
 * Reads a network saved by saveNetwork, by network2.py's Network.save, or by a saver that wrote only
 * sizes, weights and biases. Errors name the file; `note` receives remarks (a missing cost).
 */
export function loadNetwork(
  file: string,
  note: (message: string) => void = (m) => process.stderr.write(`note: ${file}: ${m}\n`),
): Network {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (error) {
    throw new InputError(
      `cannot read network file ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new InputError(`network file ${file} is not valid JSON (${(error as Error).message})`);
  }
  try {
    return networkFromJSON(json, note);
  } catch (error) {
    if (error instanceof InputError) throw new InputError(`${file}: ${error.message}`);
    throw error;
  }
}

function rows(w: Float64Array, nOut: number, nIn: number): number[][] {
  const out: number[][] = [];
  for (let j = 0; j < nOut; j++) out.push(Array.from(w.subarray(j * nIn, (j + 1) * nIn)));
  return out;
}

function costFromName(name: unknown): CostName {
  for (const [ours, theirs] of Object.entries(costClassNames))
    if (name === theirs || name === ours) return ours as CostName;
  throw new InputError(
    `network JSON field "cost" is ${show(name)}: expected one of ${Object.values(costClassNames).join(", ")}`,
  );
}

function layerList(value: unknown, field: string, sizes: number[]): unknown[] {
  if (!Array.isArray(value) || value.length !== sizes.length - 1) {
    throw new InputError(
      `network JSON field "${field}" must be a list of ${sizes.length - 1} layers for sizes ${show(sizes)}`,
    );
  }
  return value;
}

function readMatrix(value: unknown, field: string, nOut: number, nIn: number): Float64Array {
  if (!Array.isArray(value) || value.length !== nOut) {
    throw new InputError(
      `network JSON field "${field}" must have ${nOut} rows of ${nIn} numbers (shape (${nOut}, ${nIn}))`,
    );
  }
  const w = new Float64Array(nOut * nIn);
  value.forEach((row: unknown, j) => {
    if (!Array.isArray(row) || row.length !== nIn) {
      throw new InputError(
        `network JSON field "${field}[${j}]" must be a row of ${nIn} numbers, got ${Array.isArray(row) ? row.length : show(row)}`,
      );
    }
    row.forEach((v: unknown, k) => (w[j * nIn + k] = finite(v, `${field}[${j}][${k}]`)));
  });
  return w;
}

/** A bias vector, as numpy's column vector [[b1], [b2], …] (a flat [b1, b2, …] is accepted too). */
function readColumn(value: unknown, field: string, n: number): Float64Array {
  if (!Array.isArray(value) || value.length !== n) {
    throw new InputError(`network JSON field "${field}" must be a column vector of ${n} numbers ([[b1], [b2], …])`);
  }
  return Float64Array.from(value, (v: unknown, j) => {
    const single = Array.isArray(v) && v.length === 1 ? v[0] : v;
    return finite(single, `${field}[${j}]`);
  });
}

function finite(v: unknown, field: string): number {
  if (typeof v !== "number" || !Number.isFinite(v)) {
    throw new InputError(`network JSON field "${field}" is ${show(v)}: expected a finite number`);
  }
  return v;
}
