import type { SparseInput } from "./sparse-input";
import { DEFAULT_BLOCKS } from "./wat";
import { Kernels, instantiate, newMemory, pagesFor } from "./wasm";

/**
 * Where one network lives inside WebAssembly memory, as byte offsets (plain numbers, so the plan
 * can be sent to a worker thread). Weight layer l is stored transposed and padded (see wat.ts):
 * WT is nIn rows of s float64, s = nOut rounded up to even, so f64x2 lanes never straddle a row.
 */
export interface LayerPlan {
  nIn: number;
  nOut: number;
  s: number;
  WT: number; // nIn × s weights (transposed)
  b: number; // s biases
  VW: number; // velocities, same shapes (only with momentum)
  VB: number;
  Z: number; // batch × s weighted inputs
  A: number; // batch × s activations
  D: number; // batch × s errors δ
}

/** The input data's place in memory: the sparse inputs (CSR, see sparse-input.ts), labels and the epoch's order. */
export interface DataPlan {
  count: number;
  start: number;
  rows: number; // u32 per nonzero: byte offset of its input's row in the first layer's WT (j·s·8)
  val: number; // f32 per nonzero
  labels: number; // u8 per example (the output error needs them; a worker thread cannot see the Dataset)
  order: number;
}

const ALIGN = 64; // cache lines: the two threads' column shares never share a line

/** A bump allocator over a growable shared WebAssembly memory. */
class Arena {
  top = ALIGN; // offset 0 stays unused so a zero pointer is never valid data

  alloc(bytes: number): number {
    const at = this.top;
    this.top += Math.ceil(bytes / ALIGN) * ALIGN;
    return at;
  }
}

/** What a second thread needs to work in the same memory (all plain data, or transferable). */
export interface SharedPlan {
  sizes: number[];
  batchSize: number;
  layers: LayerPlan[];
  dataBase: number;
  memory: WebAssembly.Memory;
}

export class Workspace {
  readonly memory: WebAssembly.Memory;
  readonly kernels: Kernels;
  readonly layers: LayerPlan[];
  readonly sizes: readonly number[];
  readonly batchSize: number;
  private readonly dataBase: number;
  data: DataPlan | null = null;
  private loaded: SparseInput | null = null;
  private loadedLabels: Uint8Array | null = null;
  private buffer: ArrayBufferLike | null = null;
  private heapF64 = new Float64Array(0);
  private heapU32 = new Uint32Array(0);
  private heapU8 = new Uint8Array(0);

  /** A fresh workspace for a network, or (with `shared`) another thread's view of an existing one. */
  constructor(sizes: readonly number[], batchSize: number, momentum: boolean, shared?: SharedPlan) {
    this.sizes = [...sizes];
    this.batchSize = batchSize;
    if (shared) {
      this.layers = shared.layers;
      this.dataBase = shared.dataBase;
      this.memory = shared.memory;
    } else {
      const arena = new Arena();
      this.layers = planLayers(sizes, batchSize, momentum, arena);
      this.dataBase = arena.top;
      this.memory = newMemory(this.dataBase);
    }
    this.kernels = instantiate(this.memory);
  }

  shared(): SharedPlan {
    return { sizes: [...this.sizes], batchSize: this.batchSize, layers: this.layers, dataBase: this.dataBase, memory: this.memory };
  }

  /** The whole memory as float64 (index = byte offset / 8), re-made only when memory has grown. */
  heap(): Float64Array {
    if (this.buffer !== this.memory.buffer) this.refresh();
    return this.heapF64;
  }

  /** The epoch's order (example indices), indexed by position in the epoch. */
  orderView(): Uint32Array {
    if (this.buffer !== this.memory.buffer) this.refresh();
    return this.heapU32.subarray(this.data!.order / 4, this.data!.order / 4 + this.data!.count);
  }

  labelsView(): Uint8Array {
    if (this.buffer !== this.memory.buffer) this.refresh();
    return this.heapU8.subarray(this.data!.labels, this.data!.labels + this.data!.count);
  }

  private refresh(): void {
    this.buffer = this.memory.buffer;
    this.heapF64 = new Float64Array(this.buffer);
    this.heapU32 = new Uint32Array(this.buffer);
    this.heapU8 = new Uint8Array(this.buffer);
  }

  /** A float64 view of `length` values at byte offset `at`. */
  f64(at: number, length: number): Float64Array {
    return this.heap().subarray(at / 8, at / 8 + length);
  }

  /** Puts the sparse inputs (and room for an order of that many examples) into memory, once per data set. */
  loadData(sparse: SparseInput, labels: Uint8Array): DataPlan {
    if (this.loaded === sparse && this.loadedLabels === labels && this.data) return this.data;
    const arena = new Arena();
    arena.top = this.dataBase;
    const nonzeros = sparse.idx.length;
    const plan: DataPlan = {
      count: sparse.count,
      start: arena.alloc(4 * (sparse.count + 1)),
      rows: arena.alloc(4 * nonzeros),
      val: arena.alloc(4 * nonzeros),
      labels: arena.alloc(sparse.count),
      order: arena.alloc(4 * sparse.count),
    };
    const missing = pagesFor(arena.top) - this.memory.buffer.byteLength / 65536;
    if (missing > 0) this.memory.grow(missing);
    const buffer = this.memory.buffer;
    new Uint32Array(buffer, plan.start, sparse.count + 1).set(sparse.start);
    const rows = new Uint32Array(buffer, plan.rows, nonzeros);
    const rowBytes = 8 * this.layers[0].s;
    for (let p = 0; p < nonzeros; p++) rows[p] = sparse.idx[p] * rowBytes;
    new Float32Array(buffer, plan.val, nonzeros).set(sparse.val);
    new Uint8Array(buffer, plan.labels, sparse.count).set(labels.subarray(0, sparse.count));
    this.loaded = sparse;
    this.loadedLabels = labels;
    this.data = plan;
    return plan;
  }

  /** Writes the epoch's example indices into the order area. */
  setOrder(order: ArrayLike<number>): void {
    this.orderView().set(order);
  }

  /**
   * Moves numpy-shaped weights (nOut × nIn, row-major, as Network keeps them) into the transposed,
   * padded layout ("in") or back out of it ("out"); `at` picks the weights or their velocities.
   */
  moveWeights(l: number, w: Float64Array, at: "WT" | "VW", direction: "in" | "out"): void {
    const { nIn, nOut, s } = this.layers[l];
    const heap = this.heap();
    const base = this.layers[l][at] / 8;
    for (let o = 0; o < nOut; o++) {
      for (let j = 0; j < nIn; j++) {
        if (direction === "in") heap[base + j * s + o] = w[o * nIn + j];
        else w[o * nIn + j] = heap[base + j * s + o];
      }
    }
  }

  /** Moves a vector (biases, their velocities) into memory at byte offset `at`, or back out. */
  moveVector(at: number, v: Float64Array, direction: "in" | "out"): void {
    if (direction === "in") this.f64(at, v.length).set(v);
    else v.set(this.f64(at, v.length));
  }
}

function planLayers(sizes: readonly number[], batchSize: number, momentum: boolean, arena: Arena): LayerPlan[] {
  const layers: LayerPlan[] = [];
  const f64 = (n: number): number => arena.alloc(n * 8);
  for (let l = 0; l + 1 < sizes.length; l++) {
    const nIn = sizes[l];
    const nOut = sizes[l + 1];
    // The first layer's rows are whole cache lines (8 float64), split between threads on line boundaries.
    const s = paddedWidth(nOut, l === 0 ? 8 : 2);
    layers.push({
      nIn, nOut, s,
      WT: f64(nIn * s), b: f64(s),
      VW: momentum ? f64(nIn * s) : 0, VB: momentum ? f64(s) : 0,
      Z: f64(batchSize * s), A: f64(batchSize * s), D: f64(batchSize * s),
    });
  }
  return layers;
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
