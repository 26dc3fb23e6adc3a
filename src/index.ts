// Public API of the nndl library: everything notebooks and the CLI may use.
export {};
export * from "./mnist";
export * from "./notebook/check";
export * from "./notebook/display";
export * from "./notebook/plot";
export { PLOTLY_LOADER_MARKER, LOADER_PATTERN, figureHtml, plotlyLoaderHtml } from "./notebook/plotly-html";
export { plotlyMinifiedPath } from "./notebook/plotly-bundle";
export * from "./activations";
export * from "./costs";
export * from "./init";
export * from "./network";
export * from "./engine";
export * from "./train";
export * from "./io";
export * from "./notebook/draw-digit";
