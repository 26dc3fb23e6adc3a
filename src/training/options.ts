import type { Dataset } from "../dataset";
import { type EngineName, engineNames } from "../engines/registry";
import { InputError } from "../errors";
import { checkDataFits, show } from "../validate";

/** What sgd() accepts; see sgd.ts. */
export interface SGDOptions {
  epochs: number;
  batchSize: number;
  eta: number;
  lambda?: number;
  regularization?: "L2" | "L1";
  momentum?: number;
  dropout?: number;
  evaluationData?: Dataset;
  monitorEvaluationAccuracy?: boolean;
  monitorEvaluationCost?: boolean;
  monitorTrainingAccuracy?: boolean;
  monitorTrainingCost?: boolean;
  earlyStopping?: number;
  schedule?: { patience: number; factor: number; minEtaFraction: number };
  seed?: number;
  engine?: EngineName;
  /**
   * Training stops with a DivergenceError as soon as, after an epoch, a weight or bias is larger in
   * size than this (default 1e8: trained networks stay within the hundreds). Infinity waits for overflow,
   * to watch how a blow-up grows.
   */
  divergenceLimit?: number;
  /** Called after each epoch and awaited. Returning "stop" ends training (your own stopping rule). */
  onEpoch?: (record: EpochRecord, history: History) => void | "stop" | Promise<void | "stop">;
  onProgress?: (imagesDone: number, imagesTotal: number) => void;
}

export interface EpochRecord {
  epoch: number; // 0-based
  seconds: number; // training time of this epoch only (no monitoring)
  eta: number; // the learning rate this epoch trained with
  trainingCost?: number;
  trainingAccuracy?: number; // fraction
  evaluationCost?: number;
  evaluationAccuracy?: number; // fraction
  evaluationCorrect?: number;
}

export interface History {
  epochs: EpochRecord[];
  stopReason: "epochs" | "early-stopping" | "schedule" | "callback";
  best?: EpochRecord; // the first epoch with the highest evaluation accuracy
}

/** Far above any weight of a network that learns, far below where float64 overflows. */
export const DEFAULT_DIVERGENCE_LIMIT = 1e8;

/** Options with every default filled in, checked once at the boundary. */
export interface ResolvedOptions extends Required<
  Omit<SGDOptions, "evaluationData" | "earlyStopping" | "schedule" | "seed" | "onEpoch" | "onProgress">
> {
  evaluationData?: Dataset;
  earlyStopping?: number;
  schedule?: { patience: number; factor: number; minEtaFraction: number };
  seed?: number;
}

export function resolveOptions(sizes: readonly number[], training: Dataset, o: SGDOptions): ResolvedOptions {
  if (typeof o !== "object" || o === null)
    throw new InputError(`sgd options must be an object like {epochs: 30, batchSize: 10, eta: 3}`);
  check(Number.isInteger(o.epochs) && o.epochs >= 1, `epochs ${show(o.epochs)} is not valid: use a whole number ≥ 1`);
  check(
    Number.isInteger(o.batchSize) && o.batchSize >= 1,
    `batch size ${show(o.batchSize)} is not valid: use a whole number ≥ 1`,
  );
  check(
    isFiniteNumber(o.eta) && o.eta > 0,
    `learning rate η ${show(o.eta)} is not valid: use a number > 0, e.g. 3 or 0.5`,
  );
  const lambda = o.lambda ?? 0;
  check(
    isFiniteNumber(lambda) && lambda >= 0,
    `λ ${show(lambda)} is not valid: use a number ≥ 0 (0 = no regularization)`,
  );
  const regularization = o.regularization ?? "L2";
  check(
    regularization === "L2" || regularization === "L1",
    `regularization ${show(regularization)} is not valid: use "L2" or "L1"`,
  );
  const momentum = o.momentum ?? 0;
  // μ outside [0, 1) is allowed on purpose: chapter 3's exercise asks what μ > 1 and μ < 0 do.
  check(
    isFiniteNumber(momentum),
    `momentum μ ${show(momentum)} is not valid: use a number, usually in [0, 1) (0 = no momentum)`,
  );
  const dropout = o.dropout ?? 0;
  check(
    isFiniteNumber(dropout) && dropout >= 0 && dropout < 1,
    `dropout ${show(dropout)} is not valid: use a probability in [0, 1)`,
  );
  const engine = o.engine ?? "auto";
  check(engineNames.includes(engine), `engine ${show(engine)} is not valid: use one of ${engineNames.join(", ")}`);
  check(o.seed === undefined || isFiniteNumber(o.seed), `seed ${show(o.seed)} is not valid: use a finite number`);
  const divergenceLimit = o.divergenceLimit ?? DEFAULT_DIVERGENCE_LIMIT;
  check(
    typeof divergenceLimit === "number" && divergenceLimit > 0,
    `divergenceLimit ${show(divergenceLimit)} is not valid: use a number > 0 (default 1e8; Infinity to wait for overflow)`,
  );
  checkKnownKeys(o);
  checkIsDataset(training, "the training data");
  check(training.count >= 1, `the training data is empty: give at least one example`);
  checkDataFits(sizes, training, true);
  const evaluating = o.evaluationData !== undefined;
  if (evaluating) {
    checkIsDataset(o.evaluationData, "evaluationData");
    check(
      o.evaluationData.count >= 1,
      `evaluationData is empty: give at least one example, or leave evaluationData out`,
    );
    checkDataFits(sizes, o.evaluationData);
  }
  checkStopping(o, evaluating);
  return {
    epochs: o.epochs,
    batchSize: o.batchSize,
    eta: o.eta,
    lambda,
    regularization,
    momentum,
    dropout,
    engine,
    divergenceLimit,
    evaluationData: o.evaluationData,
    // Early stopping and the schedule watch evaluation accuracy, so they switch it on.
    monitorEvaluationAccuracy:
      (evaluating && (o.monitorEvaluationAccuracy ?? true)) ||
      o.earlyStopping !== undefined ||
      o.schedule !== undefined,
    monitorEvaluationCost: evaluating && (o.monitorEvaluationCost ?? false),
    monitorTrainingAccuracy: o.monitorTrainingAccuracy ?? false,
    monitorTrainingCost: o.monitorTrainingCost ?? false,
    earlyStopping: o.earlyStopping,
    schedule: o.schedule,
    seed: o.seed,
  };
}

const KNOWN_KEYS: ReadonlyArray<keyof SGDOptions> = [
  "epochs",
  "batchSize",
  "eta",
  "lambda",
  "regularization",
  "momentum",
  "dropout",
  "evaluationData",
  "monitorEvaluationAccuracy",
  "monitorEvaluationCost",
  "monitorTrainingAccuracy",
  "monitorTrainingCost",
  "earlyStopping",
  "schedule",
  "seed",
  "engine",
  "divergenceLimit",
  "onEpoch",
  "onProgress",
];
/** network2.py's and other common spellings, so a Python habit gets the right name back. */
const ALIASES: Record<string, keyof SGDOptions> = {
  lmbda: "lambda",
  mini_batch_size: "batchSize",
  miniBatchSize: "batchSize",
  batch_size: "batchSize",
  learningRate: "eta",
  learning_rate: "eta",
  evaluation_data: "evaluationData",
  test_data: "evaluationData",
  testData: "evaluationData",
  monitor_evaluation_accuracy: "monitorEvaluationAccuracy",
  monitor_evaluation_cost: "monitorEvaluationCost",
  monitor_training_accuracy: "monitorTrainingAccuracy",
  monitor_training_cost: "monitorTrainingCost",
  mu: "momentum",
  early_stopping_n: "earlyStopping",
};

/** An option sgd does not know is refused, not silently ignored (network2.py spells λ `lmbda`). */
function checkKnownKeys(o: SGDOptions): void {
  for (const key of Object.keys(o)) {
    if ((KNOWN_KEYS as readonly string[]).includes(key)) continue;
    const suggestion = ALIASES[key] ?? KNOWN_KEYS.find((k) => k.toLowerCase() === key.toLowerCase());
    throw new InputError(
      `sgd has no option "${key}"${suggestion ? `; did you mean "${suggestion}"?` : `; its options are ${KNOWN_KEYS.join(", ")}`}`,
    );
  }
}

/** A Dataset, not network.py's list of (x, y) pairs: say how to convert. */
function checkIsDataset(data: unknown, what: string): asserts data is Dataset {
  const d = data as Partial<Dataset> | null | undefined;
  if (
    d &&
    typeof d === "object" &&
    typeof d.count === "number" &&
    typeof d.inputSize === "number" &&
    d.inputs instanceof Float32Array &&
    d.labels instanceof Uint8Array
  )
    return;
  const pairs = Array.isArray(data) ? ` (a list of ${data.length} items, like network.py's [(x, y), …]?)` : "";
  throw new InputError(
    `${what} must be a Dataset {count, inputSize, inputs, labels}, got ${show(data)}${pairs}: ` +
      `load one with loadMnist(), or convert pairs with datasetFrom(pairs.map(([x, y]) => ({ x, label: y.indexOf(1) })))`,
  );
}

function checkStopping(o: SGDOptions, evaluating: boolean): void {
  if (o.earlyStopping !== undefined) {
    check(
      Number.isInteger(o.earlyStopping) && o.earlyStopping >= 1,
      `earlyStopping ${show(o.earlyStopping)} is not valid: use a whole number of epochs ≥ 1`,
    );
    check(evaluating, `earlyStopping needs evaluationData: it stops when evaluation accuracy stops improving`);
  }
  if (o.schedule !== undefined) {
    const s = o.schedule;
    check(
      typeof s === "object" && s !== null,
      `schedule ${show(s)} is not valid: use {patience: 10, factor: 2, minEtaFraction: 1/128}`,
    );
    check(
      Number.isInteger(s.patience) && s.patience >= 1,
      `schedule patience ${show(s.patience)} is not valid: use a whole number of epochs ≥ 1`,
    );
    check(
      isFiniteNumber(s.factor) && s.factor > 1,
      `schedule factor ${show(s.factor)} is not valid: use a number > 1, e.g. 2`,
    );
    check(
      isFiniteNumber(s.minEtaFraction) && s.minEtaFraction > 0 && s.minEtaFraction < 1,
      `schedule minEtaFraction ${show(s.minEtaFraction)} is not valid: use a number in (0, 1), e.g. 1/128`,
    );
    check(
      evaluating,
      `a learning-rate schedule needs evaluationData: it lowers η when evaluation accuracy stops improving`,
    );
  }
}

function isFiniteNumber(v: unknown): v is number {
  return typeof v === "number" && Number.isFinite(v);
}

function check(condition: unknown, message: string): asserts condition {
  if (!condition) throw new InputError(message);
}
