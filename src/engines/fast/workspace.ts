import type { SparseInput } from "../../sparse-input";
import { Arena, type DataPlan, type LayerPlan, PARAMETERS, planLayers, sizeOf, weightOffset } from "./layout";
import { type Kernels, instantiate, newMemory, pagesFor } from "./wasm";

export type { DataPlan, LayerPlan } from "./layout";

/**
 * A second thread that takes part of a copy (Team, team.ts): `gather` or `touch` starts it on its
 * part, this thread does the rest, then `waitForTask` waits for the helper's. (An object, not
 * closures made afresh each epoch: once the loops that call it are optimized, every new closure
 * deoptimized them — "wrong call target" — and V8 compiled them again on a core the training
 * threads need.)
 */
export interface Helper {
  /** Copies stream positions [k0, k1) (their nonzeros from byte `at0` of the stream on). */
  gather(ws: Workspace, source: DataPlan, stream: DataPlan, k0: number, k1: number, at0: number): void;
  /** Touches `bytes` of new memory from byte `at`. */
  touch(ws: Workspace, at: number, bytes: number): void;
  waitForTask(): void;
}

/** The gather kernel (wat/stream.ts) for stream positions [k0, k1) of `source` in its order. */
export function gatherRange(
  kernels: Kernels,
  source: DataPlan,
  stream: DataPlan,
  k0: number,
  k1: number,
  at0: number,
): void {
  kernels.gather(
    source.order,
    k0,
    k1,
    at0,
    source.start,
    source.rows,
    source.val,
    source.labels,
    stream.start,
    stream.rows,
    stream.val,
    stream.labels,
  );
}
export { paddedWidth, blocksFor } from "./layout";

/** What a second thread needs to work in the same memory (all plain data, or transferable). */
export interface SharedPlan {
  sizes: number[];
  batchSize: number;
  replicas: LayerPlan[][][]; // [replica][buffer parity][layer]
  dataBase: number;
  memory: WebAssembly.Memory;
  firstLayer32: boolean;
}

/**
 * A network's home in WebAssembly memory, as one thread sees it. With two threads (team.ts) the
 * first layer is shared — each thread works on its own columns — and its Z and A come in two
 * buffers used by alternate mini-batches, so a thread can start the next batch while the other
 * still reads this one's activations. Every later (small) layer has one replica per thread: both
 * threads run them on identical inputs with identical arithmetic, so the replicas stay equal bit
 * for bit and the threads need only one barrier per mini-batch.
 */
/** What a fresh workspace is planned for (Workspace.create). */
export interface WorkspaceOptions {
  sizes: readonly number[];
  batchSize: number;
  /** Whether to plan momentum velocities (VW, VB). */
  momentum: boolean;
  /** Copies of the later layers, one per thread (default 1). */
  threads?: number;
  /** The first layer's weights in float32 ("fast32"; default false). */
  firstLayer32?: boolean;
}

export class Workspace {
  readonly memory: WebAssembly.Memory;
  readonly kernels: Kernels;
  /** The layers this thread uses for the current mini-batch (see useBuffer). */
  layers: LayerPlan[];
  readonly sizes: readonly number[];
  readonly batchSize: number;
  private readonly replicas: LayerPlan[][][];
  private readonly replica: number;
  private readonly dataBase: number;
  data: DataPlan | null = null;
  /** The hidden layers' activation, as an ACTIVATION_CODES value (wat.ts). */
  hidden = 0;
  /** Whether this epoch uses dropout masks (the M regions, drawn per mini-batch). */
  dropout = false;
  /** The first layer's weights as float32 ("fast32": sparseForward32/sparseUpdate32) instead of float64. */
  readonly firstLayer32: boolean;
  /** The data set as loaded, in its own order; `data` is this or `stream`, whichever the kernels read now. */
  private source: DataPlan | null = null;
  /** The epoch's examples laid out one after another in the epoch's order (streamInOrder). */
  private stream: DataPlan | null = null;
  private dataTop = 0;
  private loaded: SparseInput | null = null;
  private loadedLabels: Uint8Array | null = null;
  private buffer: ArrayBufferLike | null = null;
  private heapF64 = new Float64Array(0);
  private heapU32 = new Uint32Array(0);
  private heapU8 = new Uint8Array(0);

  /**
   * A fresh workspace for a network of layer `sizes`, mini-batches of up to `batchSize` examples,
   * with momentum velocities or not, `threads` copies of the later layers (one per thread; default
   * 1) and the first layer's weights in float32 or not ("fast32").
   */
  static create(options: WorkspaceOptions): Workspace {
    const { sizes, batchSize, momentum, threads = 1, firstLayer32 = false } = options;
    const arena = new Arena();
    const replicas = planLayers(sizes, batchSize, momentum, threads, arena);
    const plan: SharedPlan = {
      sizes: [...sizes],
      batchSize,
      replicas,
      dataBase: arena.top,
      memory: newMemory(arena.top),
      firstLayer32,
    };
    return new Workspace(plan, 0);
  }

  /** Thread `replica`'s view of an existing workspace (the worker thread's: replica 1), from its shared() plan. */
  static replicaOf(shared: SharedPlan, replica: number): Workspace {
    return new Workspace(shared, replica);
  }

  private constructor(shared: SharedPlan, replica: number) {
    this.sizes = [...shared.sizes];
    this.firstLayer32 = shared.firstLayer32;
    this.batchSize = shared.batchSize;
    this.replicas = shared.replicas;
    this.dataBase = shared.dataBase;
    this.memory = shared.memory;
    this.replica = replica;
    this.layers = this.replicas[replica][0];
    this.kernels = instantiate(this.memory);
  }

  shared(): SharedPlan {
    return {
      sizes: [...this.sizes],
      batchSize: this.batchSize,
      replicas: this.replicas,
      dataBase: this.dataBase,
      memory: this.memory,
      firstLayer32: this.firstLayer32,
    };
  }

  get replicaCount(): number {
    return this.replicas.length;
  }

  /** Switches the first layer's Z and A to buffer `parity` (0 or 1). */
  useBuffer(parity: number): void {
    this.layers = this.replicas[this.replica][parity];
  }

  /** Copies the later layers' parameters from replica 0 to the others (after one-thread work). */
  syncReplicas(): void {
    const heap = this.heap();
    for (let r = 1; r < this.replicas.length; r++) {
      for (let l = 1; l < this.sizes.length - 1; l++) {
        for (const key of PARAMETERS) this.copyRegion(heap, this.replicas[0][0][l], this.replicas[r][0][l], key);
      }
    }
  }

  /** Whether every replica of the later layers holds the same parameters, bit for bit (tests). */
  replicasAgree(): boolean {
    const heap = this.heap();
    const bits = new Uint32Array(heap.buffer);
    for (let r = 1; r < this.replicas.length; r++) {
      for (let l = 1; l < this.sizes.length - 1; l++) {
        for (const key of PARAMETERS) {
          const a = this.replicas[0][0][l];
          const b = this.replicas[r][0][l];
          const words = (2 * sizeOf(a, key)) | 0;
          for (let i = 0; i < words; i++) if (bits[a[key] / 4 + i] !== bits[b[key] / 4 + i]) return false;
        }
      }
    }
    return true;
  }

  private copyRegion(heap: Float64Array, from: LayerPlan, to: LayerPlan, key: (typeof PARAMETERS)[number]): void {
    const n = sizeOf(from, key);
    if (n > 0) heap.copyWithin(to[key] / 8, from[key] / 8, from[key] / 8 + n);
  }

  /** The whole memory as float64 (index = byte offset / 8), re-made only when memory has grown. */
  heap(): Float64Array {
    if (this.buffer !== this.memory.buffer) this.refresh();
    return this.heapF64;
  }

  /** The whole memory as u32 (index = byte offset / 4): the epoch's order is at data.order / 4. */
  heapU32View(): Uint32Array {
    if (this.buffer !== this.memory.buffer) this.refresh();
    return this.heapU32;
  }

  /** The whole memory as bytes: the labels are at data.labels. */
  heapU8View(): Uint8Array {
    if (this.buffer !== this.memory.buffer) this.refresh();
    return this.heapU8;
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

  /**
   * Puts the sparse inputs (and room for an order of that many examples) into memory, once per data
   * set. With a `helper` (a second thread with nothing else to do), the epoch's stream is
   * planned at once too, and that thread touches its new memory while this one fills the data's:
   * the first stream copy then writes to mapped pages (measured on the Xeon VM: 60 MB of new
   * memory cost ~25 ms of page faults).
   */
  loadData(sparse: SparseInput, labels: Uint8Array, helper?: Helper): DataPlan {
    if (this.holds(sparse, labels)) return (this.data = this.source!);
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
    this.dataTop = arena.top;
    this.stream = helper ? this.planStream(sparse.count, nonzeros) : null;
    if (this.stream) helper!.touch(this, this.stream.start, this.stream.order - this.stream.start);
    try {
      this.fillData(plan, sparse, labels);
    } finally {
      if (this.stream) helper!.waitForTask(); // the worker is done with the stream's memory before anything else is asked of it
    }
    this.loaded = sparse;
    this.loadedLabels = labels;
    this.source = this.data = plan;
    return plan;
  }

  /** Whether this data set is the one loaded (loadData then has nothing to copy). */
  holds(sparse: SparseInput, labels: Uint8Array): boolean {
    return this.loaded === sparse && this.loadedLabels === labels && this.source !== null;
  }

  private fillData(plan: DataPlan, sparse: SparseInput, labels: Uint8Array): void {
    const buffer = this.memory.buffer;
    const nonzeros = sparse.idx.length;
    new Uint32Array(buffer, plan.start, sparse.count + 1).set(sparse.start);
    // Each nonzero's weight-row offset (j times a row's bytes in its panel), made by a kernel from
    // the u16 indices, which wait in the val region until the values overwrite them.
    new Uint16Array(buffer, plan.val, nonzeros).set(sparse.idx);
    this.kernels.rowOffsets(plan.rows, plan.val, nonzeros, this.weightBytes(0) * this.layers[0].panel);
    new Float32Array(buffer, plan.val, nonzeros).set(sparse.val);
    new Uint8Array(buffer, plan.labels, sparse.count).set(labels.subarray(0, sparse.count));
  }

  /** Writes example indices into the loaded data's order area; the kernels then read the data set in place. */
  setOrder(order: ArrayLike<number>): void {
    this.data = this.source;
    this.heapU32View().set(order, this.source!.order / 4);
  }

  /**
   * Copies the epoch's examples into one stream, in the epoch's (shuffled) order, and points the
   * kernels at it. Read in place, a shuffled epoch jumps to a random spot of the data set (60 MB
   * for MNIST, beyond the caches) at every example, and the first layer's loops stall on those
   * loads — on both threads, as both read every example. Measured on [784, 30, 10], one thread:
   * 1.21 µs per image in the forward kernel in place, 0.83 µs in sequence. The copy (a kernel,
   * stream.ts) moves each example's run of nonzeros as one block and costs ~10 ms per 50,000 images. The values
   * and their order within an example are unchanged, so the results are bit for bit the same.
   */
  streamInOrder(order: ArrayLike<number>, helper?: Helper): void {
    const source = this.source!;
    if (!this.stream) this.stream = this.planStream(source.count, this.loaded!.idx.length);
    const n = order.length;
    const u32 = this.heapU32View();
    u32.set(order, source.order / 4);
    // With a second thread, it copies the second half while this one copies the first.
    const half = helper ? n >> 1 : n;
    if (half < n) {
      let at = 0; // bytes of nonzeros before position `half`
      for (let k = 0; k < half; k++)
        at += 4 * (u32[source.start / 4 + order[k] + 1] - u32[source.start / 4 + order[k]]);
      helper!.gather(this, source, this.stream, half, n, at);
    }
    gatherRange(this.kernels, source, this.stream, 0, half, 0);
    if (half < n) helper!.waitForTask();
    this.data = this.stream;
  }

  /** Room for the stream after the loaded data, its order the identity (example k is the stream's k-th). */
  private planStream(count: number, nonzeros: number): DataPlan {
    const arena = new Arena();
    arena.top = this.dataTop;
    const plan: DataPlan = {
      count,
      start: arena.alloc(4 * (count + 1)),
      rows: arena.alloc(4 * nonzeros),
      val: arena.alloc(4 * nonzeros),
      labels: arena.alloc(count),
      order: arena.alloc(4 * count),
    };
    const missing = pagesFor(arena.top) - this.memory.buffer.byteLength / 65536;
    if (missing > 0) this.memory.grow(missing);
    new Uint32Array(this.memory.buffer, plan.order, count).set(Uint32Array.from({ length: count }, (_, k) => k));
    return plan;
  }

  /**
   * Moves numpy-shaped weights (nOut × nIn, row-major, as Network keeps them) into the transposed,
   * padded layout ("in", into every replica) or back out of it ("out", from replica 0); `at`
   * picks the weights or their velocities.
   */
  moveWeights(l: number, w: Float64Array, at: "WT" | "VW", direction: "in" | "out"): void {
    const bytes = this.weightBytes(l);
    const heap = bytes === 4 ? new Float32Array(this.memory.buffer) : this.heap(); // float32: rounded on the way in
    // Row by row: each of a panel's rows is contiguous in memory, so the writes (or reads) there run
    // in order and only the network's side jumps (a micro-benchmark of [784, 30, 10]'s first layer
    // with its sizes as constants: 17 µs a copy, against 29 column by column; here, with the sizes
    // read from the plan, a copy takes 31–45 µs on an AMD EPYC VM). One small function per direction.
    const copy = direction === "in" ? rowIn : rowOut;
    for (const layer of this.regionsOf(l, direction)) {
      const { nIn, nOut, panel } = layer;
      for (let o0 = 0; o0 < nOut; o0 += panel) {
        const row0 = (layer[at] + weightOffset(layer, 0, o0, bytes)) / bytes; // unit o0 in row 0 of its panel
        const o1 = Math.min(nOut, o0 + panel);
        for (let j = 0; j < nIn; j++) copy(heap, row0 + j * panel, w, j, o0, o1, nIn);
      }
    }
  }

  /**
   * Layer l's plans to write ("in": every replica's, once each — the first layer's is one region
   * shared by all) or to read ("out": replica 0's).
   */
  private regionsOf(l: number, direction: "in" | "out"): LayerPlan[] {
    return direction === "in" ? [...new Set(this.replicas.map((r) => r[0][l]))] : [this.replicas[0][0][l]];
  }

  /** Bytes per weight of layer l: 8, or 4 for a float32 first layer (its region keeps the float64 size). */
  weightBytes(l: number): number {
    return l === 0 && this.firstLayer32 ? 4 : 8;
  }

  /** Moves layer l's biases (or their velocities) in (to every replica) or out (from replica 0). */
  moveVector(l: number, at: "b" | "VB", v: Float64Array, direction: "in" | "out"): void {
    for (const layer of this.regionsOf(l, direction)) {
      if (direction === "in") this.f64(layer[at], v.length).set(v);
      else v.set(this.f64(layer[at], v.length));
    }
  }
}

/** Row j of units [o0, o1) of a weight matrix w (nOut × nIn, row-major) into memory from `at` on. */
function rowIn(
  heap: Float64Array | Float32Array,
  at: number,
  w: Float64Array,
  j: number,
  o0: number,
  o1: number,
  nIn: number,
): void {
  for (let o = o0; o < o1; o++) heap[at + o - o0] = w[o * nIn + j];
}

/** The reverse of rowIn. */
function rowOut(
  heap: Float64Array | Float32Array,
  at: number,
  w: Float64Array,
  j: number,
  o0: number,
  o1: number,
  nIn: number,
): void {
  for (let o = o0; o < o1; o++) w[o * nIn + j] = heap[at + o - o0];
}
