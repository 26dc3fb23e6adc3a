/**
 * The library's one side effect on import, named so it is never a surprise: inside a tslab kernel,
 * `import … from "nndl"` makes the kernel's output channel lossless (tslab drops outputs under
 * bursts: a live chart, a long printout; iopub-queue.ts says how and why). Outside a kernel there
 * is no zeromq module loaded to patch, and this does nothing. src/index.ts imports it first; a
 * browser build leaves it out (there is no kernel).
 */
import { makeKernelOutputLossless } from "./iopub-queue";

makeKernelOutputLossless();
