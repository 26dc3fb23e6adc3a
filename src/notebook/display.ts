/**
 * The one place that talks to tslab's display machinery.
 *
 * tslab's public API (`tslab.display.html(…)`, `tslab.newDisplay()`) sends ONE MIME type per output.
 * A figure needs several in one output (Plotly JSON for native renderers, HTML for everyone else,
 * plain text for terminals), so we call the hook the kernel itself uses for that public API:
 * `require("tslab/dist/jupyter").lastWriteDisplayData(content, update)`. It is internal (tslab 1.0.22),
 * so this file is the only user, and it degrades to printing `text/plain` when the hook is absent
 * (outside a kernel, in tests, in the CLI, or if a future tslab renames it).
 */

/**
 * A Jupyter MIME bundle, what one output carries: MIME type → content (text types hold strings,
 * JSON types such as `application/vnd.plotly.v1+json` hold objects). The one definition, shared by
 * what the library displays and what the tools read from and write to .ipynb files.
 */
export type MimeBundle = Record<string, unknown>;

type WriteDisplayData = (
  content: { data: MimeBundle; metadata: Record<string, unknown>; transient: { display_id?: string } },
  update: boolean,
) => void;

/**
 * tslab's hook for the cell being executed, or null outside a kernel. We look in require.cache
 * rather than `require("tslab/dist/jupyter")` so that we find the copy the kernel actually loaded,
 * even if this library resolves a different tslab install.
 */
function kernelHook(): WriteDisplayData | null {
  for (const [path, mod] of Object.entries(require.cache)) {
    if (!/tslab[\\/]dist[\\/]jupyter\.js$/.test(path)) continue;
    const hook = (mod?.exports as { lastWriteDisplayData?: unknown } | undefined)?.lastWriteDisplayData;
    if (typeof hook === "function") return hook as WriteDisplayData;
  }
  return null;
}

/** True inside a running tslab kernel (rich outputs go to the notebook). */
export function inKernel(): boolean {
  return kernelHook() !== null;
}

/** Where output goes outside a kernel; tests replace it to capture what would be printed. */
let fallbackWrite: (text: string) => void = (text) => {
  process.stdout.write(text.endsWith("\n") ? text : text + "\n");
};

/** Replace the non-kernel writer (tests); returns the previous one so it can be restored. */
export function setFallbackWrite(write: (text: string) => void): (text: string) => void {
  const previous = fallbackWrite;
  fallbackWrite = write;
  return previous;
}

/**
 * Show one output carrying every MIME type in `bundle`. Returns true when it went to a notebook,
 * false when we were outside a kernel and printed `text/plain` instead.
 */
export function displayBundle(bundle: MimeBundle, displayId?: string, update = false): boolean {
  const hook = kernelHook();
  if (hook === null) {
    // In a terminal an update is simply the next line (a live chart prints one line per epoch).
    fallbackWrite(String(bundle["text/plain"] ?? ""));
    return false;
  }
  hook({ data: bundle, metadata: {}, transient: displayId ? { display_id: displayId } : {} }, update);
  return true;
}
