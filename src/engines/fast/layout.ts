import { DEFAULT_BLOCKS } from "./wat";

/**
 * Where one network lives inside WebAssembly memory, as byte offsets (plain numbers, so the plan
 * can be sent to a worker thread). Weight layer l is stored transposed and padded (see wat.ts):
 * WT is nIn rows of s float64, s = nOut rounded up to even, so f64x2 lanes never straddle a row.
 *
 * With two threads the first layer's weights are cut into two PANELS by columns, one per thread,
 * each a separate contiguous nIn × panel block: WT[j][o] lives in panel ⌊o/panel⌋ at row j. Rows of
 * one plain nIn × s matrix would interleave the threads' columns line by line, and then each
 * thread's writes slowed the other's by half (measured: a thread's half of the first layer's update
 * took as long as the whole did on one thread; in separate blocks it takes half). Every other
 * layer is one panel, panel = s.
 */
export interface LayerPlan {
  nIn: number;
  nOut: number;
  s: number;
  panel: number; // units per weight panel: the row stride of WT and VW (s when there is one panel)
  panels: number; // 1, or 2 for a two-thread first layer
  WT: number; // nIn × s weights (transposed), in `panels` blocks of nIn × panel
  b: number; // s biases
  VW: number; // velocities, same shapes (only with momentum)
  VB: number;
  Z: number; // batch × s weighted inputs
  A: number; // batch × s activations (with dropout: after masking)
  D: number; // batch × s errors δ
  U: number; // hidden layers: batch × s activations before the dropout mask (0 for the output layer)
  M: number; // hidden layers: s dropout mask values (0 for the output layer)
}

/** The input data's place in memory: the sparse inputs (CSR, see ../../sparse-input.ts), labels and the epoch's order. */
export interface DataPlan {
  count: number;
  start: number;
  rows: number; // u32 per nonzero: byte offset of its input's row in the first layer's WT (j·s·8; j·s·4 for "fast32")
  val: number; // f32 per nonzero
  labels: number; // u8 per example (the output error needs them; a worker thread cannot see the Dataset)
  order: number;
}

export const ALIGN = 64; // cache lines: regions never share a line

/** A bump allocator over a growable shared WebAssembly memory. */
export class Arena {
  top = ALIGN; // offset 0 stays unused so a zero pointer is never valid data

  alloc(bytes: number): number {
    const at = this.top;
    this.top += Math.ceil(bytes / ALIGN) * ALIGN;
    return at;
  }
}

export const PARAMETERS = ["WT", "b", "VW", "VB"] as const;

/** How many float64 a layer's region `key` holds (0 when absent, e.g. velocities without momentum). */
export function sizeOf(layer: LayerPlan, key: (typeof PARAMETERS)[number]): number {
  if (layer[key] === 0) return 0;
  return key === "WT" || key === "VW" ? layer.panels * panelFloats(layer) : layer.s;
}

/** Float64 slots per panel: nIn × panel (a float32 first layer uses the first half of each panel's bytes). */
const panelFloats = (layer: LayerPlan): number => layer.nIn * layer.panel;

/**
 * Byte offset, from the start of a WT or VW region, of the weight of input row j and unit o, for
 * `bytes` per weight (8, or 4 for a float32 first layer).
 */
export function weightOffset(layer: LayerPlan, j: number, o: number, bytes: number): number {
  const k = Math.floor(o / layer.panel);
  return 8 * k * panelFloats(layer) + (j * layer.panel + o - k * layer.panel) * bytes;
}

/** The first unit after the panel that holds unit h: kernels walk [h0, h1) one panel at a time. */
export function panelEnd(layer: LayerPlan, h: number): number {
  return (Math.floor(h / layer.panel) + 1) * layer.panel;
}

/**
 * Where the first layer's columns are cut between two threads: the middle, rounded to a multiple
 * of 8 units (whole cache lines, and whole forward register blocks of 4 vectors = 8 units). The
 * first thread's panel is the wider one (or they are equal).
 */
export function splitColumn(s: number): number {
  return 8 * Math.round(s / 16);
}

/**
 * Lays the network out: [replica][parity][layer]. Layer 0 is one region for all replicas, with
 * two Z/A buffers (parity), and its weights in one panel per replica (thread) when there are two
 * and the layer is wide enough to split; later layers get a region per replica, the same for both
 * parities.
 */
export function planLayers(
  sizes: readonly number[],
  batchSize: number,
  momentum: boolean,
  replicas: number,
  arena: Arena,
): LayerPlan[][][] {
  const f64 = (n: number): number => arena.alloc(n * 8);
  const hidden = (l: number): boolean => l + 2 < sizes.length;
  const layer = (l: number): LayerPlan => {
    const nIn = sizes[l];
    const nOut = sizes[l + 1];
    // The first layer's rows are whole cache lines (8 float64), split between threads on line boundaries.
    const s = paddedWidth(nOut, l === 0 ? 8 : 2);
    const split = l === 0 && replicas > 1 ? splitColumn(s) : s;
    const panel = split > 0 && split < s ? split : s;
    const panels = Math.ceil(s / panel);
    return {
      nIn,
      nOut,
      s,
      panel,
      panels,
      WT: f64(nIn * panel * panels),
      b: f64(s),
      VW: momentum ? f64(nIn * panel * panels) : 0,
      VB: momentum ? f64(s) : 0,
      Z: f64(batchSize * s),
      A: f64(batchSize * s),
      D: f64(batchSize * s),
      U: hidden(l) ? f64(batchSize * s) : 0,
      M: hidden(l) ? f64(s) : 0,
    };
  };
  const first = layer(0);
  const firstOdd: LayerPlan = {
    ...first,
    Z: f64(batchSize * first.s),
    A: f64(batchSize * first.s),
    U: first.U && f64(batchSize * first.s),
  };
  const plans: LayerPlan[][][] = [];
  for (let r = 0; r < replicas; r++) {
    const later = sizes.slice(2).map((_, i) => layer(i + 1));
    plans.push([
      [first, ...later],
      [firstOdd, ...later],
    ]);
  }
  return plans;
}

/**
 * The row stride for a layer of nOut units: a multiple of `multiple` (at least even, for f64x2
 * pairs), padded a little further when that lets the forward kernel cover a row in fewer register
 * blocks (4, 2, 1 vectors; each block is one more pass over the example's inputs). E.g. 30 units
 * → 32 = four blocks of 4 vectors instead of 4+4+4+2+1. Model: a pass costs about 8 vector mul-adds.
 */
export function paddedWidth(nOut: number, multiple = 2): number {
  let best = Math.ceil(nOut / multiple) * multiple;
  let bestCost = Infinity;
  for (let s = best; s <= best + 14; s += multiple) {
    const cost = 8 * blocksFor(s) + s / 2;
    if (cost < bestCost) {
      best = s;
      bestCost = cost;
    }
  }
  return best;
}

/** How many forward register blocks cover s units (s even): 8 units per 4-vector block, then 4, 2. */
export function blocksFor(s: number): number {
  let vectors = s / 2;
  let blocks = 0;
  for (const size of DEFAULT_BLOCKS.forward) {
    blocks += Math.floor(vectors / size);
    vectors %= size;
  }
  return blocks;
}
