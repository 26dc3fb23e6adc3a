/**
 * The WebAssembly text of the fast kernels. V8 does not vectorise JavaScript loops; WebAssembly
 * SIMD does, two float64 at a time (f64x2). This file *generates* the text rather than holding it
 * because the hot loops are register-blocked — 8, 4, 2 and 1 vectors of output units are kept in
 * locals while the inner loop walks the input rows — and writing each block size out by hand would
 * be four copies of the same loop. `npm run build` does not assemble it: wasm-binary.ts holds the
 * assembled bytes (regenerate with `node dist/engines/fast/assemble.js --write`; a unit test checks that
 * the bytes match this text).
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
}
export const DEFAULT_BLOCKS: BlockSizes = { forward: [4, 2, 1], update: [8, 4, 2, 1], pairs: { forward: true, update: true } };
let BLOCKS = DEFAULT_BLOCKS;

const get = (name: string): string => `(local.get $${name})`;
const i32 = (n: number): string => `(i32.const ${n})`;
const add = (a: string, b: string): string => `(i32.add ${a} ${b})`;
const times8 = (a: string): string => `(i32.shl ${a} ${i32(3)})`;
const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

/**
 * What one SIMD vector holds in the sparse first-layer loops: two float64 (the default engine) or,
 * for the opt-in "fast32" engine, four float32 — twice the units per instruction, at float32
 * rounding (its first-layer weights are float32; everything else stays float64).
 */
interface Lanes {
  v: "f64x2" | "f32x4";
  per: number; // units per vector
  unit: (a: string) => string; // a unit index → its byte offset
  splat: (value: string) => string; // an f32 sparse value → a vector of it
  suffix: string; // of the exported names
}
const F64: Lanes = { v: "f64x2", per: 2, unit: (a) => times8(a), splat: (x) => `(f64x2.splat (f64.promote_f32 ${x}))`, suffix: "" };
const F32: Lanes = { v: "f32x4", per: 4, unit: (a) => `(i32.shl ${a} ${i32(2)})`, splat: (x) => `(f32x4.splat ${x})`, suffix: "32" };

/** `while (h + per·B <= n) { body; h += per·B }` — one register block size (per = units per vector). */
function blockLoop(tag: string, B: number, body: string, per = 2): string {
  return `
    (block $${tag}done${B} (loop $${tag}next${B}
      (br_if $${tag}done${B} (i32.gt_u ${add(get("h"), i32(per * B))} ${get("n")}))
      ${body}
      (local.set $h ${add(get("h"), i32(per * B))})
      (br $${tag}next${B})))`;
}

/** `for (p = from; p < to; p += step) { body }` */
function rowLoop(tag: string, from: string, to: string, body: string, step = 1): string {
  return `
      (local.set $p ${from})
      (block $${tag}rdone (loop $${tag}rnext
        (br_if $${tag}rdone (i32.ge_u ${get("p")} ${to}))
        ${body}
        (local.set $p ${add(get("p"), i32(step))})
        (br $${tag}rnext)))`;
}

/**
 * x = the sparse value (splat), r = &WT[row][h]. Here p is a byte offset into both per-nonzero
 * arrays (4 bytes each): val (f32) and rows (u32: the input's row offset in bytes, j·s·8, made
 * when the data is loaded), and base = &WT[0][h] — so a row costs two loads and an add.
 */
const sparseRow = (L: Lanes): string => `
        (local.set $x ${L.splat(`(f32.load ${add(get("val"), get("p"))})`)})
        (local.set $r ${add(get("base"), `(i32.load ${add(get("rows"), get("p"))})`)})`;
const setBase = (L: Lanes): string => `(local.set $base ${add(get("WT"), L.unit(get("h")))})`;
/** The second row of a pair: x2, r2 from p + 4. */
const sparseRow2 = (L: Lanes): string => `
        (local.set $x2 ${L.splat(`(f32.load offset=4 ${add(get("val"), get("p"))})`)})
        (local.set $r2 ${add(get("base"), `(i32.load offset=4 ${add(get("rows"), get("p"))})`)})`;

/**
 * The sparse rows of one example, two per iteration while two remain, then the odd one. `pair`
 * must apply row p before row p + 4 to keep the one-row order of operations (and its rounding).
 */
function sparseRows(tag: string, pair: string | null, single: string): string {
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
const denseRow = `
        (local.set $x (f64x2.splat (f64.load ${add(get("arow"), times8(get("p")))})))
        (local.set $r ${add(get("WT"), times8(add(`(i32.mul ${get("p")} ${get("s")})`, get("h"))))})`;

const accumulate = (B: number, L = F64): string =>
  range(B)
    .map((i) => `(local.set $a${i} (${L.v}.add (local.get $a${i}) (${L.v}.mul ${get("x")} (v128.load offset=${16 * i} ${get("r")}))))`)
    .join("\n        ");

const accumulatePair = (B: number, L: Lanes): string =>
  range(B)
    .map((i) => `(local.set $a${i} (${L.v}.add (${L.v}.add (local.get $a${i}) (${L.v}.mul ${get("x")} (v128.load offset=${16 * i} ${get("r")})))
                                   (${L.v}.mul ${get("x2")} (v128.load offset=${16 * i} ${get("r2")}))))`)
    .join("\n        ");

const subtractScaledPair = (B: number, L: Lanes): string =>
  range(B)
    .map((i) => `(v128.store offset=${16 * i} ${get("r")} (${L.v}.sub (v128.load offset=${16 * i} ${get("r")}) (${L.v}.mul ${get("x")} (local.get $a${i}))))
        (v128.store offset=${16 * i} ${get("r2")} (${L.v}.sub (v128.load offset=${16 * i} ${get("r2")}) (${L.v}.mul ${get("x2")} (local.get $a${i}))))`)
    .join("\n        ");

const subtractScaled = (B: number, L = F64): string =>
  range(B)
    .map((i) => `(v128.store offset=${16 * i} ${get("r")} (${L.v}.sub (v128.load offset=${16 * i} ${get("r")}) (${L.v}.mul ${get("x")} (local.get $a${i}))))`)
    .join("\n        ");

const loadBlock = (B: number, base: string, scale?: string): string =>
  range(B)
    .map((i) => {
      const v = `(v128.load offset=${16 * i} ${add(base, times8(get("h")))})`;
      return `(local.set $a${i} ${scale ? `(f64x2.mul ${scale} ${v})` : v})`;
    })
    .join("\n      ");

const storeBlock = (B: number, base: string): string =>
  range(B).map((i) => `(v128.store offset=${16 * i} ${add(base, times8(get("h")))} (local.get $a${i}))`).join("\n      ");

/*
 * The float32 first layer's blocks. Its Z, D and biases stay float64 (the rest of the engine reads
 * them): accumulators start at 0 and Z = b + Σ is formed in float64 when the block is stored, and
 * the update's c·δ is formed in float64 and rounded to float32 once per example.
 */
const ZERO = "(v128.const i64x2 0 0)";
/** Lanes 2, 3 of an f32x4 moved to lanes 0, 1. */
const highHalf = (v: string): string => `(i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 ${v} ${v})`;
const zeroBlock = (B: number): string => range(B).map((i) => `(local.set $a${i} ${ZERO})`).join("\n      ");
const storeBlock32 = (B: number): string =>
  range(B)
    .map((i) => {
      const half = (k: number, sum: string): string => {
        const at = (base: string): string => `offset=${32 * i + 16 * k} ${add(get(base), times8(get("h")))}`;
        return `(v128.store ${at("zrow")} (f64x2.add (v128.load ${at("b")}) (f64x2.promote_low_f32x4 ${sum})))`;
      };
      return `${half(0, `(local.get $a${i})`)}\n      ${half(1, highHalf(`(local.get $a${i})`))}`;
    })
    .join("\n      ");
const loadScaledBlock32 = (B: number): string =>
  range(B)
    .map((i) => {
      const half = (k: number): string =>
        `(f32x4.demote_f64x2_zero (f64x2.mul ${get("c")} (v128.load offset=${32 * i + 16 * k} ${add(get("drow"), times8(get("h")))})))`;
      return `(local.set $a${i} (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 ${half(0)} ${half(1)}))`;
    })
    .join("\n      ");

const blockLocals = (): string => `(local $h i32) (local $p i32) (local $r i32) (local $e i32) (local $x v128) ${range(Math.max(...BLOCKS.forward, ...BLOCKS.update))
  .map((i) => `(local $a${i} v128)`)
  .join(" ")}`;

/** `for (e = 0; e < m; e++) { body }` over the mini-batch's examples. */
function exampleLoop(body: string): string {
  return `
    (local.set $e ${i32(0)})
    (block $edone (loop $enext
      (br_if $edone (i32.ge_u ${get("e")} ${get("m")}))
      ${body}
      (local.set $e ${add(get("e"), i32(1))})
      (br $enext)))`;
}

/** Sets $p0/$p1 to example e's range of nonzeros, as byte offsets into the 4-byte arrays. */
const sparseRange = `
      (local.set $ex (i32.load ${add(get("order"), `(i32.shl ${get("e")} ${i32(2)})`)}))
      (local.set $p0 (i32.shl (i32.load ${add(get("start"), `(i32.shl ${get("ex")} ${i32(2)})`)}) ${i32(2)}))
      (local.set $p1 (i32.shl (i32.load offset=4 ${add(get("start"), `(i32.shl ${get("ex")} ${i32(2)})`)}) ${i32(2)}))`;

const rowOf = (matrix: string, stride: string): string => add(get(matrix), times8(`(i32.mul ${get("e")} ${get(stride)})`));

/** Z[e] = b + Σ_p val[p] · WT[idx[p]] — eq. 25 for the first layer, visiting only nonzero inputs. */
function sparseForward(L: Lanes): string {
  const f32 = L === F32;
  const perBlock = (B: number): string =>
    blockLoop("f", B, `${f32 ? zeroBlock(B) : loadBlock(B, get("b"))}${setBase(L)}${sparseRows(`f${B}`,
      BLOCKS.pairs?.forward ? `${sparseRow(L)}${sparseRow2(L)}\n        ${accumulatePair(B, L)}` : null, `${sparseRow(L)}\n        ${accumulate(B, L)}`)}
      ${f32 ? storeBlock32(B) : storeBlock(B, get("zrow"))}`, L.per);
  return `
  (func (export "sparseForward${L.suffix}") (param $Z i32) (param $WT i32) (param $s i32) (param $n i32) (param $b i32) (param $m i32)
      (param $order i32) (param $start i32) (param $rows i32) (param $val i32)
    ${blockLocals()} (local $ex i32) (local $p0 i32) (local $p1 i32) (local $base i32) (local $x2 v128) (local $r2 i32) (local $zrow i32)
    ${exampleLoop(`${sparseRange}
      (local.set $zrow ${rowOf("Z", "s")})
      (local.set $h ${i32(0)})
      ${BLOCKS.forward.map(perBlock).join("")}`)})`;
}

/** Z[e] = b + Σ_{j<nIn} A[e][j] · WT[j] — eq. 25 for a dense layer. */
function denseForward(): string {
  const perBlock = (B: number): string =>
    blockLoop("f", B, `${loadBlock(B, get("b"))}${rowLoop(`f${B}`, i32(0), get("nIn"), `${denseRow}\n        ${accumulate(B)}`)}
      ${storeBlock(B, get("zrow"))}`);
  return `
  (func (export "denseForward") (param $Z i32) (param $WT i32) (param $s i32) (param $n i32) (param $b i32) (param $m i32)
      (param $A i32) (param $sIn i32) (param $nIn i32)
    ${blockLocals()} (local $zrow i32) (local $arow i32)
    ${exampleLoop(`
      (local.set $zrow ${rowOf("Z", "s")})
      (local.set $arow ${rowOf("A", "sIn")})
      (local.set $h ${i32(0)})
      ${BLOCKS.forward.map(perBlock).join("")}`)})`;
}

/** WT[idx[p]] −= (c·val[p]) · D[e] for every example — BP4 applied straight to the touched rows. */
function sparseUpdate(L: Lanes): string {
  const perBlock = (B: number): string =>
    blockLoop("u", B, `${L === F32 ? loadScaledBlock32(B) : loadBlock(B, get("drow"), get("c"))}${setBase(L)}${sparseRows(`u${B}`,
      BLOCKS.pairs?.update ? `${sparseRow(L)}${sparseRow2(L)}\n        ${subtractScaledPair(B, L)}` : null, `${sparseRow(L)}\n        ${subtractScaled(B, L)}`)}`, L.per);
  return `
  (func (export "sparseUpdate${L.suffix}") (param $WT i32) (param $s i32) (param $n i32) (param $D i32) (param $m i32)
      (param $order i32) (param $start i32) (param $rows i32) (param $val i32) (param $step f64)
    ${blockLocals()} (local $ex i32) (local $p0 i32) (local $p1 i32) (local $base i32) (local $x2 v128) (local $r2 i32) (local $drow i32) (local $c v128)
    (local.set $c (f64x2.splat ${get("step")}))
    ${exampleLoop(`${sparseRange}
      (local.set $drow ${rowOf("D", "s")})
      (local.set $h ${i32(0)})
      ${BLOCKS.update.map(perBlock).join("")}`)})`;
}

/** WT[j] −= (c·A[e][j]) · D[e] for j < nIn and every example — BP4 for a dense layer. */
function denseUpdate(): string {
  const perBlock = (B: number): string =>
    blockLoop("u", B, `${loadBlock(B, get("drow"), get("c"))}${rowLoop(`u${B}`, i32(0), get("nIn"), `${denseRow}\n        ${subtractScaled(B)}`)}`);
  return `
  (func (export "denseUpdate") (param $WT i32) (param $s i32) (param $n i32) (param $D i32) (param $m i32)
      (param $A i32) (param $sIn i32) (param $nIn i32) (param $step f64)
    ${blockLocals()} (local $drow i32) (local $arow i32) (local $c v128)
    (local.set $c (f64x2.splat ${get("step")}))
    ${exampleLoop(`
      (local.set $drow ${rowOf("D", "s")})
      (local.set $arow ${rowOf("A", "sIn")})
      (local.set $h ${i32(0)})
      ${BLOCKS.update.map(perBlock).join("")}`)})`;
}

/**
 * BP2: Dprev[e][j] = (row j of WT · D[e]) · σ'(z), with σ'(z) written through a = Aprev[e][j]
 * (sigmoid: a(1 − a); tanh: 1 − a²; ReLU: a > 0; linear: 1) — with dropout, a is the unit's
 * activation before masking and the factor is times the mask M[j] (M = 0: no dropout) — for the
 * `cols` units j < cols of the rows
 * (the caller offsets the pointers to start at a thread's first unit). Units j ≥ nPrev are
 * padding and get δ = 0.
 */
function backwardError(): string {
  return `
  (func (export "backwardError") (param $Dprev i32) (param $sPrev i32) (param $nPrev i32) (param $cols i32) (param $WT i32)
      (param $s i32) (param $D i32) (param $Aprev i32) (param $m i32) (param $kind i32) (param $M i32)
    (local $e i32) (local $j i32) (local $h i32) (local $r i32) (local $drow i32) (local $prow i32) (local $sum v128) (local $a f64)
    (local $f f64)
    ${exampleLoop(`
      (local.set $drow ${rowOf("D", "s")})
      (local.set $prow ${rowOf("Dprev", "sPrev")})
      (local.set $j ${i32(0)})
      (block $jdone (loop $jnext
        (br_if $jdone (i32.ge_u ${get("j")} ${get("cols")}))
        (if (i32.lt_u ${get("j")} ${get("nPrev")})
          (then
            (local.set $sum (f64x2.splat (f64.const 0)))
            (local.set $r ${add(get("WT"), times8(`(i32.mul ${get("j")} ${get("s")})`))})
            (local.set $h ${i32(0)})
            (block $hdone (loop $hnext
              (br_if $hdone (i32.ge_u ${get("h")} ${get("s")}))
              (local.set $sum (f64x2.add ${get("sum")} (f64x2.mul (v128.load ${add(get("r"), times8(get("h")))})
                                                                   (v128.load ${add(get("drow"), times8(get("h")))}))))
              (local.set $h ${add(get("h"), i32(2))})
              (br $hnext)))
            (local.set $a (f64.load ${add(rowOf("Aprev", "sPrev"), times8(get("j")))}))
            (local.set $f ${primeFromActivation(get("a"))})
            ;; dropout: a dropped unit passes no error back, a kept one carries its 1/(1 − p)
            (if (i32.ne ${get("M")} ${i32(0)}) (then (local.set $f (f64.mul ${get("f")} (f64.load ${add(get("M"), times8(get("j")))})))))
            (f64.store ${add(get("prow"), times8(get("j")))}
              (f64.mul (f64.add (f64x2.extract_lane 0 ${get("sum")}) (f64x2.extract_lane 1 ${get("sum")})) ${get("f")})))
          (else (f64.store ${add(get("prow"), times8(get("j")))} (f64.const 0))))
        (local.set $j ${add(get("j"), i32(1))})
        (br $jnext)))`)})`;
}

/**
 * e^x for two lanes: x = k·ln2 + r with |r| ≤ ln2/2, e^r by its Taylor series to r¹³ (the next
 * term is below 1e-17 relative), times 2^k built in the exponent bits. x is clamped to
 * [−708, 709] so 2^k stays a normal float; e^±709 is already beyond what a sigmoid can resolve.
 * NaN passes through (min/max propagate it), so divergence still shows.
 */
function exp2Lanes(): string {
  const coefficients = range(14).map((n) => 1 / range(n).reduce((f, i) => f * (i + 1), 1)); // 1/n!
  let poly = `(f64x2.splat (f64.const ${coefficients[13]}))`;
  for (let n = 12; n >= 0; n--) poly = `(f64x2.add (f64x2.splat (f64.const ${coefficients[n]})) (f64x2.mul ${get("r")} ${poly}))`;
  return `
  (func $exp (param $x v128) (result v128) (local $k v128) (local $r v128)
    (local.set $x (f64x2.max (f64x2.min ${get("x")} (f64x2.splat (f64.const 709))) (f64x2.splat (f64.const -708))))
    (local.set $k (f64x2.nearest (f64x2.mul ${get("x")} (f64x2.splat (f64.const 1.4426950408889634)))))
    ;; ln 2 in two parts (fdlibm's): k·ln2hi is exact, so r keeps full precision
    (local.set $r (f64x2.sub (f64x2.sub ${get("x")} (f64x2.mul ${get("k")} (f64x2.splat (f64.const 6.93147180369123816490e-01))))
                             (f64x2.mul ${get("k")} (f64x2.splat (f64.const 1.90821492927058770002e-10)))))
    (f64x2.mul ${poly}
      (i64x2.shl (i64x2.add (i64x2.extend_low_i32x4_s (i32x4.trunc_sat_f64x2_s_zero ${get("k")})) (i64x2.splat (i64.const 1023)))
                 ${i32(52)})))`;
}

/** Shape of a block of a matrix: `rows` rows of n values (n even; a multiple of 4 for float32), rows s apart. */
const SHAPE = "(param $rows i32) (param $n i32) (param $s i32)";
const SHAPE_LOCALS = "(local $row i32) (local $i i32) (local $o i32)";
/** &P[row][i] inside rowsLoop. */
const at = (p: string): string => add(get(p), get("o"));

/** `for row < rows, for i < n, one vector at a time: body` with $o the byte offset of [row][i]. */
function rowsLoop(body: string, L: Lanes = F64): string {
  return `
    (block $rdone (loop $rnext
      (br_if $rdone (i32.ge_u ${get("row")} ${get("rows")}))
      (local.set $o ${L.unit(`(i32.mul ${get("row")} ${get("s")})`)})
      (local.set $i ${i32(0)})
      (block $done (loop $next
        (br_if $done (i32.ge_u ${get("i")} ${get("n")}))
        ${body}
        (local.set $o ${add(get("o"), i32(16))})
        (local.set $i ${add(get("i"), i32(L.per))})
        (br $next)))
      (local.set $row ${add(get("row"), i32(1))})
      (br $rnext)))`;
}

/** Activation codes shared with activation.ts: which σ a layer applies. */
export const ACTIVATION_CODES = { sigmoid: 0, tanh: 1, relu: 2, linear: 3 } as const;

/**
 * A = σ(Z) over a block of rows × n (shape as in SHAPE), σ chosen by `kind` (ACTIVATION_CODES):
 * sigmoid 1/(1 + e^{−z}); tanh 1 − 2/(e^{2z} + 1) (exact at ±∞; absolute error ~1e-16 near 0);
 * ReLU max(0, z) (NaN stays NaN); linear z.
 */
function activate(): string {
  const one = "(f64x2.splat (f64.const 1))";
  const z = `(v128.load ${at("Z")})`;
  const variant = (body: string): string => rowsLoop(`(v128.store ${at("A")} ${body})`);
  return `
  (func (export "activate") (param $A i32) (param $Z i32) ${SHAPE} (param $kind i32) ${SHAPE_LOCALS}
    (if (i32.eq ${get("kind")} ${i32(ACTIVATION_CODES.sigmoid)}) (then
      ${variant(`(f64x2.div ${one} (f64x2.add ${one} (call $exp (f64x2.neg ${z}))))`)}
      (return)))
    (if (i32.eq ${get("kind")} ${i32(ACTIVATION_CODES.tanh)}) (then
      ${variant(`(f64x2.sub ${one} (f64x2.div (f64x2.splat (f64.const 2)) (f64x2.add (call $exp (f64x2.add ${z} ${z})) ${one})))`)}
      (return)))
    (if (i32.eq ${get("kind")} ${i32(ACTIVATION_CODES.relu)}) (then
      ;; z > 0 ? z : 0, lane by lane (NaN > 0 is false, so NaN would become 0: keep it by testing z ≤ 0 instead)
      ${variant(`(v128.andnot ${z} (f64x2.le ${z} (f64x2.splat (f64.const 0))))`)}
      (return)))
    ${variant(z)})`;
}

/** Dropout: A = U ⊙ M per row (M: one mask value per unit, 0 or 1/(1 − p)). */
function mask(): string {
  return `
  (func (export "mask") (param $A i32) (param $U i32) (param $M i32) ${SHAPE} ${SHAPE_LOCALS}
    ${rowsLoop(`(v128.store ${at("A")} (f64x2.mul (v128.load ${at("U")}) (v128.load ${add(get("M"), times8(get("i")))})))`)})`;
}

/** σ'(z) written through a = σ(z), as BP2 needs it, for activation `kind` (scalar). */
function primeFromActivation(a: string): string {
  return `
        (if (result f64) (i32.eq ${get("kind")} ${i32(ACTIVATION_CODES.sigmoid)}) (then (f64.mul ${a} (f64.sub (f64.const 1) ${a})))
          (else (if (result f64) (i32.eq ${get("kind")} ${i32(ACTIVATION_CODES.tanh)}) (then (f64.sub (f64.const 1) (f64.mul ${a} ${a})))
            (else (if (result f64) (i32.eq ${get("kind")} ${i32(ACTIVATION_CODES.relu)})
              (then (select (f64.const 1) (f64.const 0) (f64.gt ${a} (f64.const 0))))
              (else (f64.const 1)))))))`;
}

/** b[h] −= c · Σ_e D[e][h] for h < n (BP3 summed over the batch, in the plain engines' order of sums). */
function biasUpdate(): string {
  return `
  (func (export "biasUpdate") (param $b i32) (param $D i32) (param $s i32) (param $n i32) (param $m i32) (param $step f64)
    (local $h i32) (local $e i32) (local $sum v128)
    (block $hdone (loop $hnext
      (br_if $hdone (i32.ge_u ${get("h")} ${get("n")}))
      (local.set $sum (f64x2.splat (f64.const 0)))
      ${exampleLoop(`(local.set $sum (f64x2.add ${get("sum")} (v128.load ${add(rowOf("D", "s"), times8(get("h")))})))`)}
      (v128.store ${add(get("b"), times8(get("h")))}
        (f64x2.sub (v128.load ${add(get("b"), times8(get("h")))}) (f64x2.mul (f64x2.splat ${get("step")}) ${get("sum")})))
      (local.set $h ${add(get("h"), i32(2))})
      (br $hnext))))`;
}

/**
 * Elementwise loops over a block of `rows` rows × n values in a matrix whose rows are s apart — a
 * whole layer (rows = nIn, n = s) or one thread's weight panel: scaling (L2 decay, momentum μ),
 * Y += a·X, Y −= t·sgn(X). The float32 variants ("scale32" …) serve the "fast32" engine's first
 * layer, whose weights and velocities are float32; the factor is rounded to float32 once.
 */
function elementwise(L: Lanes): string {
  const v = L.v;
  const f32 = L === F32;
  const splat = (x: string): string => (f32 ? `(f32x4.splat (f32.demote_f64 ${x}))` : `(f64x2.splat ${x})`);
  const zero = `(${v}.splat (${f32 ? "f32" : "f64"}.const 0))`;
  return `
  (func (export "scale${L.suffix}") (param $Y i32) ${SHAPE} (param $f f64) ${SHAPE_LOCALS} (local $fv v128)
    (local.set $fv ${splat(get("f"))})
    ${rowsLoop(`(v128.store ${at("Y")} (${v}.mul (v128.load ${at("Y")}) ${get("fv")}))`, L)})
  (func (export "axpy${L.suffix}") (param $Y i32) (param $X i32) ${SHAPE} (param $a f64) ${SHAPE_LOCALS} (local $av v128)
    (local.set $av ${splat(get("a"))})
    ${rowsLoop(`(v128.store ${at("Y")} (${v}.add (v128.load ${at("Y")}) (${v}.mul ${get("av")} (v128.load ${at("X")}))))`, L)})
  ;; Y −= t·sgn(X), sgn(0) = 0 (Math.sign): positive lanes lose t, negative lanes gain t, zeros stay.
  (func (export "subtractSign${L.suffix}") (param $Y i32) (param $X i32) ${SHAPE} (param $t f64) ${SHAPE_LOCALS} (local $x v128) (local $tv v128)
    (local.set $tv ${splat(get("t"))})
    ${rowsLoop(`(local.set $x (v128.load ${at("X")}))
        (v128.store ${at("Y")} (${v}.add (${v}.sub (v128.load ${at("Y")})
            (v128.and (${v}.gt ${get("x")} ${zero}) ${get("tv")}))
            (v128.and (${v}.lt ${get("x")} ${zero}) ${get("tv")})))`, L)})`;
}

/** The whole module. Memory is imported (and shared) so a worker thread can run on the same weights. */
export function kernelsWat(blocks: BlockSizes = DEFAULT_BLOCKS): string {
  BLOCKS = blocks;
  return `(module
  (import "env" "memory" (memory 1 65536 shared))
  ${sparseForward(F64)}
  ${denseForward()}
  ${sparseUpdate(F64)}
  ${denseUpdate()}
  ${backwardError()}
  ${exp2Lanes()}
  ${activate()}
  ${mask()}
  ${biasUpdate()}
  ${elementwise(F64)}
  ${sparseForward(F32)}
  ${sparseUpdate(F32)}
  ${elementwise(F32)}
)
`;
}
