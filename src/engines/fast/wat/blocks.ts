import { get, i32, add, times8, range, type Lanes, F64, rowLoop, ZERO } from "./text";

// Register blocking: the block sizes, and the loads, stores and inner rows of a block of output units kept in registers.

/**
 * Register block sizes, in f64x2 vectors. x64 has 16 SIMD registers. The update keeps 8 vectors of
 * c·δ in registers and streams the weight rows through. The forward pass needs a register per
 * accumulator AND per loaded weight vector (V8 hoists the loads), so blocks of 8 spill; blocks of
 * 4 measured 25–30% faster there (bench notes in the kernels' report), despite more passes.
 */
export interface BlockSizes {
  forward: number[];
  update: number[];
  /** Walk the sparse rows two at a time (halves the loop overhead; same order of operations). */
  pairs?: { forward: boolean; update: boolean };
  /**
   * The dense layers' blocks, if not `forward` and `update`. Their rows are short (the book's
   * output layer: 10 units, 5 vectors), so a block of 5 covers a row in one pass where 4 + 1 took
   * two, the second a lone chain of dependent additions.
   */
  dense?: { forward: number[]; update: number[] };
}

export const DEFAULT_BLOCKS: BlockSizes = {
  forward: [4, 2, 1],
  update: [8, 4, 2, 1],
  pairs: { forward: true, update: true },
  dense: { forward: [5, 4, 2, 1], update: [8, 5, 4, 2, 1] },
};

/**
 * x = the sparse value (splat), r = &WT[row][h]. Here p is a byte offset into both per-nonzero
 * arrays (4 bytes each): val (f32) and rows (u32: the input's row offset in bytes, j·s·8, made
 * when the data is loaded), and base = &WT[0][h] — so a row costs two loads and an add.
 */
export const sparseRow = (L: Lanes): string => `
        (local.set $x ${L.splat(`(f32.load ${add(get("val"), get("p"))})`)})
        (local.set $r ${add(get("base"), `(i32.load ${add(get("rows"), get("p"))})`)})`;

export const setBase = (L: Lanes): string => `(local.set $base ${add(get("WT"), L.unit(get("h")))})`;

/** The second row of a pair: x2, r2 from p + 4. */
export const sparseRow2 = (L: Lanes): string => `
        (local.set $x2 ${L.splat(`(f32.load offset=4 ${add(get("val"), get("p"))})`)})
        (local.set $r2 ${add(get("base"), `(i32.load offset=4 ${add(get("rows"), get("p"))})`)})`;

/**
 * The sparse rows of one example, two per iteration while two remain, then the odd one. `pair`
 * must apply row p before row p + 4 to keep the one-row order of operations (and its rounding).
 */
export function sparseRows(tag: string, pair: string | null, single: string): string {
  if (!pair) return rowLoop(tag, get("p0"), get("p1"), single, 4);
  return `
      (local.set $p ${get("p0")})
      (block $${tag}pdone (loop $${tag}pnext
        (br_if $${tag}pdone (i32.gt_u ${add(get("p"), i32(8))} ${get("p1")}))
        ${pair}
        (local.set $p ${add(get("p"), i32(8))})
        (br $${tag}pnext)))
      (if (i32.lt_u ${get("p")} ${get("p1")}) (then ${single}))`;
}

/** x = A[e][p] (splat), r = &WT[p*s + h]. */
export const denseRow = `
        (local.set $x (f64x2.splat (f64.load ${add(get("arow"), times8(get("p")))})))
        (local.set $r ${add(get("WT"), times8(add(`(i32.mul ${get("p")} ${get("s")})`, get("h"))))})`;

export const accumulate = (B: number, L = F64): string =>
  range(B)
    .map(
      (i) =>
        `(local.set $a${i} (${L.v}.add (local.get $a${i}) (${L.v}.mul ${get("x")} (v128.load offset=${16 * i} ${get("r")}))))`,
    )
    .join("\n        ");

export const accumulatePair = (B: number, L: Lanes): string =>
  range(B)
    .map(
      (
        i,
      ) => `(local.set $a${i} (${L.v}.add (${L.v}.add (local.get $a${i}) (${L.v}.mul ${get("x")} (v128.load offset=${16 * i} ${get("r")})))
                                   (${L.v}.mul ${get("x2")} (v128.load offset=${16 * i} ${get("r2")}))))`,
    )
    .join("\n        ");

export const subtractScaledPair = (B: number, L: Lanes): string =>
  range(B)
    .map(
      (
        i,
      ) => `(v128.store offset=${16 * i} ${get("r")} (${L.v}.sub (v128.load offset=${16 * i} ${get("r")}) (${L.v}.mul ${get("x")} (local.get $a${i}))))
        (v128.store offset=${16 * i} ${get("r2")} (${L.v}.sub (v128.load offset=${16 * i} ${get("r2")}) (${L.v}.mul ${get("x2")} (local.get $a${i}))))`,
    )
    .join("\n        ");

export const subtractScaled = (B: number, L = F64): string =>
  range(B)
    .map(
      (i) =>
        `(v128.store offset=${16 * i} ${get("r")} (${L.v}.sub (v128.load offset=${16 * i} ${get("r")}) (${L.v}.mul ${get("x")} (local.get $a${i}))))`,
    )
    .join("\n        ");

export const loadBlock = (B: number, base: string, scale?: string): string =>
  range(B)
    .map((i) => {
      const v = `(v128.load offset=${16 * i} ${add(base, times8(get("h")))})`;
      return `(local.set $a${i} ${scale ? `(f64x2.mul ${scale} ${v})` : v})`;
    })
    .join("\n      ");

export const storeBlock = (B: number, base: string): string =>
  range(B)
    .map((i) => `(v128.store offset=${16 * i} ${add(base, times8(get("h")))} (local.get $a${i}))`)
    .join("\n      ");

/*
 * The float32 first layer's blocks. Its Z, D and biases stay float64 (the rest of the engine reads
 * them): accumulators start at 0 and Z = b + Σ is formed in float64 when the block is stored, and
 * the update's c·δ is formed in float64 and rounded to float32 once per example.
 */

/** Lanes 2, 3 of an f32x4 moved to lanes 0, 1. */
export const highHalf = (v: string): string => `(i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 ${v} ${v})`;

export const zeroBlock = (B: number): string =>
  range(B)
    .map((i) => `(local.set $a${i} ${ZERO})`)
    .join("\n      ");

export const storeBlock32 = (B: number): string =>
  range(B)
    .map((i) => {
      const half = (k: number, sum: string): string => {
        const at = (base: string): string => `offset=${32 * i + 16 * k} ${add(get(base), times8(get("h")))}`;
        return `(v128.store ${at("zrow")} (f64x2.add (v128.load ${at("b")}) (f64x2.promote_low_f32x4 ${sum})))`;
      };
      return `${half(0, `(local.get $a${i})`)}\n      ${half(1, highHalf(`(local.get $a${i})`))}`;
    })
    .join("\n      ");

export const loadScaledBlock32 = (B: number): string =>
  range(B)
    .map((i) => {
      const half = (k: number): string =>
        `(f32x4.demote_f64x2_zero (f64x2.mul ${get("c")} (v128.load offset=${32 * i + 16 * k} ${add(get("drow"), times8(get("h")))})))`;
      return `(local.set $a${i} (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 ${half(0)} ${half(1)}))`;
    })
    .join("\n      ");

export const blockLocals = (blocks: BlockSizes): string =>
  `(local $h i32) (local $p i32) (local $r i32) (local $e i32) (local $x v128) ${range(
    Math.max(...blocks.forward, ...blocks.update, ...(blocks.dense?.forward ?? []), ...(blocks.dense?.update ?? [])),
  )
    .map((i) => `(local $a${i} v128)`)
    .join(" ")}`;

/** Sets $p0/$p1 to example e's range of nonzeros, as byte offsets into the 4-byte arrays. */
export const sparseRange = `
      (local.set $ex (i32.load ${add(get("order"), `(i32.shl ${get("e")} ${i32(2)})`)}))
      (local.set $p0 (i32.shl (i32.load ${add(get("start"), `(i32.shl ${get("ex")} ${i32(2)})`)}) ${i32(2)}))
      (local.set $p1 (i32.shl (i32.load offset=4 ${add(get("start"), `(i32.shl ${get("ex")} ${i32(2)})`)}) ${i32(2)}))`;
