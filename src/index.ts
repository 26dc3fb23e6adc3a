// Public API of the nndl library: everything notebooks and the CLI may use.
export {};
export * from "./mnist";
export * from "./activations";
export * from "./costs";
export * from "./init";
export * from "./network";
export * from "./engine";
export * from "./train";
export * from "./io";
