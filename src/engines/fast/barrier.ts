/**
 * The control block two threads share: where each one has got to, the epoch's parameters, and a
 * two-party barrier. Each thread publishes a phase number that only ever grows; waiting for the
 * partner means waiting until the partner's number has reached ours. A mini-batch takes tens of
 * microseconds, so we spin first (waking a sleeping thread costs about as much as a whole batch)
 * and only fall back to sleeping in Atomics.wait when the partner is slow — e.g. descheduled on a
 * busy machine — so a stall costs a futex wake-up, not a burned core.
 */
export const enum Cell {
  MainPhase = 0,
  WorkerPhase = 1,
  Command = 2, // bumped by the main thread to start an epoch; -1 = quit
  Ready = 3, // the worker has started
  MainSleeping = 4,
  WorkerSleeping = 5,
  // the epoch's parameters
  PhaseBase = 6,
  Count = 7, // images in the epoch
  BatchSize = 8,
  Split = 9, // first column of the first layer that the worker updates
  Output = 10, // OutputKind index
  L1 = 11,
  DataStart = 12,
  DataRows = 13,
  DataVal = 14,
  DataLabels = 15,
  DataOrder = 16,
  DataCount = 17,
  Failed = 18, // the worker hit an error
  Quit = 19, // the worker should end
  From = 20, // the run covers order positions [From, Count)
  Hidden = 21, // the hidden activation (ACTIVATION_CODES)
}
export const enum Real {
  Eta = 0,
  Lambda = 1,
  TrainingSize = 2,
  Momentum = 3,
}

const INTS = 32;
const REALS = 8;

export interface Control {
  ints: Int32Array;
  reals: Float64Array;
}

export function newControl(): Control {
  const buffer = new SharedArrayBuffer(INTS * 4 + REALS * 8);
  return attachControl(buffer);
}

export function attachControl(buffer: SharedArrayBuffer): Control {
  return { ints: new Int32Array(buffer, 0, INTS), reals: new Float64Array(buffer, INTS * 4, REALS) };
}

const SPINS = 5000; // ≈ 5–10 µs of polling (a typical imbalance between the threads) before sleeping

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
    if (Atomics.load(ints, Cell.Failed) !== 0) throw new Error("fast engine: the worker thread failed (see its error above)");
    Atomics.store(ints, sleepingCell, 1);
    // Re-check after raising the flag: the partner may have published just before seeing it.
    if (Atomics.load(ints, cell) === seen) Atomics.wait(ints, cell, seen, 50);
    Atomics.store(ints, sleepingCell, 0);
  }
}
