/**
 * The WebAssembly text of the fast kernels. V8 does not vectorise JavaScript loops; WebAssembly
 * SIMD does, two float64 at a time (f64x2). This file *generates* the text rather than holding it
 * because the hot loops are register-blocked — 8, 4, 2 and 1 vectors of output units are kept in
 * locals while the inner loop walks the input rows — and writing each block size out by hand would
 * be four copies of the same loop. `npm run build` does not assemble it: wasm-binary.ts holds the
 * assembled bytes (regenerate with `node dist/engines/fast/assemble.js --write`; a unit test checks that
 * the bytes match this text).
 *
 * One file per kernel family: layers.ts (forward, BP4 update), backprop.ts (BP1, BP2, BP3),
 * activations.ts (σ and σ', e^x, dropout), elementwise.ts (decay, momentum, L1), stream.ts (the
 * data's row offsets, the epoch's examples copied into one stream, new memory touched ahead of
 * use); blocks.ts and text.ts hold the register blocking and the small builders they share. The block sizes are an argument,
 * passed down to the kernels that use them (tests assemble other sizes; the engine uses DEFAULT_BLOCKS).
 *
 * Layout conventions (all pointers are byte offsets into the one shared memory):
 *  - a weight layer l with nIn inputs and nOut outputs is stored TRANSPOSED and padded: WT is
 *    nIn rows of s float64, s = nOut rounded up to even, WT[j*s + o] = w_{oj}. Row j is then the
 *    contiguous fan-out of input j, which is what both the forward pass (z += x_j · row j) and the
 *    BP4 update (row j −= c·x_j · δ) walk. Padding columns are zero and stay zero.
 *  - per-batch matrices Z, A, D (weighted inputs, activations, errors) are m rows of s float64.
 *  - the sparse input: example ex has nonzeros p ∈ [start[ex], start[ex+1]) with pixel index
 *    idx[p] (u16) and value val[p] (f32, the Dataset's own float32, widened exactly to float64).
 *  - `order` holds the mini-batch's example indices (u32).
 *  - sparseForward32/sparseUpdate32 (the opt-in "fast32" engine) are the same loops with the first
 *    layer's WT in float32 (rows of s float32) and f32x4 vectors; Z, D and b stay float64.
 */
import { exp2Lanes, sigmoidGroup, activate, mask } from "./activations";
import { outputError, backwardError, biasUpdate } from "./backprop";
import { type BlockSizes, DEFAULT_BLOCKS } from "./blocks";
import { elementwise } from "./elementwise";
import { sparseForward, denseForward, sparseUpdate, denseUpdate } from "./layers";
import { gather, rowOffsets, touch } from "./stream";
import { F64, F32 } from "./text";

export { ACTIVATION_CODES } from "./activations";
export { type BlockSizes, DEFAULT_BLOCKS } from "./blocks";

/** The whole module. Memory is imported (and shared) so a worker thread can run on the same weights. */
export function kernelsWat(blocks: BlockSizes = DEFAULT_BLOCKS): string {
  return `(module
  (import "env" "memory" (memory 1 65536 shared))
  ${sparseForward(F64, blocks)}
  ${denseForward(blocks)}
  ${sparseUpdate(F64, blocks)}
  ${denseUpdate(blocks)}
  ${outputError()}
  ${backwardError()}
  ${exp2Lanes()}
  ${sigmoidGroup()}
  ${activate()}
  ${mask()}
  ${biasUpdate()}
  ${elementwise(F64)}
  ${gather()}
  ${rowOffsets()}
  ${touch()}
  ${sparseForward(F32, blocks)}
  ${sparseUpdate(F32, blocks)}
  ${elementwise(F32)}
)
`;
}
