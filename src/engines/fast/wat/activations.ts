import { get, i32, add, times8, range, SHAPE, SHAPE_LOCALS, at, rowsLoop } from "./text";

// The activations and their derivatives, e^x in SIMD, and dropout masks.

/**
 * e^x for two lanes: x = k·ln2 + r with |r| ≤ ln2/2, e^r by its Taylor series to r¹³ (the next
 * term is below 1e-17 relative), times 2^k built in the exponent bits. x is clamped to
 * [−708, 709] so 2^k stays a normal float; e^±709 is already beyond what a sigmoid can resolve.
 * NaN passes through (min/max propagate it), so divergence still shows.
 */
export function exp2Lanes(): string {
  const coefficients = range(14).map((n) => 1 / range(n).reduce((f, i) => f * (i + 1), 1)); // 1/n!
  let poly = `(f64x2.splat (f64.const ${coefficients[13]}))`;
  for (let n = 12; n >= 0; n--)
    poly = `(f64x2.add (f64x2.splat (f64.const ${coefficients[n]})) (f64x2.mul ${get("r")} ${poly}))`;
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

/** Activation codes shared with activation.ts: which σ a layer applies. */
export const ACTIVATION_CODES = { sigmoid: 0, tanh: 1, relu: 2, linear: 3 } as const;

/**
 * A = σ(Z) over a block of rows × n (shape as in SHAPE), σ chosen by `kind` (ACTIVATION_CODES):
 * sigmoid 1/(1 + e^{−z}); tanh 1 − 2/(e^{2z} + 1) (exact at ±∞; absolute error ~1e-16 near 0);
 * ReLU max(0, z) (NaN stays NaN); linear z.
 */
export function activate(): string {
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
export function mask(): string {
  return `
  (func (export "mask") (param $A i32) (param $U i32) (param $M i32) ${SHAPE} ${SHAPE_LOCALS}
    ${rowsLoop(`(v128.store ${at("A")} (f64x2.mul (v128.load ${at("U")}) (v128.load ${add(get("M"), times8(get("i")))})))`)})`;
}

/** σ'(z) written through a = σ(z), as BP2 needs it, for activation `kind` (scalar). */
export function primeFromActivation(a: string): string {
  return `
        (if (result f64) (i32.eq ${get("kind")} ${i32(ACTIVATION_CODES.sigmoid)}) (then (f64.mul ${a} (f64.sub (f64.const 1) ${a})))
          (else (if (result f64) (i32.eq ${get("kind")} ${i32(ACTIVATION_CODES.tanh)}) (then (f64.sub (f64.const 1) (f64.mul ${a} ${a})))
            (else (if (result f64) (i32.eq ${get("kind")} ${i32(ACTIVATION_CODES.relu)})
              (then (select (f64.const 1) (f64.const 0) (f64.gt ${a} (f64.const 0))))
              (else (f64.const 1)))))))`;
}
