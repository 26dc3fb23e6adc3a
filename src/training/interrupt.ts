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

const insideKernel = (): boolean =>
  Object.keys(require.cache).some((p) => /[\\/]tslab[\\/]dist[\\/]executor\.js$/.test(p));

/**
 * Listens for SIGINT from now on. The course's kernel launcher calls this before any cell runs:
 * tslab runs a cell's synchronous part under `vm.runInThisContext(…, { breakOnSigint: true })`,
 * which takes the SIGINT listeners off while that part runs and resets the process's signal handler
 * after it. A listener first added in there (sgd is usually called there) never hears a signal:
 * measured, Kernel → Interrupt then killed the kernel (killed by SIGINT; JupyterLab restarted it).
 */
export function listenForInterrupts(): void {
  if (listening) return;
  listening = true;
  process.on("SIGINT", requestInterrupt);
}

/** How many sgd runs are watching now. */
let watching = 0;

/** Whether an sgd is running: the kernel launcher then lets it stop itself before tslab rejects the cell. */
export const trainingRunning = (): boolean => watching > 0;

/** Starts watching (listening for SIGINT once, inside a kernel); `interrupted` says whether an interrupt came since. */
export function watchInterrupts(): { interrupted: () => boolean; done: () => void } {
  if (!listening && insideKernel()) {
    // A kernel not started by the launcher: listen from the next tick, outside the cell's synchronous part.
    listening = true;
    setImmediate(() => process.on("SIGINT", requestInterrupt));
  }
  const seen = interrupts;
  watching++;
  let finished = false;
  return {
    interrupted: () => interrupts !== seen,
    done: () => {
      if (!finished) watching--;
      finished = true;
    },
  };
}
