/**
 * Kernel → Interrupt for training. Jupyter interrupts a kernel with SIGINT; tslab turns that into a
 * rejection of the running cell ("Interrupted asynchronously"), but the training the cell started
 * would go on in the background, drawing its chart to the last epoch. So while a kernel runs, the
 * library counts SIGINTs, and sgd checks the count where it yields: between mini-batches (about
 * every 50 ms) on the plain engines, between epochs on the fast one (an epoch takes a fraction of a
 * second). A stopped sgd rejects with TrainingInterrupted, so the rest of the cell does not run.
 *
 * Outside a kernel (the CLI, tests) no SIGINT listener is installed: Ctrl-C keeps its usual meaning.
 */
import { OneLineError } from "../errors";

export class TrainingInterrupted extends OneLineError {
  override readonly name = "TrainingInterrupted";
}

let interrupts = 0;
let listening = false;

/** What the kernel's SIGINT does: every running sgd stops at its next check. */
export function requestInterrupt(): void {
  interrupts++;
}

const insideKernel = (): boolean => Object.keys(require.cache).some((p) => /[\\/]tslab[\\/]dist[\\/]executor\.js$/.test(p));

/** Starts watching (installing the SIGINT listener once, inside a kernel); the result says whether an interrupt came since. */
export function watchInterrupts(): () => boolean {
  if (!listening && insideKernel()) {
    process.on("SIGINT", requestInterrupt);
    listening = true;
  }
  const seen = interrupts;
  return () => interrupts !== seen;
}

/** How long the plain engines compute before giving the event loop (and so SIGINT) a turn. */
export const YIELD_EVERY_MS = 50;

export const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
