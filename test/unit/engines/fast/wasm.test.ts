import { test } from "node:test";
import assert from "node:assert/strict";
import { assembleKernels } from "../../../../src/engines/fast/assemble";
import { kernelsBase64 } from "../../../../src/engines/fast/wasm-binary";
import { instantiate, newMemory } from "../../../../src/engines/fast/wasm";

test("the committed WebAssembly bytes are wat.ts assembled (regenerate: node dist/engines/fast/assemble.js --write)", async () => {
  const bytes = await assembleKernels();
  assert.equal(Buffer.from(bytes).toString("base64"), kernelsBase64);
});

test("the kernels' sigmoid matches 1/(1+Math.exp(−z)) to 2 ulp over the range that matters, and passes NaN", () => {
  const memory = newMemory(1 << 20);
  const k = instantiate(memory);
  const zs = [
    0, -0, 1e-300, -1e-9, 0.5, -0.5, 1, -1, 3.7, -12.25, 36, -36, 40, -40, 300, -300, 745, -745, 1e308, -1e308,
  ];
  for (let i = 0; i < 2000; i++) zs.push((i - 1000) * 0.0377);
  zs.push(NaN);
  if (zs.length % 2) zs.push(0);
  const Z = 16;
  const A = 16 + 8 * zs.length;
  new Float64Array(memory.buffer, Z, zs.length).set(zs);
  k.activate(A, Z, 1, zs.length, zs.length, 0);
  const a = new Float64Array(memory.buffer, A, zs.length);
  zs.forEach((z, i) => {
    const expected = 1 / (1 + Math.exp(-z));
    if (Number.isNaN(z)) return assert.ok(Number.isNaN(a[i]), "NaN in, NaN out");
    const ulp = Math.max(Number.MIN_VALUE, Math.abs(expected) * Number.EPSILON);
    assert.ok(
      Math.abs(a[i] - expected) <= 2 * ulp || Math.abs(a[i] - expected) < 1e-300,
      `σ(${z}) = ${a[i]}, expected ${expected}`,
    );
  });
});

test("the kernels' tanh (via e^x), ReLU and linear match Math.tanh, max(0, z) and z", () => {
  const memory = newMemory(1 << 20);
  const k = instantiate(memory);
  const zs: number[] = [0, -0, 1e-12, -3e-8, 0.25, -0.75, 2, -5, 19, -19, 400, -400];
  for (let i = 0; i < 1000; i++) zs.push((i - 500) * 0.0171);
  const Z = 16;
  const A = 16 + 8 * zs.length;
  new Float64Array(memory.buffer, Z, zs.length).set(zs);
  const a = new Float64Array(memory.buffer, A, zs.length);
  k.activate(A, Z, 1, zs.length, zs.length, 1);
  zs.forEach((z, i) =>
    assert.ok(Math.abs(a[i] - Math.tanh(z)) <= 4e-16, `tanh(${z}) = ${a[i]}, expected ${Math.tanh(z)}`),
  );
  k.activate(A, Z, 1, zs.length, zs.length, 2);
  zs.forEach((z, i) => assert.equal(a[i], z > 0 ? z : 0, `relu(${z})`));
  k.activate(A, Z, 1, zs.length, zs.length, 3);
  zs.forEach((z, i) => assert.ok(Object.is(a[i], z), `linear(${z})`));
});

test("weight decay, momentum and L1 kernels touch exactly the block's values, contiguous or strided, float64 and float32", () => {
  const memory = newMemory(1 << 20);
  const k = instantiate(memory);
  // [rows, n, s]: rows that follow one another (walked as one long row, four vectors a step, then a
  // tail of one to three vectors) and rows with gaps between them (which must stay untouched).
  const shapes: Array<[number, number, number]> = [
    [3, 10, 10],
    [1, 2, 2],
    [5, 8, 8],
    [3, 6, 10],
    [2, 16, 20],
  ];
  const Y = 64;
  const X = 64 + 8 * 4096;
  for (const bytes of [8, 4]) {
    const Array_ = bytes === 8 ? Float64Array : Float32Array;
    const [scale, axpy, subtractSign] =
      bytes === 8 ? [k.scale, k.axpy, k.subtractSign] : [k.scale32, k.axpy32, k.subtractSign32];
    const round = (v: number): number => (bytes === 8 ? v : Math.fround(v));
    for (const [rows, n0, s0] of shapes) {
      const [n, s] = bytes === 8 ? [n0, s0] : [2 * n0, 2 * s0]; // float32: n a multiple of 4
      const total = rows * s + 8;
      const y0 = Array.from({ length: total }, (_, i) => round(((i * 37) % 23) / 7 - 1.5));
      const x = Array.from({ length: total }, (_, i) => round(((i * 11) % 5) - 2)); // zeros, signs
      const inBlock = (i: number): boolean => i < rows * s && i % s < n;
      const cases: Array<[string, () => void, (y: number, xi: number) => number]> = [
        ["scale", () => scale(Y, rows, n, s, 0.75), (y) => round(y * round(0.75))],
        ["axpy", () => axpy(Y, X, rows, n, s, -0.5), (y, xi) => round(y + round(round(-0.5) * xi))],
        [
          "subtractSign",
          () => subtractSign(Y, X, rows, n, s, 0.25),
          (y, xi) => round(y - (xi > 0 ? 0.25 : xi < 0 ? -0.25 : 0)),
        ],
      ];
      for (const [name, run, expected] of cases) {
        const y = new Array_(memory.buffer, Y, total);
        y.set(y0);
        new Array_(memory.buffer, X, total).set(x);
        run();
        const got = Array.from(new Array_(memory.buffer, Y, total));
        assert.deepEqual(
          got,
          y0.map((v, i) => (inBlock(i) ? expected(v, x[i]) : v)),
          `${name}${bytes === 4 ? "32" : ""} rows ${rows}, n ${n}, s ${s}`,
        );
      }
    }
  }
});
