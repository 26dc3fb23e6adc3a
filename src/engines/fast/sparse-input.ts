import type { Dataset } from "../../dataset";

/**
 * A data set's inputs in compressed sparse rows: example i's nonzero inputs are
 * p ∈ [start[i], start[i+1]), at index idx[p] with value val[p]. MNIST pixels are about 80% exact
 * zeros (≈150 of 784 are inked), and a zero input contributes nothing to z = w·x + b nor to the
 * gradient ∂C/∂w = x·δ, so the first layer — nearly all the work — only needs the nonzeros.
 * Values stay float32, the Dataset's own type (widened to float64 exactly when used).
 */
export interface SparseInput {
  readonly count: number;
  readonly start: Uint32Array;
  readonly idx: Uint16Array;
  readonly val: Float32Array;
}

// Built once per data set and reused every epoch; keyed by the inputs array, which data sets never
// change after they are made (a `slice` gets its own entry).
const cache = new WeakMap<Float32Array, SparseInput>();

export function sparseInput(data: Dataset): SparseInput {
  let sparse = cache.get(data.inputs);
  if (!sparse || sparse.count !== data.count) {
    sparse = compress(data);
    cache.set(data.inputs, sparse);
  }
  return sparse;
}

function compress(data: Dataset): SparseInput {
  const { count, inputSize, inputs } = data;
  let nonzeros = 0;
  for (let i = 0; i < count * inputSize; i++) if (inputs[i] !== 0) nonzeros++;
  const start = new Uint32Array(count + 1);
  const idx = new Uint16Array(nonzeros);
  const val = new Float32Array(nonzeros);
  let p = 0;
  for (let i = 0; i < count; i++) {
    start[i] = p;
    const row = i * inputSize;
    for (let j = 0; j < inputSize; j++) {
      const x = inputs[row + j];
      if (x !== 0) {
        idx[p] = j;
        val[p++] = x;
      }
    }
  }
  start[count] = p;
  return { count, start, idx, val };
}
