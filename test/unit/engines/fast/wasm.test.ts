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
