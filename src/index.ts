// The public API of the nndl library: what notebooks and readers may use, by name, grouped by
// purpose. Internals (engine plumbing, figure HTML, MIME types, file formats' helpers) are not
// here: the tools and the tests import them by path.

// The one side effect of importing the library, first and by name: inside a tslab kernel, make
// the kernel's output channel lossless (see notebook/kernel-patch.ts; outside a kernel, nothing).
import "./notebook/kernel-patch";

// The book's network: neurons, costs, initialisation, feedforward and backprop.
export { step, Perceptron } from "./perceptron";
export { sigmoid, sigmoidPrime, softmax, activations, activationNames, activationByName } from "./activations";
export type { Activation, ActivationName } from "./activations";
export { quadraticCost, crossEntropyCost, logLikelihoodCost, costs, costNames, costByName } from "./costs";
export type { Cost, CostName } from "./costs";
export { initialize, initNames } from "./init";
export type { InitName, Parameters } from "./init";
export { Network, argmax } from "./network";
export type { NetworkOptions } from "./network";
export type { DropoutMasks, Gradient } from "./gradient";

// Training: mini-batch SGD (network2.py's SGD), also net.sgd(…): training/sgd.ts adds that method.
export { sgd } from "./training/sgd";
export type { SGDOptions, EpochRecord, History } from "./training/sgd";
export { engineNames } from "./engines/registry";
export type { EngineName } from "./engines/registry";
export { fastEvaluate, fastTotalCost, shutdownPool } from "./engines/fast";

// Data: data sets, MNIST, randomness.
export { inputOf, slice, oneHot, datasetFrom } from "./dataset";
export type { Dataset } from "./dataset";
export {
  readIdx,
  writeIdx,
  loadMnist,
  mnistDataDir,
  loadMnistSubset,
  expandMnist,
  shiftImage,
  SHIFTS,
  IMAGE_SIZE,
  IMAGE_PIXELS,
} from "./mnist";
export type { IdxData, MnistOptions, Mnist, ExpandOptions } from "./mnist";
export { Random } from "./random";

// Files: network2.py's JSON format, both ways.
export { saveNetwork, loadNetwork, networkToJSON, networkFromJSON } from "./io";
export type { NetworkJSON } from "./io";

// Errors the library throws on purpose.
export { InputError, DivergenceError } from "./errors";

// Central finite differences (the course's yardstick for derivatives) and small summaries.
export {
  numericalGradient,
  numericalGradientInPlace,
  numericalNetworkGradient,
  numericalJacobian,
  DEFAULT_STEP,
} from "./numerical-gradient";
export { mean, sampleStd, rms, logLogFit, percent, percentsPerEpoch, bestPercent, finalPercent } from "./statistics";

// Inside notebooks: checks, figures, live charts, the draw-a-digit widget.
export { checkClose, checkEqual, checkTrue, checkThrows, checkCatches, CheckError } from "./notebook/check";
export type { Tolerance, CheckResult, ErrorPattern } from "./notebook/check";
export { plot, plotFigure, UpdatableFigure } from "./notebook/plot";
export type { Figure, PlotConfig, PlotData, PlotLayout, PlotFrame } from "./notebook/plot";
export {
  lineChart,
  lineChartSpec,
  histogram,
  histogramSpec,
  surfaceWithPath,
  surfaceWithPathSpec,
} from "./notebook/figures";
export type { FigureOptions, Series, SurfaceOptions } from "./notebook/figures";
export { trainingChart, trainingFigure } from "./notebook/training-chart";
export type { TrainingMetric, TrainingChartOptions, TrainingChart } from "./notebook/training-chart";
export { digitGrid, digitGridSpec } from "./notebook/digit-grid";
export type { DigitGridOptions } from "./notebook/digit-grid";
export { sliderFigure, sliderSpec } from "./notebook/slider";
export type { SliderOptions } from "./notebook/slider";
export { drawDigit, drawableNetworkJson } from "./notebook/draw-digit";
export type { DrawableNetwork, DrawDigitOptions } from "./notebook/draw-digit";
export { displayBundle, inKernel } from "./notebook/display";
export { UpdatableDisplay } from "./notebook/updatable-display";
export type { MimeBundle } from "./notebook/display";
