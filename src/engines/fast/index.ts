// The fast mini-batch engine (WebAssembly SIMD, sparse first layer), as ../registry.ts lists it,
// and its forward pass as measures (what the engine's monitoring uses; public for notebooks).
export { fastEngine, supportsFast, fast32Engine, supportsFast32, type FastOptions } from "./fast-engine";
export { fastEvaluate, fastTotalCost } from "./evaluate";
export { shutdownPool, workerStarts } from "./pool";
