// Public API of the nndl library: everything notebooks and the CLI may use.

// The book's network: neurons, costs, initialisation, backprop.
export * from "./activations";
export * from "./costs";
export * from "./init";
export * from "./network";
export * from "./perceptron";

// Training: mini-batch SGD, its engines (per-example, matrix, the fast kernels).
export * from "./train";
export * from "./engine";
export { fastEngine, supportsFast, fastEvaluate, fastTotalCost, shutdownPool, type FastOptions } from "./kernels";

// Data, randomness, files, errors.
export * from "./dataset";
export * from "./mnist";
export * from "./random";
export * from "./io";
export * from "./errors";

// Central finite differences (the course's yardstick for derivatives) and small summaries.
export {
  numericalGradient, numericalGradientInPlace, numericalNetworkGradient, numericalJacobian, DEFAULT_STEP,
} from "./numerical-gradient";
export { mean, sampleStd, rms, logLogFit, percent, percentsPerEpoch, bestPercent, finalPercent } from "./statistics";

// Inside notebooks: checks, figures, live charts, the draw-a-digit widget.
export * from "./notebook/check";
export * from "./notebook/plot";
export * from "./notebook/figures";
export * from "./notebook/training-chart";
export * from "./notebook/digit-grid";
export * from "./notebook/slider";
export * from "./notebook/draw-digit";
export { displayBundle, inKernel, UpdatableDisplay, type MimeBundle } from "./notebook/display";
export { PLOTLY_LOADER_MARKER, LOADER_PATTERN, figureHtml } from "./notebook/plotly-html";
export { plotlyMinifiedPath } from "./notebook/plotly-bundle";
