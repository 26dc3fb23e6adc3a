import { kernelsBase64 } from "./wasm-binary";

/** The exported WebAssembly functions (see wat.ts for what each computes). Pointers are byte offsets. */
export interface Kernels {
  // s = row stride (padded width), n = how many of the row's units to do (s, or a thread's share).
  sparseForward(
    Z: number,
    WT: number,
    s: number,
    n: number,
    b: number,
    m: number,
    order: number,
    start: number,
    rows: number,
    val: number,
  ): void;
  denseForward(
    Z: number,
    WT: number,
    s: number,
    n: number,
    b: number,
    m: number,
    A: number,
    sIn: number,
    nIn: number,
  ): void;
  sparseUpdate(
    WT: number,
    s: number,
    n: number,
    D: number,
    m: number,
    order: number,
    start: number,
    rows: number,
    val: number,
    step: number,
  ): void;
  denseUpdate(
    WT: number,
    s: number,
    n: number,
    D: number,
    m: number,
    A: number,
    sIn: number,
    nIn: number,
    step: number,
  ): void;
  outputError(
    D: number,
    A: number,
    s: number,
    n: number,
    m: number,
    order: number,
    labels: number,
    quadratic: number,
  ): void;
  backwardError(
    Dprev: number,
    sPrev: number,
    nPrev: number,
    cols: number,
    WT: number,
    s: number,
    D: number,
    Aprev: number,
    m: number,
    kind: number,
    M: number,
  ): void;
  mask(A: number, U: number, M: number, rows: number, n: number, s: number): void;
  activate(A: number, Z: number, rows: number, n: number, s: number, kind: number): void;
  biasUpdate(b: number, D: number, s: number, n: number, m: number, step: number): void;
  scale(Y: number, rows: number, n: number, s: number, f: number): void;
  axpy(Y: number, X: number, rows: number, n: number, s: number, a: number): void;
  subtractSign(Y: number, X: number, rows: number, n: number, s: number, t: number): void;
  gather(
    order: number,
    k0: number,
    k1: number,
    at0: number,
    start: number,
    rows: number,
    val: number,
    labels: number,
    toStart: number,
    toRows: number,
    toVal: number,
    toLabels: number,
  ): void;
  rowOffsets(rows: number, idx: number, n: number, rowBytes: number): void;
  touch(at: number, bytes: number): void;
  // The "fast32" engine's first layer: the same arguments, but WT holds float32 (n a multiple of 4).
  sparseForward32(
    Z: number,
    WT: number,
    s: number,
    n: number,
    b: number,
    m: number,
    order: number,
    start: number,
    rows: number,
    val: number,
  ): void;
  sparseUpdate32(
    WT: number,
    s: number,
    n: number,
    D: number,
    m: number,
    order: number,
    start: number,
    rows: number,
    val: number,
    step: number,
  ): void;
  // ...and its weight decay and momentum, on float32 weights and velocities (n a multiple of 4).
  scale32(Y: number, rows: number, n: number, s: number, f: number): void;
  axpy32(Y: number, X: number, rows: number, n: number, s: number, a: number): void;
  subtractSign32(Y: number, X: number, rows: number, n: number, s: number, t: number): void;
}

let compiled: WebAssembly.Module | undefined;

/** The compiled module (compiled once per process; 6 kB, so synchronous compilation is fine). */
export function kernelsModule(): WebAssembly.Module {
  compiled ??= new WebAssembly.Module(Buffer.from(kernelsBase64, "base64"));
  return compiled;
}

/** Memory the kernels can use; shared so a worker thread can work on the same weights. */
export function newMemory(bytes: number): WebAssembly.Memory {
  return new WebAssembly.Memory({ initial: pagesFor(bytes), maximum: 65536, shared: true });
}

export function pagesFor(bytes: number): number {
  return Math.max(1, Math.ceil(bytes / 65536));
}

export function instantiate(memory: WebAssembly.Memory, module: WebAssembly.Module = kernelsModule()): Kernels {
  return new WebAssembly.Instance(module, { env: { memory } }).exports as unknown as Kernels;
}

/** Whether this JavaScript engine runs WebAssembly SIMD with shared memory (Node ≥ 16.4 does). */
export function wasmAvailable(): boolean {
  try {
    kernelsModule();
    return true;
  } catch {
    return false;
  }
}
