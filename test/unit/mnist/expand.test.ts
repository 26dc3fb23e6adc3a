import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { expandMnist, shiftImage } from "../../../src/mnist/expand";
import { slice } from "../../../src/dataset";
import { loadMnistSubset } from "../../../src/mnist";
import type { Dataset } from "../../../src/dataset";
import { InputError } from "../../../src/errors";

/** A 28×28 image whose pixel (r, c) encodes its own position, so any misplacement shows. */
function positional(): Float32Array {
  return Float32Array.from({ length: 784 }, (_, i) => (1 + (i % 254)) / 255);
}
const at = (img: ArrayLike<number>, r: number, c: number): number => img[r * 28 + c];

test("each shift moves every pixel by exactly one and zero-fills the vacated row/column", () => {
  const img = positional();
  const cases: Array<[string, number, number]> = [
    ["down", 1, 0],
    ["up", -1, 0],
    ["right", 0, 1],
    ["left", 0, -1],
  ];
  for (const [name, dRow, dCol] of cases) {
    const out = shiftImage(img, dRow, dCol);
    for (let r = 0; r < 28; r++) {
      for (let c = 0; c < 28; c++) {
        const sr = r - dRow,
          sc = c - dCol;
        const expected = sr < 0 || sr > 27 || sc < 0 || sc > 27 ? 0 : at(img, sr, sc);
        assert.equal(at(out, r, c), expected, `${name}: pixel (${r}, ${c})`);
      }
    }
  }
});

test("a single dot moves to the neighbouring pixel (the book's np.roll + zeroing)", () => {
  const dot = new Float32Array(784);
  dot[5 * 28 + 7] = 1;
  const where = (img: Float32Array): [number, number] => {
    const i = img.indexOf(1);
    return [Math.floor(i / 28), i % 28];
  };
  assert.deepEqual(where(shiftImage(dot, 1, 0)), [6, 7]);
  assert.deepEqual(where(shiftImage(dot, -1, 0)), [4, 7]);
  assert.deepEqual(where(shiftImage(dot, 0, 1)), [5, 8]);
  assert.deepEqual(where(shiftImage(dot, 0, -1)), [5, 6]);
  // A dot on the border falls off instead of wrapping round (np.roll would wrap it; the book zeroes it).
  const edge = new Float32Array(784);
  edge[27 * 28 + 3] = 1;
  assert.equal(shiftImage(edge, 1, 0).indexOf(1), -1);
});

function tiny(count: number, seed: number): Dataset {
  const inputs = Float32Array.from({ length: count * 784 }, (_, i) => ((i * 37 + seed) % 256) / 255);
  return { count, inputSize: 784, inputs, labels: Uint8Array.from({ length: count }, (_, i) => (i + seed) % 10) };
}

test("expandMnist: 5 versions per image (original, down, up, right, left), labels repeated, cached", () => {
  const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), "nndl-expand-"));
  const source = tiny(3, 1);
  const progress: number[] = [];
  const expanded = expandMnist(source, { cacheDir, onProgress: (done) => progress.push(done) });
  assert.equal(expanded.count, 15);
  assert.deepEqual(Array.from(expanded.labels), [1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 3, 3, 3, 3, 3]);
  assert.deepEqual(progress, [3]);
  const image = (d: Dataset, i: number): Float32Array => d.inputs.slice(i * 784, (i + 1) * 784);
  for (let i = 0; i < 3; i++) {
    const original = image(source, i);
    assert.deepEqual(image(expanded, 5 * i), original);
    assert.deepEqual(image(expanded, 5 * i + 1), shiftImage(original, 1, 0));
    assert.deepEqual(image(expanded, 5 * i + 2), shiftImage(original, -1, 0));
    assert.deepEqual(image(expanded, 5 * i + 3), shiftImage(original, 0, 1));
    assert.deepEqual(image(expanded, 5 * i + 4), shiftImage(original, 0, -1));
  }
  const files = fs.readdirSync(cacheDir).sort();
  assert.equal(files.length, 2);
  assert.match(files[0], /^mnist-expanded-3-[0-9a-f]{16}-images\.idx$/);
  assert.equal(fs.statSync(path.join(cacheDir, files[0])).size, 16 + 15 * 784);

  // Second call: read from the cache (no progress), same data.
  const again = expandMnist(source, {
    cacheDir,
    onProgress: () => assert.fail("rebuilt instead of reading the cache"),
  });
  assert.deepEqual(again.inputs, expanded.inputs);
  assert.deepEqual(again.labels, expanded.labels);

  // A changed source gets its own cache files rather than the stale ones.
  const changed = tiny(3, 2);
  const other = expandMnist(changed, { cacheDir });
  assert.deepEqual(other.inputs.slice(0, 784), changed.inputs.slice(0, 784));
  assert.equal(fs.readdirSync(cacheDir).length, 4);
});

test("a damaged cache is rebuilt, not trusted", () => {
  const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), "nndl-expand-"));
  const source = tiny(2, 5);
  const first = expandMnist(source, { cacheDir });
  const images = fs.readdirSync(cacheDir).find((f) => f.endsWith("-images.idx"))!;
  fs.truncateSync(path.join(cacheDir, images), 100);
  let rebuilt = false;
  const second = expandMnist(source, {
    cacheDir,
    onProgress: () => {
      rebuilt = true;
    },
  });
  assert.ok(rebuilt);
  assert.deepEqual(second.inputs, first.inputs);
});

test("pixels that are not bytes/255 are expanded in memory and not cached", () => {
  const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), "nndl-expand-"));
  const source = tiny(1, 0);
  source.inputs[100] = 0.123456;
  const expanded = expandMnist(source, { cacheDir });
  assert.equal(expanded.count, 5);
  assert.equal(expanded.inputs[100], source.inputs[100]);
  assert.deepEqual(fs.readdirSync(cacheDir), []);
});

test("a cache folder that cannot be written is no error: the expansion is still returned", () => {
  // A regular file where the folder should be makes every write fail (ENOTDIR), even for root,
  // who would ignore a read-only mode bit.
  const parent = fs.mkdtempSync(path.join(os.tmpdir(), "nndl-expand-"));
  const cacheDir = path.join(parent, "not-a-folder");
  fs.writeFileSync(cacheDir, "a file, not a folder");
  assert.equal(expandMnist(tiny(1, 3), { cacheDir }).count, 5);
  assert.equal(fs.readFileSync(cacheDir, "utf8"), "a file, not a folder");
});

test("non-28×28 data is an InputError", () => {
  const data: Dataset = { count: 1, inputSize: 10, inputs: new Float32Array(10), labels: new Uint8Array(1) };
  assert.throws(
    () => expandMnist(data),
    (e: Error) =>
      e instanceof InputError && e.message === "expandMnist needs 28×28 images (inputSize 784), got inputSize 10",
  );
});

test('expandMnist: a cache folder it cannot make is no error (the expansion is returned, uncached); cacheDir "" is refused', () => {
  const source = slice(loadMnistSubset(), 0, 3);
  const expanded = expandMnist(source, { cacheDir: "/proc/nndl-cache/new" });
  assert.equal(expanded.count, 15);
  assert.throws(() => expandMnist(source, { cacheDir: "" }), /cacheDir "" is not a folder/);
});
