/** `zlib` in the page's worker: gunzip through fflate (readIdx reads gzipped IDX files). */
import { gunzipSync as gunzip } from "fflate";

export function gunzipSync(bytes: Uint8Array): Uint8Array {
  return gunzip(bytes);
}
