import { primeFromActivation } from "./activations";
import { get, i32, add, times8, exampleLoop, rowOf } from "./text";

// BP1 (the output error), BP2 (the error one layer back) and BP3 (the bias update), over a mini-batch.

/**
 * BP1 for the sigmoid output layer: D[e][j] = (a − y_j)·a·(1 − a) with a = A[e][j] for the quadratic
 * cost (quadratic = 1), a − y_j for cross-entropy (eq. 66); y is the one-hot label of example
 * order[e], labels[order[e]] (u8). The same operations, in the same order, as the plain engines.
 */
export function outputError(): string {
  return `
  (func (export "outputError") (param $D i32) (param $A i32) (param $s i32) (param $n i32) (param $m i32)
      (param $order i32) (param $labels i32) (param $quadratic i32)
    (local $e i32) (local $j i32) (local $label i32) (local $arow i32) (local $drow i32) (local $a f64) (local $diff f64)
    ${exampleLoop(`
      (local.set $label (i32.load8_u ${add(get("labels"), `(i32.load ${add(get("order"), `(i32.shl ${get("e")} ${i32(2)})`)})`)}))
      (local.set $arow ${rowOf("A", "s")})
      (local.set $drow ${rowOf("D", "s")})
      (local.set $j ${i32(0)})
      (block $jdone (loop $jnext
        (br_if $jdone (i32.ge_u ${get("j")} ${get("n")}))
        (local.set $a (f64.load ${add(get("arow"), times8(get("j")))}))
        (local.set $diff (f64.sub ${get("a")} (select (f64.const 1) (f64.const 0) (i32.eq ${get("j")} ${get("label")}))))
        (f64.store ${add(get("drow"), times8(get("j")))}
          (select (f64.mul (f64.mul ${get("diff")} ${get("a")}) (f64.sub (f64.const 1) ${get("a")})) ${get("diff")} ${get("quadratic")}))
        (local.set $j ${add(get("j"), i32(1))})
        (br $jnext)))`)})`;
}

/**
 * BP2: Dprev[e][j] = (row j of WT · D[e]) · σ'(z), with σ'(z) written through a = Aprev[e][j]
 * (sigmoid: a(1 − a); tanh: 1 − a²; ReLU: a > 0; linear: 1) — with dropout, a is the unit's
 * activation before masking and the factor is times the mask M[j] (M = 0: no dropout) — for the
 * `cols` units j < cols of the rows
 * (the caller offsets the pointers to start at a thread's first unit). Units j ≥ nPrev are
 * padding and get δ = 0.
 */
export function backwardError(): string {
  // Unit j's δ from its row's sum: σ'(z) through a, times the dropout mask if there is one.
  const finish = (j: string, sum: string): string => `
            (local.set $a (f64.load ${add(rowOf("Aprev", "sPrev"), times8(j))}))
            (local.set $f ${primeFromActivation(get("a"))})
            ;; dropout: a dropped unit passes no error back, a kept one carries its 1/(1 − p)
            (if (i32.ne ${get("M")} ${i32(0)}) (then (local.set $f (f64.mul ${get("f")} (f64.load ${add(get("M"), times8(j))})))))
            (f64.store ${add(get("prow"), times8(j))}
              (f64.mul (f64.add (f64x2.extract_lane 0 ${sum}) (f64x2.extract_lane 1 ${sum})) ${get("f")}))`;
  const term = (row: string): string =>
    `(f64x2.mul (v128.load ${add(row, times8(get("h")))}) (v128.load ${add(get("drow"), times8(get("h")))}))`;
  const rowsLoop = (body: string): string => `
            (local.set $h ${i32(0)})
            (block $hdone (loop $hnext
              (br_if $hdone (i32.ge_u ${get("h")} ${get("s")}))
              ${body}
              (local.set $h ${add(get("h"), i32(2))})
              (br $hnext)))`;
  return `
  (func (export "backwardError") (param $Dprev i32) (param $sPrev i32) (param $nPrev i32) (param $cols i32) (param $WT i32)
      (param $s i32) (param $D i32) (param $Aprev i32) (param $m i32) (param $kind i32) (param $M i32)
    (local $e i32) (local $j i32) (local $h i32) (local $r i32) (local $r2 i32) (local $drow i32) (local $prow i32)
    (local $sum v128) (local $sum2 v128) (local $a f64) (local $f f64) (local $real i32)
    (local.set $real (select ${get("nPrev")} ${get("cols")} (i32.lt_u ${get("nPrev")} ${get("cols")})))
    ${exampleLoop(`
      (local.set $drow ${rowOf("D", "s")})
      (local.set $prow ${rowOf("Dprev", "sPrev")})
      (local.set $j ${i32(0)})
      ;; two units at a time while two real ones remain: their sums are independent chains
      (block $pdone (loop $pnext
        (br_if $pdone (i32.gt_u ${add(get("j"), i32(2))} ${get("real")}))
        (local.set $sum (f64x2.splat (f64.const 0)))
        (local.set $sum2 (f64x2.splat (f64.const 0)))
        (local.set $r ${add(get("WT"), times8(`(i32.mul ${get("j")} ${get("s")})`))})
        (local.set $r2 ${add(get("r"), times8(get("s")))})
        ${rowsLoop(`(local.set $sum (f64x2.add ${get("sum")} ${term(get("r"))}))
              (local.set $sum2 (f64x2.add ${get("sum2")} ${term(get("r2"))}))`)}
        ${finish(get("j"), get("sum"))}
        ${finish(add(get("j"), i32(1)), get("sum2"))}
        (local.set $j ${add(get("j"), i32(2))})
        (br $pnext)))
      (block $jdone (loop $jnext
        (br_if $jdone (i32.ge_u ${get("j")} ${get("cols")}))
        (if (i32.lt_u ${get("j")} ${get("nPrev")})
          (then
            (local.set $sum (f64x2.splat (f64.const 0)))
            (local.set $r ${add(get("WT"), times8(`(i32.mul ${get("j")} ${get("s")})`))})
            ${rowsLoop(`(local.set $sum (f64x2.add ${get("sum")} ${term(get("r"))}))`)}
            ${finish(get("j"), get("sum"))})
          (else (f64.store ${add(get("prow"), times8(get("j")))} (f64.const 0))))
        (local.set $j ${add(get("j"), i32(1))})
        (br $jnext)))`)})`;
}

/** b[h] −= c · Σ_e D[e][h] for h < n (BP3 summed over the batch, in the plain engines' order of sums). */
export function biasUpdate(): string {
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
