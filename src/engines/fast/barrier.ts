/**
 * The control block two threads share: where each one has got to, the epoch's parameters, and a
 * two-party barrier. Each thread publishes a phase number that only ever grows; waiting for the
 * partner means waiting until the partner's number has reached ours. A mini-batch takes tens of
 * microseconds, so we spin first (waking a sleeping thread costs about as much as a whole batch)
 * and only fall back to sleeping in Atomics.wait when the partner is slow — e.g. descheduled on a
 * busy machine — so a stall costs a futex wake-up, not a burned core.
 */
export const enum Cell {
  // Each thread's barrier cells in a cache line of their own (16 int32 = 64 bytes): a thread
  // stores to its line at every barrier while the other spins reading it; sharing one line with
  // the partner's cells would bounce it between the cores twice more per mini-batch.
  MainPhase = 0,
  MainSleeping = 1,
  WorkerPhase = 16,
  WorkerSleeping = 17,
  // Written before an epoch's run, read by both (the third line)
  Command = 32, // bumped by the main thread to start an epoch
  Ready = 33, // the worker has started
  PhaseBase = 34,
  Count = 35, // the run covers order positions [From, Count)
  BatchSize = 36,
  Split = 37, // first column of the first layer that the worker updates
  Output = 38, // OutputKind index
  L1 = 39,
  DataStart = 40,
  DataRows = 41,
  DataVal = 42,
  DataLabels = 43,
  DataOrder = 44,
  DataCount = 45,
  Failed = 46, // the worker hit an error
  Quit = 47, // the worker should end
  From = 48,
  Hidden = 49, // the hidden activation (ACTIVATION_CODES)
  Replan = 50, // 1: a new workspace's plan waits on the worker's port (pool.ts reuses the worker)
  MessageLength = 51, // bytes of the worker's error message in `text`
  Task = 52, // what the command asks: TRAIN (runEpochShare), GATHER (gatherShare) or TOUCH (touchShare)
  // GATHER: the stream's regions (workspace.ts streamInOrder) and the worker's range of positions
  ToStart = 53,
  ToRows = 54,
  ToVal = 55,
  ToLabels = 56,
  GatherFrom = 57,
  GatherTo = 58,
  GatherAt = 59, // byte offset in the stream of the range's first nonzero
  // TOUCH: new memory for the worker to touch while the main thread loads the data (Team.touch)
  TouchAt = 60,
  TouchBytes = 61,
}
export const TRAIN = 0;
export const GATHER = 1;
export const TOUCH = 2;
export const enum Real {
  Eta = 0,
  Lambda = 1,
  TrainingSize = 2,
  Momentum = 3,
}

const INTS = 64;
const REALS = 8;
const TEXT = 512; // the worker's error message, UTF-8 (its 'error' event would only arrive after the epoch)

export interface Control {
  ints: Int32Array;
  reals: Float64Array;
  text: Uint8Array;
}

export function newControl(): Control {
  const buffer = new SharedArrayBuffer(INTS * 4 + REALS * 8 + TEXT);
  return attachControl(buffer);
}

export function attachControl(buffer: SharedArrayBuffer): Control {
  return {
    ints: new Int32Array(buffer, 0, INTS),
    reals: new Float64Array(buffer, INTS * 4, REALS),
    text: new Uint8Array(buffer, INTS * 4 + REALS * 8, TEXT),
  };
}

/** The worker's side of a failure: its message where the main thread can read it, then the Failed flag. */
export function reportFailure(control: Control, error: unknown): void {
  const message = String(error instanceof Error ? error.message : error).split("\n")[0];
  // `written` is optional in older TypeScript libs (tslab's 5.0.4, which `npx tsc` runs); always set in Node.
  const { written = 0 } = new TextEncoder().encodeInto(message, control.text);
  Atomics.store(control.ints, Cell.MessageLength, written);
  Atomics.store(control.ints, Cell.Failed, 1);
  Atomics.notify(control.ints, Cell.WorkerPhase); // the main thread may sleep on our phase cell
}

/** The main thread's side: the one-line error to throw. */
export function workerFailure(control: Control): Error {
  const length = Atomics.load(control.ints, Cell.MessageLength);
  const message = new TextDecoder().decode(control.text.slice(0, length)) || "it stopped without a message";
  return new Error(`fast engine: the worker thread failed: ${message}`);
}

const SPINS = 5000; // ≈ 28 µs of polling on the Xeon VM (measured) before sleeping: a few mini-batches' worth of imbalance

/** Announces that `self` reached `phase` and waits until `other` has too. */
export function barrier(ints: Int32Array, self: Cell, other: Cell, phase: number): void {
  Atomics.store(ints, self, phase);
  const otherSleeping = other === Cell.MainPhase ? Cell.MainSleeping : Cell.WorkerSleeping;
  if (Atomics.load(ints, otherSleeping) !== 0) Atomics.notify(ints, self);
  waitFor(ints, other, phase, self === Cell.MainPhase ? Cell.MainSleeping : Cell.WorkerSleeping);
}

/** Waits until ints[cell] ≥ target: spin, then sleep (flagging `sleepingCell` so the partner wakes us). */
export function waitFor(ints: Int32Array, cell: Cell, target: number, sleepingCell: Cell): void {
  for (let i = 0; i < SPINS; i++) if (Atomics.load(ints, cell) >= target) return;
  for (;;) {
    const seen = Atomics.load(ints, cell);
    if (seen >= target) return;
    if (Atomics.load(ints, Cell.Failed) !== 0)
      throw new Error("fast engine: the worker thread failed (see its error above)");
    Atomics.store(ints, sleepingCell, 1);
    // Re-check after raising the flag: the partner may have published just before seeing it.
    if (Atomics.load(ints, cell) === seen) Atomics.wait(ints, cell, seen, 50);
    Atomics.store(ints, sleepingCell, 0);
  }
}
