import { Team } from "./team";
import type { Workspace } from "./workspace";

/**
 * What the fast engine keeps between sgd calls in one process, so a notebook's tenth short run
 * starts as fast as its first steady epoch: the worker thread (its start and warm-up cost
 * ~0.2–0.3 s) and the last few workspaces — WebAssembly memory with the data set already loaded
 * (~0.1 s for MNIST's 50,000 images). Neither keeps the process alive: the worker is unref'd and
 * only ever blocks in Atomics.wait, so a script, the CLI or a test exits when its own work is done.
 *
 * Runs never overlap (an epoch is synchronous), so one worker serves every engine in turn; a
 * workspace is lent to one engine at a time (take … park).
 */
let team: Team | null = null;
let workerFailedToStart = false;
const parked: Workspace[] = []; // least recently used first

/** Workspaces kept: a notebook alternating between two network shapes (or data sets) reuses both. */
const PARKED = 2;

/** A parked workspace that `fits`, now lent to the caller; null if none fits. */
export function takeWorkspace(fits: (ws: Workspace) => boolean): Workspace | null {
  const i = parked.findIndex(fits);
  return i < 0 ? null : parked.splice(i, 1)[0];
}

/** Gives a workspace back for a later run (the oldest one goes when more than PARKED wait). */
export function parkWorkspace(ws: Workspace): void {
  if (!parked.includes(ws)) parked.push(ws);
  while (parked.length > PARKED) parked.shift();
}

/**
 * The process's worker, once it is ready; null while it is still starting (then the main thread
 * trains alone — a worker's start and warm-up overlap the first epoch's own start instead of
 * delaying it) or if it cannot start. The first call starts it, in workspace `ws`; with `wait`
 * (two threads asked for outright, not measured) it waits for the worker to be ready.
 */
export function sharedTeam(ws: Workspace, wait = false): Team | null {
  startTeam(ws);
  if (wait && team && !team.waitUntilReady()) startTeam(ws); // (a failed start is noted, and not retried)
  return team?.ready() ? team : null;
}

/** Starts the worker if there is none (it warms up on its own thread); call early, it does not wait. */
export function startTeam(ws: Workspace | null): void {
  if (team && (team.broken || team.failed())) {
    if (!team.started()) workerFailedToStart = true; // failed before it was ever ready: no worker threads here
    discardTeam();
  }
  if (team || workerFailedToStart) return;
  try {
    team = new Team(ws);
    workersStarted++;
  } catch {
    workerFailedToStart = true; // no worker threads in this host: every run stays on one thread
  }
}

/**
 * Starts the worker before any run, with no workspace yet. The fast engine calls it when it is
 * loaded — as BLAS libraries start their threads at import — so the worker boots and warms up
 * (~0.1 s of the other core) while the process does what comes before training, such as loading
 * MNIST (~0.2 s). Measured (Xeon, [784, 30, 10]): started only at the first epoch, the worker was
 * ready ~0.1 s into it; started here, it is ready at the epoch's start and copies half of its
 * stream (33 → 22 ms). An idle worker costs its memory (+15 MB resident) and nothing else: a
 * script that only imports the library still exits at once (0.08 s against 0.07 s with one thread).
 */
export function prestartPool(): void {
  startTeam(null);
}

let workersStarted = 0;

/** How many worker threads this process has started (tests: the pool reuses one). */
export const workerStarts = (): number => workersStarted;

/** Ends the worker (the next two-thread run starts a new one). */
export function discardTeam(): void {
  team?.dispose();
  team = null;
}

/** Ends the worker and drops the parked workspaces: for tests, or a host that wants its memory back. */
export function shutdownPool(): void {
  discardTeam();
  parked.length = 0;
}
