/**
 * Test helper: pretend to be inside a tslab kernel by setting the real hook in tslab's jupyter
 * module (the one src/notebook/display.ts looks for), and record every output.
 */
import type { MimeBundle } from "../../../src/notebook/display";

export interface Captured {
  data: MimeBundle;
  displayId?: string;
  update: boolean;
}

const jupyter = require("tslab/dist/jupyter") as { lastWriteDisplayData: unknown };

/** Runs `fn` with the kernel hook installed; returns what it displayed. */
export async function captureDisplays(fn: () => unknown): Promise<Captured[]> {
  const captured: Captured[] = [];
  jupyter.lastWriteDisplayData = (
    content: { data: MimeBundle; transient: { display_id?: string } },
    update: boolean,
  ) => {
    captured.push({ data: content.data, displayId: content.transient.display_id, update });
  };
  try {
    await fn();
  } finally {
    jupyter.lastWriteDisplayData = null;
  }
  return captured;
}
