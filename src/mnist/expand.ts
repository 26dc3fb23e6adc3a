/**
 * The book's artificial expansion of the training data (chapter 3, src/expand_mnist.py): each
 * image is kept and also shifted by one pixel down, up, right and left, the vacated row or column
 * filled with zeros (white). 50,000 images become 250,000.
 *
 * Order: image i's five versions are consecutive (original, down, up, right, left — the order of
 * expand_mnist.py's loop). The book then shuffles the whole list once; we don't, because SGD
 * reshuffles every epoch anyway, so only a prefix (`--limit`) would see the difference.
 */
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { makeFolder } from "../atomic-write";
import { projectRoot } from "../project-root";
import { InputError } from "../errors";
import type { Dataset } from "../dataset";
import { readIdx, writeIdx } from "./idx";
import { IMAGE_PIXELS, IMAGE_SIZE, toDataset } from "./split";

/** [rows, columns] each copy moves by: down, up, right, left (expand_mnist.py's np.roll calls). */
export const SHIFTS: ReadonlyArray<readonly [number, number]> = [
  [1, 0],
  [-1, 0],
  [0, 1],
  [0, -1],
];
export const EXPANSION_FACTOR = 1 + SHIFTS.length;

export interface ExpandOptions {
  /** Called every 1,000 source images while building (not when read from the cache). */
  onProgress?: (imagesDone: number, imagesTotal: number) => void;
  /** Where the cache lives; default: the package's data/ folder. */
  cacheDir?: string;
}

type Pixels = Uint8Array | Float32Array;

/**
 * Writes image `src[from … from+784)` moved by (dRow, dCol) pixels into `dst[to … to+784)`:
 * dst(r, c) = src(r − dRow, c − dCol), and 0 where that falls outside the image (numpy's roll
 * followed by zeroing the row/column that wrapped round).
 */
function shiftInto(src: Pixels, from: number, dst: Pixels, to: number, dRow: number, dCol: number): void {
  for (let r = 0; r < IMAGE_SIZE; r++) {
    const sr = r - dRow;
    for (let c = 0; c < IMAGE_SIZE; c++) {
      const sc = c - dCol;
      const inside = sr >= 0 && sr < IMAGE_SIZE && sc >= 0 && sc < IMAGE_SIZE;
      dst[to + r * IMAGE_SIZE + c] = inside ? src[from + sr * IMAGE_SIZE + sc] : 0;
    }
  }
}

/** One 28×28 image shifted by (dRow, dCol) pixels, zero-filled (for notebooks and tests). */
export function shiftImage(image: ArrayLike<number>, dRow: number, dCol: number): Float32Array {
  if (image.length !== IMAGE_PIXELS)
    throw new InputError(`shiftImage needs a 784-pixel image, got ${image.length} values`);
  const out = new Float32Array(IMAGE_PIXELS);
  shiftInto(Float32Array.from(image), 0, out, 0, dRow, dCol);
  return out;
}

/** The five versions of every image, consecutive per source image; `dst` holds 5× `src`. */
function expandPixels(src: Pixels, dst: Pixels, count: number, onProgress?: ExpandOptions["onProgress"]): void {
  for (let i = 0; i < count; i++) {
    const from = i * IMAGE_PIXELS;
    const to = i * EXPANSION_FACTOR * IMAGE_PIXELS;
    dst.set(src.subarray(from, from + IMAGE_PIXELS), to);
    SHIFTS.forEach(([dRow, dCol], k) => shiftInto(src, from, dst, to + (k + 1) * IMAGE_PIXELS, dRow, dCol));
    if (onProgress && ((i + 1) % 1000 === 0 || i + 1 === count)) onProgress(i + 1, count);
  }
}

function expandLabels(labels: Uint8Array): Uint8Array {
  const out = new Uint8Array(labels.length * EXPANSION_FACTOR);
  labels.forEach((label, i) => out.fill(label, i * EXPANSION_FACTOR, (i + 1) * EXPANSION_FACTOR));
  return out;
}

/** The pixels as bytes (value × 255) when every value is exactly some byte / 255, else null. */
function asBytes(inputs: Float32Array): Uint8Array | null {
  const bytes = new Uint8Array(inputs.length);
  for (let i = 0; i < inputs.length; i++) {
    const b = Math.round(inputs[i] * 255);
    if (!(b >= 0 && b <= 255) || Math.fround(b / 255) !== inputs[i]) return null;
    bytes[i] = b;
  }
  return bytes;
}

/**
 * Cache file names: the source's size and a hash of its pixels and labels, so any change in the
 * source (another limit, other data) names a different file instead of reusing a stale one.
 */
function cacheFiles(dir: string, source: Dataset): { images: string; labels: string } {
  const hash = createHash("sha256").update(source.inputs).update(source.labels).digest("hex").slice(0, 16);
  const stem = path.join(dir, `mnist-expanded-${source.count}-${hash}`);
  return { images: `${stem}-images.idx`, labels: `${stem}-labels.idx` };
}

/** The cached expansion, or null when it is absent or damaged (then we simply rebuild it). */
function readCache(files: { images: string; labels: string }, count: number): Dataset | null {
  if (!fs.existsSync(files.images) || !fs.existsSync(files.labels)) return null;
  try {
    const images = readIdx(files.images);
    const labels = readIdx(files.labels);
    const n = count * EXPANSION_FACTOR;
    if (images.dims.join() !== [n, IMAGE_SIZE, IMAGE_SIZE].join() || labels.dims.join() !== String(n)) return null;
    return toDataset(images.data, labels.data, 0, n);
  } catch (err) {
    if (err instanceof InputError) return null;
    throw err;
  }
}

/**
 * The book's expanded training set: 5 × training.count images (250,000 for the full 50,000).
 * Built once and cached under data/ as IDX files; later calls read the cache. Data whose pixels
 * are not all multiples of 1/255 (not MNIST bytes) are expanded in memory and not cached.
 */
export function expandMnist(training: Dataset, options: ExpandOptions = {}): Dataset {
  if (training.inputSize !== IMAGE_PIXELS) {
    throw new InputError(`expandMnist needs 28×28 images (inputSize 784), got inputSize ${training.inputSize}`);
  }
  if (options.cacheDir !== undefined && (typeof options.cacheDir !== "string" || options.cacheDir.trim() === "")) {
    throw new InputError(
      `cacheDir ${JSON.stringify(options.cacheDir)} is not a folder: give a folder path, or leave cacheDir out for the package's data/`,
    );
  }
  const files = cacheFiles(options.cacheDir ?? path.join(projectRoot(), "data"), training);
  const cached = readCache(files, training.count);
  if (cached) return cached;
  const labels = expandLabels(training.labels);
  const bytes = asBytes(training.inputs);
  if (bytes === null) {
    const inputs = new Float32Array(training.inputs.length * EXPANSION_FACTOR);
    expandPixels(training.inputs, inputs, training.count, options.onProgress);
    return { count: labels.length, inputSize: IMAGE_PIXELS, inputs, labels };
  }
  const expanded = new Uint8Array(bytes.length * EXPANSION_FACTOR);
  expandPixels(bytes, expanded, training.count, options.onProgress);
  writeCache(files, expanded, labels);
  return toDataset(expanded, labels, 0, labels.length);
}

/**
 * Labels first: an images file without its labels is never taken for a complete cache. The cache
 * only saves time, so a folder we may not write (a read-only install, a full disk, a file in the
 * folder's place) is no error.
 */
function writeCache(files: { images: string; labels: string }, images: Uint8Array, labels: Uint8Array): void {
  try {
    makeFolder(path.dirname(files.labels));
    writeIdx(files.labels, [labels.length], labels);
    writeIdx(files.images, [labels.length, IMAGE_SIZE, IMAGE_SIZE], images);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // ENOENT: a new cache folder that could not be made (a read-only file system reports it so).
    if (!["EACCES", "EROFS", "ENOSPC", "EPERM", "EEXIST", "ENOTDIR", "ENOENT"].includes(code ?? "")) throw error;
  }
}
