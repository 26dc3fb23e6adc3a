// Small builders of WebAssembly text shared by every kernel: locals, constants, loops, and the lanes of a SIMD vector.

export const get = (name: string): string => `(local.get $${name})`;

export const i32 = (n: number): string => `(i32.const ${n})`;

export const add = (a: string, b: string): string => `(i32.add ${a} ${b})`;

export const times8 = (a: string): string => `(i32.shl ${a} ${i32(3)})`;

export const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

/**
 * What one SIMD vector holds in the sparse first-layer loops: two float64 (the default engine) or,
 * for the opt-in "fast32" engine, four float32 — twice the units per instruction, at float32
 * rounding (its first-layer weights are float32; everything else stays float64).
 */
export interface Lanes {
  v: "f64x2" | "f32x4";
  per: number; // units per vector
  unit: (a: string) => string; // a unit index → its byte offset
  splat: (value: string) => string; // an f32 sparse value → a vector of it
  suffix: string; // of the exported names
}

export const F64: Lanes = {
  v: "f64x2",
  per: 2,
  unit: (a) => times8(a),
  splat: (x) => `(f64x2.splat (f64.promote_f32 ${x}))`,
  suffix: "",
};

export const F32: Lanes = {
  v: "f32x4",
  per: 4,
  unit: (a) => `(i32.shl ${a} ${i32(2)})`,
  splat: (x) => `(f32x4.splat ${x})`,
  suffix: "32",
};

/** `while (h + per·B <= n) { body; h += per·B }` — one register block size (per = units per vector). */
export function blockLoop(tag: string, B: number, body: string, per = 2): string {
  return `
    (block $${tag}done${B} (loop $${tag}next${B}
      (br_if $${tag}done${B} (i32.gt_u ${add(get("h"), i32(per * B))} ${get("n")}))
      ${body}
      (local.set $h ${add(get("h"), i32(per * B))})
      (br $${tag}next${B})))`;
}

/** `for (p = from; p < to; p += step) { body }` */
export function rowLoop(tag: string, from: string, to: string, body: string, step = 1): string {
  return `
      (local.set $p ${from})
      (block $${tag}rdone (loop $${tag}rnext
        (br_if $${tag}rdone (i32.ge_u ${get("p")} ${to}))
        ${body}
        (local.set $p ${add(get("p"), i32(step))})
        (br $${tag}rnext)))`;
}

/** `for (e = 0; e < m; e++) { body }` over the mini-batch's examples. */
export function exampleLoop(body: string): string {
  return `
    (local.set $e ${i32(0)})
    (block $edone (loop $enext
      (br_if $edone (i32.ge_u ${get("e")} ${get("m")}))
      ${body}
      (local.set $e ${add(get("e"), i32(1))})
      (br $enext)))`;
}

export const rowOf = (matrix: string, stride: string): string =>
  add(get(matrix), times8(`(i32.mul ${get("e")} ${get(stride)})`));

export const ZERO = "(v128.const i64x2 0 0)";

/** Shape of a block of a matrix: `rows` rows of n values (n even; a multiple of 4 for float32), rows s apart. */
export const SHAPE = "(param $rows i32) (param $n i32) (param $s i32)";

export const SHAPE_LOCALS = "(local $row i32) (local $i i32) (local $o i32)";

/** &P[row][i] inside rowsLoop. */
export const at = (p: string): string => add(get(p), get("o"));

/**
 * rowsLoop for elementwise bodies (each vector of the result from the same place in each operand),
 * with less loop per vector: a block whose rows follow one another (s = n: a whole layer, or one
 * thread's panel) is walked as one long row, four vectors a step and then one at a time.
 * `body(k)` is the body for the vector k bytes after $o. Measured (Xeon, a call each mini-batch):
 * scale over [784, 30, 10]'s first layer (784 × 32) 4.9 → 3.2 µs, over a thread's panel (784 × 16)
 * 2.5 → 1.6 µs; axpy (momentum) 6.3 → 4.2 µs. Each value's arithmetic is the same, and so the bits.
 */
export function elementwiseLoop(body: (k: number) => string, L: Lanes): string {
  return `
    (if (i32.eq ${get("n")} ${get("s")}) (then
      (local.set $n (i32.mul ${get("n")} ${get("rows")}))
      (local.set $rows ${i32(1)})))
    (block $rdone (loop $rnext
      (br_if $rdone (i32.ge_u ${get("row")} ${get("rows")}))
      (local.set $o ${L.unit(`(i32.mul ${get("row")} ${get("s")})`)})
      (local.set $i ${i32(0)})
      (block $done4 (loop $next4
        (br_if $done4 (i32.gt_u ${add(get("i"), i32(4 * L.per))} ${get("n")}))
        ${range(4)
          .map((v) => body(16 * v))
          .join("\n        ")}
        (local.set $o ${add(get("o"), i32(64))})
        (local.set $i ${add(get("i"), i32(4 * L.per))})
        (br $next4)))
      (block $done (loop $next
        (br_if $done (i32.ge_u ${get("i")} ${get("n")}))
        ${body(0)}
        (local.set $o ${add(get("o"), i32(16))})
        (local.set $i ${add(get("i"), i32(L.per))})
        (br $next)))
      (local.set $row ${add(get("row"), i32(1))})
      (br $rnext)))`;
}

/** &P[row][i] + k bytes inside elementwiseLoop (k as the load's or store's offset). */
export const atPlus = (p: string, k: number): string => `offset=${k} ${at(p)}`;

/** `for row < rows, for i < n, one vector at a time: body` with $o the byte offset of [row][i]. */
export function rowsLoop(body: string, L: Lanes = F64): string {
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
