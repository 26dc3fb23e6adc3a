import { get, i32, add, times8, range, SHAPE, SHAPE_LOCALS, at, rowsLoop } from "./text";

// The activations and their derivatives, e^x in SIMD, and dropout masks.

/** e^x for two lanes (see expSteps). */
export function exp2Lanes(): string {
  const { setup, result } = expSteps("");
  return `
  (func $exp (param $x v128) (result v128) (local $k v128) (local $r v128)
    ${setup.join("\n    ")}
    ${result})`;
}

/**
 * σ(z) = 1/(1 + e^{−z}) for the SIGMOID_GROUP vectors from Z, into A: the same arithmetic per
 * lane as $exp (so the same bits), written out once per vector so the polynomials' chains of
 * dependent multiply-adds run side by side; one $exp at a time waits on its own chain.
 */
export function sigmoidGroup(): string {
  const steps = range(SIGMOID_GROUP).map((i) => expSteps(String(i)));
  const one = "(f64x2.splat (f64.const 1))";
  const sigmoid = (i: number): string =>
    `(v128.store offset=${16 * i} ${get("A")} (f64x2.div ${one} (f64x2.add ${one} ${steps[i].result})))`;
  return `
  (func $sigmoidGroup (param $A i32) (param $Z i32) ${steps.map((_, i) => `(local $x${i} v128) (local $k${i} v128) (local $r${i} v128)`).join(" ")}
    ${steps.map((_, i) => `(local.set $x${i} (f64x2.neg (v128.load offset=${16 * i} ${get("Z")})))`).join("\n    ")}
    ${steps[0].setup.map((_, line) => steps.map((step) => step.setup[line]).join("\n    ")).join("\n    ")}
    ${steps.map((_, i) => sigmoid(i)).join("\n    ")})`;
}

/**
 * e^x on the locals $x{tag}, $k{tag}, $r{tag}: x = k·ln2 + r with |r| ≤ ln2/2, e^r by its Taylor
 * series to r¹³ (the next term is below 1e-17 relative), times 2^k built in the exponent bits. x
 * is clamped to [−708, 709] so 2^k stays a normal float; e^±709 is already beyond what a sigmoid
 * can resolve. NaN passes through (min/max propagate it), so divergence still shows.
 */
function expSteps(tag: string): { setup: string[]; result: string } {
  const [x, k, r] = ["x", "k", "r"].map((name) => get(name + tag));
  const coefficients = range(14).map((n) => 1 / range(n).reduce((f, i) => f * (i + 1), 1)); // 1/n!
  let poly = `(f64x2.splat (f64.const ${coefficients[13]}))`;
  for (let n = 12; n >= 0; n--)
    poly = `(f64x2.add (f64x2.splat (f64.const ${coefficients[n]})) (f64x2.mul ${r} ${poly}))`;
  return {
    setup: [
      `(local.set $x${tag} (f64x2.max (f64x2.min ${x} (f64x2.splat (f64.const 709))) (f64x2.splat (f64.const -708))))`,
      `(local.set $k${tag} (f64x2.nearest (f64x2.mul ${x} (f64x2.splat (f64.const 1.4426950408889634)))))`,
      // ln 2 in two parts (fdlibm's): k·ln2hi is exact, so r keeps full precision
      `(local.set $r${tag} (f64x2.sub (f64x2.sub ${x} (f64x2.mul ${k} (f64x2.splat (f64.const 6.93147180369123816490e-01))))
                             (f64x2.mul ${k} (f64x2.splat (f64.const 1.90821492927058770002e-10)))))`,
    ],
    result: `(f64x2.mul ${poly}
      (i64x2.shl (i64x2.add (i64x2.extend_low_i32x4_s (i32x4.trunc_sat_f64x2_s_zero ${k})) (i64x2.splat (i64.const 1023)))
                 ${i32(52)}))`,
  };
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
      ${sigmoidRows(`(v128.store ${at("A")} (f64x2.div ${one} (f64x2.add ${one} (call $exp (f64x2.neg ${z})))))`)}
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

/**
 * Vectors per $sigmoidGroup call. One thread's half of a 30-unit hidden layer is 8 vectors per row,
 * the output layer 5. Measured on one thread, [784, 30, 10], µs per image for the hidden layer's σ
 * and the output's: one at a time 0.22 and 0.08; in groups of 2, 0.17 and 0.065; of 4, 0.16 and 0.06.
 */
const SIGMOID_GROUP = 4;

/** The sigmoid over the block: SIGMOID_GROUP vectors at a time ($sigmoidGroup), then `single` for each vector left in a row. */
function sigmoidRows(single: string): string {
  return `
    (block $sdone (loop $snext
      (br_if $sdone (i32.ge_u ${get("row")} ${get("rows")}))
      (local.set $o ${times8(`(i32.mul ${get("row")} ${get("s")})`)})
      (local.set $i ${i32(0)})
      (block $pdone (loop $pnext
        (br_if $pdone (i32.gt_u ${add(get("i"), i32(2 * SIGMOID_GROUP))} ${get("n")}))
        (call $sigmoidGroup ${at("A")} ${at("Z")})
        (local.set $o ${add(get("o"), i32(16 * SIGMOID_GROUP))})
        (local.set $i ${add(get("i"), i32(2 * SIGMOID_GROUP))})
        (br $pnext)))
      (block $odone (loop $onext
        (br_if $odone (i32.ge_u ${get("i")} ${get("n")}))
        ${single}
        (local.set $o ${add(get("o"), i32(16))})
        (local.set $i ${add(get("i"), i32(2))})
        (br $onext)))
      (local.set $row ${add(get("row"), i32(1))})
      (br $snext)))`;
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
