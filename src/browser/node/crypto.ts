/**
 * `crypto` in the page's worker: randomBytes (output ids) from the browser's generator, and a
 * createHash whose digest names expandMnist's in-memory cache. The hash is FNV-1a (not SHA-256):
 * it only has to tell data sets apart within one page session.
 */
class Bytes extends Uint8Array {
  override toString(encoding?: string): string {
    if (encoding === "hex") return Array.from(this, (b) => b.toString(16).padStart(2, "0")).join("");
    return super.toString();
  }
}

export function randomBytes(n: number): Bytes {
  const bytes = new Bytes(n);
  globalThis.crypto.getRandomValues(bytes);
  return bytes;
}

export function createHash(_algorithm: string) {
  let h1 = 0x811c9dc5,
    h2 = 0x01000193 ^ 0x5bd1e995;
  const hash = {
    update(data: ArrayBufferView | string) {
      const bytes =
        typeof data === "string"
          ? new TextEncoder().encode(data)
          : new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
      for (let i = 0; i < bytes.length; i++) {
        h1 = Math.imul(h1 ^ bytes[i], 0x01000193);
        h2 = Math.imul(h2 ^ bytes[i], 0x5bd1e995);
      }
      return hash;
    },
    digest(_encoding: "hex") {
      const hex = (v: number) => (v >>> 0).toString(16).padStart(8, "0");
      return (hex(h1) + hex(h2)).repeat(4);
    },
  };
  return hash;
}
