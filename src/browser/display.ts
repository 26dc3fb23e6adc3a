/**
 * The page's worker version of ../notebook/display.ts (the exporter's bundler swaps it in): the same
 * functions, publishing each MIME bundle to the page instead of through tslab. UpdatableDisplay
 * (../notebook/updatable-display.ts) calls whichever displayBundle is in place, so it serves both.
 * The page renders the bundles with the exporter's own renderer, so a figure or check looks as it
 * does in the exported outputs.
 */

/** A Jupyter MIME bundle: MIME type -> data (strings, or JSON for `+json` types). */
export type MimeBundle = Record<string, unknown>;

export type Publish = (bundle: MimeBundle, displayId: string | undefined, update: boolean) => void;

let publish: Publish = () => {};

/** The worker sets where outputs go (a message to the page). */
export function setPublisher(next: Publish): void {
  publish = next;
}

/** In the page every output is rich: this is the notebook. */
export function inKernel(): boolean {
  return true;
}

export function setFallbackWrite(write: (text: string) => void): (text: string) => void {
  return write;
}

export function displayBundle(bundle: MimeBundle, displayId?: string, update = false): boolean {
  // As over the kernel's wire: JSON (typed arrays as the library's figures already convert them).
  publish(JSON.parse(JSON.stringify(bundle)) as MimeBundle, displayId, update);
  return true;
}
