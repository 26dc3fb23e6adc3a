/**
 * `fs` in the page's worker: an in-memory file system. The library reads MNIST through it (the site's
 * bundled copy is placed under mnistDataDir() when the page hands it over), and what it writes
 * (saveNetwork, expandMnist's cache) stays in memory for the session and is offered to the page as a
 * download (see onFileWritten). Only the calls the library makes are provided.
 */
import { resolve } from "./path";

/** Relative paths start where a notebook's kernel starts: in the course's notebooks/ folder. */
export const CWD = "/nndl/notebooks";
const at = (file: string): string => resolve(CWD, file);

const files = new Map<string, Uint8Array>();
const folders = new Set<string>(["/", "/nndl", CWD, "/nndl/data"]);
const descriptors = new Map<number, { path: string; chunks: Uint8Array[] }>();
let nextDescriptor = 3;

/** Called with every file the library writes (its final name and bytes); the worker offers it as a download. */
let written: (file: string, bytes: Uint8Array) => void = () => {};
export function onFileWritten(callback: (file: string, bytes: Uint8Array) => void): void {
  written = callback;
}

/** Puts a file in place without announcing it (data the page provides). */
export function provideFile(file: string, bytes: Uint8Array): void {
  const where = at(file);
  addFolders(where);
  files.set(where, bytes);
}

function addFolders(file: string): void {
  for (let d = parent(file); !folders.has(d); d = parent(d)) folders.add(d);
}

function parent(p: string): string {
  const i = p.lastIndexOf("/");
  return i <= 0 ? "/" : p.slice(0, i);
}

function missing(syscall: string, file: string): Error {
  return Object.assign(
    new Error(`ENOENT: no such file or directory, ${syscall} '${file}' (the page's in-memory file system)`),
    { code: "ENOENT" },
  );
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const bytesOf = (data: string | Uint8Array): Uint8Array => (typeof data === "string" ? encoder.encode(data) : data);

export function readFileSync(file: string, options?: string | { encoding?: string }): Uint8Array | string {
  const bytes = files.get(at(file));
  if (!bytes) throw missing("open", file);
  const encoding = typeof options === "string" ? options : options?.encoding;
  return encoding ? decoder.decode(bytes) : bytes;
}

export function writeFileSync(file: string, data: string | Uint8Array): void {
  const where = at(file);
  if (!folders.has(parent(where))) throw missing("open", file);
  files.set(where, bytesOf(data));
  written(where, bytesOf(data));
}

export function existsSync(file: string): boolean {
  const where = at(file);
  return files.has(where) || folders.has(where);
}

export function mkdirSync(dir: string): void {
  const where = at(dir);
  addFolders(where + "/x");
}

export function statSync(file: string): { size: number; mtimeMs: number; isFile(): boolean; isDirectory(): boolean } {
  const where = at(file);
  const bytes = files.get(where);
  if (!bytes && !folders.has(where)) throw missing("stat", file);
  return { size: bytes?.length ?? 0, mtimeMs: 0, isFile: () => !!bytes, isDirectory: () => !bytes };
}

export function readdirSync(dir: string): string[] {
  const prefix = at(dir).replace(/\/?$/, "/");
  const names = new Set<string>();
  for (const p of [...files.keys(), ...folders])
    if (p.startsWith(prefix) && p !== prefix) names.add(p.slice(prefix.length).split("/")[0]);
  return [...names].sort();
}

export function openSync(file: string): number {
  const where = at(file);
  if (!folders.has(parent(where))) throw missing("open", file);
  descriptors.set(nextDescriptor, { path: where, chunks: [] });
  return nextDescriptor++;
}

export function writeSync(fd: number, bytes: Uint8Array, offset = 0): number {
  const open = descriptors.get(fd);
  if (!open) throw new Error(`EBADF: bad file descriptor ${fd}`);
  open.chunks.push(bytes.slice(offset));
  return bytes.length - offset;
}

export function closeSync(fd: number): void {
  const open = descriptors.get(fd);
  if (!open) return;
  descriptors.delete(fd);
  const total = open.chunks.reduce((n, c) => n + c.length, 0);
  const bytes = new Uint8Array(total);
  let at = 0;
  for (const c of open.chunks) {
    bytes.set(c, at);
    at += c.length;
  }
  files.set(open.path, bytes);
}

export function fsyncSync(): void {}

export function renameSync(from: string, to: string): void {
  const bytes = files.get(at(from));
  if (!bytes) throw missing("rename", from);
  files.delete(at(from));
  files.set(at(to), bytes);
  written(at(to), bytes);
}

export function rmSync(file: string, options?: { force?: boolean }): void {
  if (!files.delete(at(file)) && !options?.force) throw missing("rm", file);
}
export const unlinkSync = (file: string): void => rmSync(file);
