/**
 * `nndl train`: trains a network on MNIST from the command line and reports every epoch — a table
 * for people, or one JSON object per line (--json) for scripts. The defaults are the book's first
 * experiment (chapter 1: [784, 30, 10], quadratic cost, η = 3, mini-batch 10, 30 epochs).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { activationNames, type ActivationName } from "../activations";
import { costNames, type CostName } from "../costs";
import type { Dataset } from "../dataset";
import { slice } from "../dataset";
import { engineNames, type EngineName } from "../engines/registry";
import { DivergenceError, InputError } from "../errors";
import { initNames, type InitName } from "../init";
import { probeWrite } from "../atomic-write";
import { saveNetwork } from "../io";
import { expandMnist, loadMnist } from "../mnist";
import { Network } from "../network";
import { type EpochRecord, type History, type SGDOptions, sgd } from "../training/sgd";
import {
  choiceFlag,
  type FlagTable,
  integerFlag,
  integerListFlag,
  numberFlag,
  parseFlags,
  stringValue,
  usage,
} from "./args";
import { ProgressBar } from "./progress";
import { likelyCause } from "../training/monitor";

const MNIST_INPUTS = 784;
const MNIST_CLASSES = 10;

export const TRAIN_FLAGS: FlagTable = {
  sizes: { type: "string", value: "N,N,…", description: "layer sizes, input 784 … output 10", default: "784,30,10" },
  cost: {
    type: "string",
    value: costNames.join("|"),
    description: "cost function (log-likelihood = softmax output)",
    default: "quadratic",
  },
  eta: { type: "string", value: "η", description: "learning rate, > 0", default: "3" },
  batch: { type: "string", value: "N", description: "mini-batch size", default: "10" },
  epochs: { type: "string", value: "N", description: "training epochs", default: "30" },
  lambda: {
    type: "string",
    value: "λ",
    description: "regularization parameter, ≥ 0 (scaled by the training-set size)",
    default: "0",
  },
  regularization: { type: "string", value: "L2|L1", description: "which regularization λ applies", default: "L2" },
  activation: {
    type: "string",
    value: activationNames.join("|"),
    description: "hidden-layer activation",
    default: "sigmoid",
  },
  init: {
    type: "string",
    value: initNames.join("|"),
    description: "weight initialisation: N(0,1/n_in) or N(0,1)",
    default: "default",
  },
  momentum: { type: "string", value: "μ", description: "momentum coefficient, usually in [0, 1)", default: "0" },
  dropout: {
    type: "string",
    value: "p",
    description: "probability of dropping each hidden unit, in [0, 1)",
    default: "0",
  },
  "early-stopping": { type: "string", value: "N", description: "stop after N epochs without a better accuracy" },
  schedule: {
    type: "string",
    value: "N",
    description: "halve η after N epochs without improvement; stop at η/128 (ch. 3)",
  },
  seed: { type: "string", value: "N", description: "seed for initial weights, shuffling and dropout", default: "1" },
  limit: { type: "string", value: "N", description: "train on the first N training images only" },
  expanded: { type: "boolean", description: "train on the expanded set (each image shifted 1 px 4 ways: 250,000)" },
  eval: { type: "string", value: "test|validation", description: "the set accuracy is measured on", default: "test" },
  engine: { type: "string", value: engineNames.join("|"), description: "training engine", default: "auto" },
  save: { type: "string", value: "FILE", description: "save the trained network as JSON (network2.py's format)" },
  json: { type: "boolean", description: "print one JSON object per epoch on stdout, nothing else" },
};

export interface TrainConfig {
  sizes: number[];
  cost: CostName;
  activation: ActivationName;
  init: InitName;
  seed: number;
  limit?: number;
  expanded: boolean;
  evalSet: "test" | "validation";
  save?: string;
  json: boolean;
  sgd: Omit<SGDOptions, "evaluationData" | "onEpoch" | "onProgress">;
}

/** Every flag checked and converted; throws InputError naming the first bad one. */
export function parseTrainArgs(args: string[]): TrainConfig | "help" {
  const { values } = parseFlags("nndl train", args, TRAIN_FLAGS);
  if (values.help) return "help";
  const get = (flag: string): string => stringValue(values, flag, TRAIN_FLAGS[flag].default ?? "");
  const optional = (flag: string): string | undefined => stringValue(values, flag);
  const expanded = values.expanded === true;
  const trainingCount = expanded ? 250_000 : 50_000;
  return {
    sizes: mnistSizes(get("sizes")),
    cost: choiceFlag("cost", get("cost"), costNames),
    activation: choiceFlag("activation", get("activation"), activationNames),
    init: choiceFlag("init", get("init"), initNames),
    seed: integerFlag("seed", get("seed"), 0, 0xffffffff),
    limit: optional("limit") === undefined ? undefined : integerFlag("limit", optional("limit")!, 1, trainingCount),
    expanded,
    evalSet: choiceFlag("eval", get("eval"), ["test", "validation"] as const),
    save: optional("save") === undefined ? undefined : savePath(optional("save")!),
    json: values.json === true,
    sgd: {
      eta: numberFlag("eta", get("eta"), (n) => n > 0, "use a number > 0, e.g. 3 or 0.5"),
      batchSize: integerFlag("batch", get("batch"), 1),
      epochs: integerFlag("epochs", get("epochs"), 1),
      lambda: numberFlag("lambda", get("lambda"), (n) => n >= 0, "use a number ≥ 0 (0 = no regularization), e.g. 5"),
      regularization: choiceFlag("regularization", get("regularization"), ["L2", "L1"] as const),
      // Any μ: chapter 3's momentum exercise asks what μ > 1 and μ < 0 do.
      momentum: numberFlag(
        "momentum",
        get("momentum"),
        () => true,
        "use a number, usually in [0, 1), e.g. 0.9 (0 = no momentum)",
      ),
      dropout: numberFlag("dropout", get("dropout"), (n) => n >= 0 && n < 1, "use a probability in [0, 1), e.g. 0.5"),
      earlyStopping:
        optional("early-stopping") === undefined
          ? undefined
          : integerFlag("early-stopping", optional("early-stopping")!, 1),
      schedule:
        optional("schedule") === undefined
          ? undefined
          : { patience: integerFlag("schedule", optional("schedule")!, 1), factor: 2, minEtaFraction: 1 / 128 },
      engine: choiceFlag("engine", get("engine"), engineNames) as EngineName,
      seed: undefined, // derived from the network's seed, so --seed pins shuffling too
    },
  };
}

/** Layer sizes that MNIST can feed: 784 pixels in, 10 digits out. */
function mnistSizes(text: string): number[] {
  const sizes = integerListFlag("sizes", text, "784,30,10");
  if (sizes[0] !== MNIST_INPUTS || sizes[sizes.length - 1] !== MNIST_CLASSES) {
    throw new InputError(
      `--sizes ${JSON.stringify(text)} does not fit MNIST: the first layer must be 784 (28×28 pixels) and the last 10 (digits 0–9), e.g. 784,30,10`,
    );
  }
  return sizes;
}

/**
 * Checked before training, so a typo doesn't cost a 10-minute run: the target is a file path (not
 * a folder, not empty), its folder exists, and we can write there (a temporary file is created and
 * removed).
 */
function savePath(file: string): string {
  const bad = (why: string) => new InputError(`--save ${JSON.stringify(file)}: ${why}`);
  if (file.trim() === "") throw bad("give a file name, e.g. --save data/net.json");
  if (/[\\/]$/.test(file) || (fs.existsSync(file) && fs.statSync(file).isDirectory()))
    throw bad("is a folder; give a file name inside it, e.g. net.json");
  const dir = path.dirname(path.resolve(file));
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory())
    throw bad(`folder ${dir} does not exist; create it or save elsewhere`);
  try {
    probeWrite(dir);
  } catch (error) {
    throw bad(
      `cannot write in ${dir} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); save elsewhere`,
    );
  }
  return file;
}

function loadData(config: TrainConfig): { training: Dataset; evaluation: Dataset } {
  const mnist = loadMnist();
  const evaluation = config.evalSet === "test" ? mnist.test : mnist.validation;
  let training = mnist.training;
  if (config.expanded) {
    const bar = new ProgressBar();
    bar.begin();
    training = expandMnist(training, { onProgress: (done, total) => bar.update("expanding MNIST", done, total) });
    bar.clear();
  }
  if (config.limit !== undefined) training = slice(training, 0, config.limit);
  return { training, evaluation };
}

export async function run(args: string[]): Promise<number> {
  const config = parseTrainArgs(args);
  if (config === "help") {
    console.log(
      usage(
        "nndl train [flags]",
        TRAIN_FLAGS,
        "Prints a table of cost and accuracy per epoch; with --json one object per line:\n" +
          `  {"epoch":0,"seconds":…,"accuracy":0.9129,"correct":9129,"total":10000,"cost":…,"eta":3,"eval":"test"}`,
      ),
    );
    return 0;
  }
  const { training, evaluation } = loadData(config);
  const net = new Network(config.sizes, {
    cost: config.cost,
    activation: config.activation,
    init: config.init,
    seed: config.seed,
  });
  const report = config.json ? jsonReporter(config, evaluation) : tableReporter(config, training, evaluation);
  const bar = new ProgressBar();
  bar.begin(); // restarted after each epoch's report: the next epoch's training starts right then
  const history = await trainReportingDivergence(net, training, {
    ...config.sgd,
    evaluationData: evaluation,
    monitorEvaluationAccuracy: true,
    monitorTrainingCost: true,
    onProgress: (done, total) => {
      // Epochs are numbered from 0, as in the table below and the book's output; the bar also counts them.
      const label = `epoch ${report.epochsDone} (${report.epochsDone + 1} of ${config.sgd.epochs})`;
      bar.update(label, done, total);
      if (done === total) bar.note(`${label}: trained; measuring the training cost and ${config.evalSet} accuracy…`);
    },
    onEpoch: (record, so) => {
      bar.clear();
      report.epoch(record);
      bar.begin();
      return stuckAtChance(so.epochs, config.sizes[config.sizes.length - 1]) ? "stop" : undefined;
    },
  });
  bar.clear();
  report.end(history);
  if (stuckAtChance(history.epochs, config.sizes[config.sizes.length - 1])) {
    const last = history.epochs[history.epochs.length - 1];
    const { lambda = 0, momentum = 0, regularization = "L2", eta } = config.sgd;
    const why = likelyCause(eta, { momentum, lambda, regularization, trainingSize: training.count, training });
    throw new DivergenceError(
      `the network is stuck at chance: ${(100 * last.evaluationAccuracy!).toFixed(2)}% ${config.evalSet} accuracy and a flat ` +
        `training cost (${last.trainingCost!.toFixed(4)}) for ${STUCK_EPOCHS} epochs, so its neurons are saturated; ${asFlags(why.advice, why.cause, eta)}` +
        `${config.save ? " (the network was not saved)" : ""}`,
    );
  }

  if (config.save) {
    saveNetwork(net, config.save);
    (config.json ? console.error : console.log)(`saved the trained network to ${config.save}`);
  }
  return 0;
}

/** sgd, with the divergence message pointing at the flag the user can change. */
async function trainReportingDivergence(net: Network, training: Dataset, options: SGDOptions): Promise<History> {
  try {
    return await sgd(net, training, options);
  } catch (error) {
    if (!(error instanceof DivergenceError)) throw error;
    throw new DivergenceError(asFlags(error.message, error.setting, options.eta), error.setting);
  }
}

/** The library names the setting to blame in its own symbols; here each is a flag. */
function asFlags(message: string, setting: DivergenceError["setting"], eta: number): string {
  if (setting === "eta")
    return message.replace(/try a smaller learning rate than η = .*$/, `try a smaller --eta than ${eta}`);
  return message
    .replace(/momentum μ = /g, "--momentum ")
    .replace(/λ = /g, "--lambda ")
    .replace(/η = /g, "--eta ");
}

/**
 * A run that learns nothing: test accuracy at chance (within 3 points of 1/classes) and a flat
 * training cost for STUCK_EPOCHS epochs in a row. η = 1000 does this — every neuron saturates, the
 * gradients vanish, and without this check 30 epochs would print 10% and save a dead network.
 */
const STUCK_EPOCHS = 3;
function stuckAtChance(records: EpochRecord[], classes: number): boolean {
  const last = records.slice(-STUCK_EPOCHS);
  if (last.length < STUCK_EPOCHS) return false;
  const chance = last.every((r) => (r.evaluationAccuracy ?? 1) < 1 / classes + 0.03);
  const costs = last.map((r) => r.trainingCost ?? NaN);
  const flat = Math.max(...costs) - Math.min(...costs) <= 1e-4 * Math.max(1, Math.abs(costs[0]));
  return chance && flat;
}

interface Reporter {
  epochsDone: number;
  epoch(record: EpochRecord): void;
  end(history: History): void;
}

/** One JSON object per epoch on stdout and nothing else, so `| jq` and scripts can rely on it. */
function jsonReporter(config: TrainConfig, evaluation: Dataset): Reporter {
  // A reader that has seen enough (`| head -1`) closes the pipe: stop printing, keep training and saving.
  let closed = false;
  process.stdout.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code !== "EPIPE") throw error;
    closed = true;
  });
  return {
    epochsDone: 0,
    epoch(r) {
      this.epochsDone++;
      if (closed) return;
      process.stdout.write(
        JSON.stringify({
          epoch: r.epoch,
          seconds: r.seconds,
          accuracy: r.evaluationAccuracy,
          correct: r.evaluationCorrect,
          total: evaluation.count,
          cost: r.trainingCost,
          eta: r.eta,
          eval: config.evalSet,
        }) + "\n",
      );
    },
    end() {},
  };
}

/** A table for people: one row per epoch as it finishes, then the best epoch. */
function tableReporter(config: TrainConfig, training: Dataset, evaluation: Dataset): Reporter {
  const o = config.sgd;
  const extras = [
    o.lambda ? `λ = ${o.lambda} (${o.regularization})` : "",
    o.momentum ? `μ = ${o.momentum}` : "",
    o.dropout ? `dropout ${o.dropout}` : "",
    config.expanded ? "expanded MNIST" : "",
  ].filter(Boolean);
  console.log(
    `network [${config.sizes.join(", ")}], ${config.cost} cost, ${config.activation}, ${config.init} init, seed ${config.seed}`,
  );
  console.log(
    `SGD: η = ${o.eta}, mini-batch ${o.batchSize}, ${o.epochs} epochs${extras.length ? ", " + extras.join(", ") : ""}`,
  );
  console.log(
    `training on ${fmt(training.count)} images; accuracy on the ${fmt(evaluation.count)} ${config.evalSet} images\n`,
  );
  console.log(`epoch  seconds  training cost  ${config.evalSet} accuracy`);
  return {
    epochsDone: 0,
    epoch(r) {
      this.epochsDone++;
      const accuracy = `${fmt(r.evaluationCorrect!)} / ${fmt(evaluation.count)}  ${(100 * r.evaluationAccuracy!).toFixed(2)}%`;
      const eta = r.eta !== o.eta ? `  (η = ${r.eta})` : "";
      console.log(
        `${String(r.epoch).padStart(5)}  ${r.seconds.toFixed(2).padStart(7)}  ${r.trainingCost!.toFixed(4).padStart(13)}  ${accuracy}${eta}`,
      );
    },
    end(history) {
      const seconds = history.epochs.reduce((s, r) => s + r.seconds, 0) / history.epochs.length;
      const best = history.best!;
      const why =
        history.stopReason === "epochs"
          ? ""
          : ` (stopped by ${history.stopReason} after ${history.epochs.length} epochs)`;
      console.log(
        `\nbest ${config.evalSet} accuracy ${(100 * best.evaluationAccuracy!).toFixed(2)}% in epoch ${best.epoch}; ` +
          `${seconds.toFixed(2)} s per epoch of training${why}`,
      );
    },
  };
}

const fmt = (n: number): string => n.toLocaleString("en-US");
