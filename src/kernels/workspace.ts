import type { SparseInput } from "./sparse-input";
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

/** The input data's place in memory: CSR arrays of the sparse inputs and the epoch's order. */
export interface DataPlan {
  count: number;
  start: number;
  idx: number;
  val: number;
  order: number;
}

const ALIGN = 16;

/** A bump allocator over a growable shared WebAssembly memory. */
class Arena {
  top = ALIGN; // offset 0 stays unused so a zero pointer is never valid data

  alloc(bytes: number): number {
    const at = this.top;
    this.top += Math.ceil(bytes / ALIGN) * ALIGN;
    return at;
  }
}

export class Workspace {
  readonly memory: WebAssembly.Memory;
  readonly kernels: Kernels;
  readonly layers: LayerPlan[];
  readonly batchSize: number;
  private readonly arena = new Arena();
  private readonly dataBase: number;
  data: DataPlan | null = null;
  private loaded: SparseInput | null = null;

  constructor(readonly sizes: readonly number[], batchSize: number, momentum: boolean) {
    this.batchSize = batchSize;
    this.layers = [];
    for (let l = 0; l + 1 < sizes.length; l++) {
      const nIn = sizes[l];
      const nOut = sizes[l + 1];
      const s = nOut + (nOut & 1);
      const f64 = (n: number): number => this.arena.alloc(n * 8);
      this.layers.push({
        nIn, nOut, s,
        WT: f64(nIn * s), b: f64(s),
        VW: momentum ? f64(nIn * s) : 0, VB: momentum ? f64(s) : 0,
        Z: f64(batchSize * s), A: f64(batchSize * s), D: f64(batchSize * s),
      });
    }
    this.dataBase = this.arena.top;
    this.memory = newMemory(this.dataBase);
    this.kernels = instantiate(this.memory);
  }

  /** A float64 view of `length` values at byte offset `at` (re-made on demand: memory may grow). */
  f64(at: number, length: number): Float64Array {
    return new Float64Array(this.memory.buffer, at, length);
  }

  /** Puts the sparse inputs (and room for an order of that many examples) into memory, once per data set. */
  loadData(sparse: SparseInput): DataPlan {
    if (this.loaded === sparse && this.data) return this.data;
    const arena = new Arena();
    arena.top = this.dataBase;
    const nonzeros = sparse.idx.length;
    const plan: DataPlan = {
      count: sparse.count,
      start: arena.alloc(4 * (sparse.count + 1)),
      idx: arena.alloc(2 * nonzeros),
      val: arena.alloc(4 * nonzeros),
      order: arena.alloc(4 * sparse.count),
    };
    const missing = pagesFor(arena.top) - this.memory.buffer.byteLength / 65536;
    if (missing > 0) this.memory.grow(missing);
    const buffer = this.memory.buffer;
    new Uint32Array(buffer, plan.start, sparse.count + 1).set(sparse.start);
    new Uint16Array(buffer, plan.idx, nonzeros).set(sparse.idx);
    new Float32Array(buffer, plan.val, nonzeros).set(sparse.val);
    this.loaded = sparse;
    this.data = plan;
    return plan;
  }

  /** Writes example indices into the order area, starting at position `at`. */
  setOrder(order: ArrayLike<number>, at = 0): void {
    new Uint32Array(this.memory.buffer, this.data!.order + 4 * at, order.length).set(order);
  }

  /** Copies numpy-shaped weights (nOut × nIn, row-major) in, transposing into the padded layout. */
  putWeights(l: number, w: Float64Array, at: "WT" | "VW" = "WT"): void {
    const { nIn, nOut, s } = this.layers[l];
    const wt = this.f64(this.layers[l][at], nIn * s);
    for (let o = 0; o < nOut; o++) for (let j = 0; j < nIn; j++) wt[j * s + o] = w[o * nIn + j];
  }

  /** The inverse of putWeights. */
  getWeights(l: number, w: Float64Array, at: "WT" | "VW" = "WT"): void {
    const { nIn, nOut, s } = this.layers[l];
    const wt = this.f64(this.layers[l][at], nIn * s);
    for (let o = 0; o < nOut; o++) for (let j = 0; j < nIn; j++) w[o * nIn + j] = wt[j * s + o];
  }

  putVector(at: number, v: Float64Array): void {
    this.f64(at, v.length).set(v);
  }

  getVector(at: number, v: Float64Array): void {
    v.set(this.f64(at, v.length));
  }
}
