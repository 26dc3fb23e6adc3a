import {
  type BlockSizes,
  sparseRow,
  setBase,
  sparseRow2,
  sparseRows,
  denseRow,
  accumulate,
  accumulatePair,
  subtractScaledPair,
  subtractScaled,
  loadBlock,
  storeBlock,
  zeroBlock,
  storeBlock32,
  loadScaledBlock32,
  blockLocals,
  sparseRange,
} from "./blocks";
import { get, i32, type Lanes, F32, blockLoop, rowLoop, exampleLoop, rowOf } from "./text";

// The forward pass (eq. 25) and the BP4 weight update of a layer, sparse (the first layer) and dense, register-blocked.

/** Z[e] = b + Σ_p val[p] · WT[idx[p]] — eq. 25 for the first layer, visiting only nonzero inputs. */
export function sparseForward(L: Lanes, blocks: BlockSizes): string {
  const f32 = L === F32;
  const perBlock = (B: number): string =>
    blockLoop(
      "f",
      B,
      `${f32 ? zeroBlock(B) : loadBlock(B, get("b"))}${setBase(L)}${sparseRows(
        `f${B}`,
        blocks.pairs?.forward ? `${sparseRow(L)}${sparseRow2(L)}\n        ${accumulatePair(B, L)}` : null,
        `${sparseRow(L)}\n        ${accumulate(B, L)}`,
      )}
      ${f32 ? storeBlock32(B) : storeBlock(B, get("zrow"))}`,
      L.per,
    );
  return `
  (func (export "sparseForward${L.suffix}") (param $Z i32) (param $WT i32) (param $s i32) (param $n i32) (param $b i32) (param $m i32)
      (param $order i32) (param $start i32) (param $rows i32) (param $val i32)
    ${blockLocals(blocks)} (local $ex i32) (local $p0 i32) (local $p1 i32) (local $base i32) (local $x2 v128) (local $r2 i32) (local $zrow i32)
    ${exampleLoop(`${sparseRange}
      (local.set $zrow ${rowOf("Z", "s")})
      (local.set $h ${i32(0)})
      ${blocks.forward.map(perBlock).join("")}`)})`;
}

/** Z[e] = b + Σ_{j<nIn} A[e][j] · WT[j] — eq. 25 for a dense layer. */
export function denseForward(blocks: BlockSizes): string {
  const perBlock = (B: number): string =>
    blockLoop(
      "f",
      B,
      `${loadBlock(B, get("b"))}${rowLoop(`f${B}`, i32(0), get("nIn"), `${denseRow}\n        ${accumulate(B)}`)}
      ${storeBlock(B, get("zrow"))}`,
    );
  return `
  (func (export "denseForward") (param $Z i32) (param $WT i32) (param $s i32) (param $n i32) (param $b i32) (param $m i32)
      (param $A i32) (param $sIn i32) (param $nIn i32)
    ${blockLocals(blocks)} (local $zrow i32) (local $arow i32)
    ${exampleLoop(`
      (local.set $zrow ${rowOf("Z", "s")})
      (local.set $arow ${rowOf("A", "sIn")})
      (local.set $h ${i32(0)})
      ${(blocks.dense?.forward ?? blocks.forward).map(perBlock).join("")}`)})`;
}

/** WT[idx[p]] −= (c·val[p]) · D[e] for every example — BP4 applied straight to the touched rows. */
export function sparseUpdate(L: Lanes, blocks: BlockSizes): string {
  const perBlock = (B: number): string =>
    blockLoop(
      "u",
      B,
      `${L === F32 ? loadScaledBlock32(B) : loadBlock(B, get("drow"), get("c"))}${setBase(L)}${sparseRows(
        `u${B}`,
        blocks.pairs?.update ? `${sparseRow(L)}${sparseRow2(L)}\n        ${subtractScaledPair(B, L)}` : null,
        `${sparseRow(L)}\n        ${subtractScaled(B, L)}`,
      )}`,
      L.per,
    );
  return `
  (func (export "sparseUpdate${L.suffix}") (param $WT i32) (param $s i32) (param $n i32) (param $D i32) (param $m i32)
      (param $order i32) (param $start i32) (param $rows i32) (param $val i32) (param $step f64)
    ${blockLocals(blocks)} (local $ex i32) (local $p0 i32) (local $p1 i32) (local $base i32) (local $x2 v128) (local $r2 i32) (local $drow i32) (local $c v128)
    (local.set $c (f64x2.splat ${get("step")}))
    ${exampleLoop(`${sparseRange}
      (local.set $drow ${rowOf("D", "s")})
      (local.set $h ${i32(0)})
      ${blocks.update.map(perBlock).join("")}`)})`;
}

/** WT[j] −= (c·A[e][j]) · D[e] for j < nIn and every example — BP4 for a dense layer. */
export function denseUpdate(blocks: BlockSizes): string {
  const perBlock = (B: number): string =>
    blockLoop(
      "u",
      B,
      `${loadBlock(B, get("drow"), get("c"))}${rowLoop(`u${B}`, i32(0), get("nIn"), `${denseRow}\n        ${subtractScaled(B)}`)}`,
    );
  return `
  (func (export "denseUpdate") (param $WT i32) (param $s i32) (param $n i32) (param $D i32) (param $m i32)
      (param $A i32) (param $sIn i32) (param $nIn i32) (param $step f64)
    ${blockLocals(blocks)} (local $drow i32) (local $arow i32) (local $c v128)
    (local.set $c (f64x2.splat ${get("step")}))
    ${exampleLoop(`
      (local.set $drow ${rowOf("D", "s")})
      (local.set $arow ${rowOf("A", "sIn")})
      (local.set $h ${i32(0)})
      ${(blocks.dense?.update ?? blocks.update).map(perBlock).join("")}`)})`;
}
