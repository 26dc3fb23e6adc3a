// Public API of the nndl library: everything notebooks and the CLI may use.
export {};
export * from "./mnist";
