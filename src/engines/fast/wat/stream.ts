import { get, add, i32 } from "./text";

// The data in memory: each input's weight-row offset, the epoch's stream (the shuffled epoch's
// examples copied one after another, workspace.ts streamInOrder), and new memory touched ahead of use.

/**
 * For k0 ≤ k < k1: example ex = order[k] of the loaded data (nonzeros [start[ex], start[ex+1]) of
 * rows and val, its label) is copied to position k of the stream, its nonzeros from byte `at` on
 * (at0 for k0), the stream's start array counting in the same units (4-byte entries). memory.copy
 * moves each example's run of nonzeros as one block. Two threads each copy a range (team.ts).
 */
export function gather(): string {
  const entry = (base: string, index: string): string => add(get(base), `(i32.shl ${index} ${i32(2)})`);
  return `
  (func (export "gather") (param $order i32) (param $k0 i32) (param $k1 i32) (param $at0 i32) (param $start i32) (param $rows i32) (param $val i32)
      (param $labels i32) (param $toStart i32) (param $toRows i32) (param $toVal i32) (param $toLabels i32)
    (local $k i32) (local $ex i32) (local $a i32) (local $bytes i32) (local $at i32)
    (local.set $k ${get("k0")})
    (local.set $at ${get("at0")})
    (block $done (loop $next
      (br_if $done (i32.ge_u ${get("k")} ${get("k1")}))
      (local.set $ex (i32.load ${entry("order", get("k"))}))
      (local.set $a (i32.shl (i32.load ${entry("start", get("ex"))}) ${i32(2)}))
      (local.set $bytes (i32.sub (i32.shl (i32.load offset=4 ${entry("start", get("ex"))}) ${i32(2)}) ${get("a")}))
      (i32.store ${entry("toStart", get("k"))} (i32.shr_u ${get("at")} ${i32(2)}))
      (memory.copy ${add(get("toRows"), get("at"))} ${add(get("rows"), get("a"))} ${get("bytes")})
      (memory.copy ${add(get("toVal"), get("at"))} ${add(get("val"), get("a"))} ${get("bytes")})
      (i32.store8 ${add(get("toLabels"), get("k"))} (i32.load8_u ${add(get("labels"), get("ex"))}))
      (local.set $at ${add(get("at"), get("bytes"))})
      (local.set $k ${add(get("k"), i32(1))})
      (br $next)))
    (i32.store ${entry("toStart", get("k1"))} (i32.shr_u ${get("at")} ${i32(2)})))`;
}

/**
 * rows[p] = idx[p] · rowBytes for p < n: u16 input indices → u32 byte offsets of their weight rows,
 * eight at a time (a JavaScript loop over MNIST's 7.5 million nonzeros took ~10 ms).
 */
export function rowOffsets(): string {
  const scaled = (half: "low" | "high"): string =>
    `(i32x4.mul (i32x4.extend_${half}_i16x8_u (v128.load ${add(get("idx"), `(i32.shl ${get("p")} ${i32(1)})`)})) ${get("scale")})`;
  return `
  (func (export "rowOffsets") (param $rows i32) (param $idx i32) (param $n i32) (param $rowBytes i32)
    (local $p i32) (local $scale v128)
    (local.set $scale (i32x4.splat ${get("rowBytes")}))
    (block $done (loop $next
      (br_if $done (i32.gt_u ${add(get("p"), i32(8))} ${get("n")}))
      (v128.store ${add(get("rows"), `(i32.shl ${get("p")} ${i32(2)})`)} ${scaled("low")})
      (v128.store offset=16 ${add(get("rows"), `(i32.shl ${get("p")} ${i32(2)})`)} ${scaled("high")})
      (local.set $p ${add(get("p"), i32(8))})
      (br $next)))
    (block $tdone (loop $tnext
      (br_if $tdone (i32.ge_u ${get("p")} ${get("n")}))
      (i32.store ${add(get("rows"), `(i32.shl ${get("p")} ${i32(2)})`)}
        (i32.mul (i32.load16_u ${add(get("idx"), `(i32.shl ${get("p")} ${i32(1)})`)}) ${get("rowBytes")}))
      (local.set $p ${add(get("p"), i32(1))})
      (br $tnext))))`;
}

/**
 * Writes zeros over [at, at + bytes): new memory is mapped on first touch, a page fault per 4 kB
 * (~0.4 ms per MB on the Xeon VM), so a thread with nothing else to do touches it ahead of use.
 */
export function touch(): string {
  return `
  (func (export "touch") (param $at i32) (param $bytes i32)
    (memory.fill ${get("at")} ${i32(0)} ${get("bytes")}))`;
}
