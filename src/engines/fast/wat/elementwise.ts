import { get, type Lanes, F32, SHAPE, SHAPE_LOCALS, atPlus, elementwiseLoop } from "./text";

// Elementwise loops over a block of a matrix: weight decay, momentum, L1.

/**
 * Elementwise loops over a block of `rows` rows × n values in a matrix whose rows are s apart — a
 * whole layer (rows = nIn, n = s) or one thread's weight panel: scaling (L2 decay, momentum μ),
 * Y += a·X, Y −= t·sgn(X). The float32 variants ("scale32" …) serve the "fast32" engine's first
 * layer, whose weights and velocities are float32; the factor is rounded to float32 once.
 */
export function elementwise(L: Lanes): string {
  const v = L.v;
  const f32 = L === F32;
  const splat = (x: string): string => (f32 ? `(f32x4.splat (f32.demote_f64 ${x}))` : `(f64x2.splat ${x})`);
  const zero = `(${v}.splat (${f32 ? "f32" : "f64"}.const 0))`;
  const Y = (k: number): string => atPlus("Y", k);
  const X = (k: number): string => atPlus("X", k);
  return `
  (func (export "scale${L.suffix}") (param $Y i32) ${SHAPE} (param $f f64) ${SHAPE_LOCALS} (local $fv v128)
    (local.set $fv ${splat(get("f"))})
    ${elementwiseLoop((k) => `(v128.store ${Y(k)} (${v}.mul (v128.load ${Y(k)}) ${get("fv")}))`, L)})
  (func (export "axpy${L.suffix}") (param $Y i32) (param $X i32) ${SHAPE} (param $a f64) ${SHAPE_LOCALS} (local $av v128)
    (local.set $av ${splat(get("a"))})
    ${elementwiseLoop((k) => `(v128.store ${Y(k)} (${v}.add (v128.load ${Y(k)}) (${v}.mul ${get("av")} (v128.load ${X(k)}))))`, L)})
  ;; Y −= t·sgn(X), sgn(0) = 0 (Math.sign): positive lanes lose t, negative lanes gain t, zeros stay.
  (func (export "subtractSign${L.suffix}") (param $Y i32) (param $X i32) ${SHAPE} (param $t f64) ${SHAPE_LOCALS} (local $x v128) (local $tv v128)
    (local.set $tv ${splat(get("t"))})
    ${elementwiseLoop(
      (k) => `(local.set $x (v128.load ${X(k)}))
        (v128.store ${Y(k)} (${v}.add (${v}.sub (v128.load ${Y(k)})
            (v128.and (${v}.gt ${get("x")} ${zero}) ${get("tv")}))
            (v128.and (${v}.lt ${get("x")} ${zero}) ${get("tv")})))`,
      L,
    )})`;
}
