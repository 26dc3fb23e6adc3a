// The fast mini-batch engine (WebAssembly SIMD, sparse first layer). engine.ts finds it here:
// fastEngine() and supportsFast() are what its registry looks for.
export { fastEngine, supportsFast, fast32Engine, supportsFast32, type FastOptions } from "./fast-engine";
export { fastEvaluate, fastTotalCost } from "./evaluate";
