/**
 * Two threads are only faster while both get a core: on a busy machine a descheduled partner
 * stalls every barrier, and two threads can be many times slower than one. So the epoch runs in
 * timed chunks and each chunk goes to whichever way (one thread or two) has been faster lately.
 * The slower way is re-tried now and then on a short chunk, less often each time it loses again.
 *
 * Measurements are noisy in one direction only: a disturbance (another process, a core waking
 * from idle, a collector pause) makes a chunk slower, never faster. So each way is judged by the
 * best of its last few chunks, not by an average, which one bad probe would ruin for the rest of
 * the epoch. Measured on this 2-core VM, [784,30,10]: two-thread probes took 1.8–6.6 µs per image
 * against 1.6 in steady state and 2.3 on one thread; averaged, two threads never won again.
 * Two more biases are removed at the source:
 *  - a new worker's first chunk is not timed: even after its warm-up (warm-up.ts) its first real
 *    batches run slower (cold caches, the last tier-ups);
 *  - nor are the first batches after a switch of way (settleBatches): waking the worker and moving
 *    its weight panel between the cores' caches is paid once per switch, not per image.
 * Both ways do identical arithmetic, so this choice never changes the results.
 */
export class Pace {
  private readonly recent = { one: [] as number[], two: [] as number[] }; // ms per image, newest last
  private sinceProbe = 0;
  private probeEvery = 4; // chunks between tries of the slower way; doubles after each loss, up to 16 (≈ once an epoch)
  private probing = false;
  private teamWarm = false;
  private images = 0;
  private teamImages = 0;
  private last: boolean | null = null; // the previous chunk's way

  constructor(private readonly adaptive = true) {}

  /**
   * A worker thread this Pace has not used yet: warm it up before timing it, unless it is already
   * warm (the pool's worker, after earlier runs in this process: WARM_UP_BATCHES done).
   */
  newTeam(batchesRun = 0): void {
    this.teamWarm = batchesRun >= WARM_UP_BATCHES;
    this.recent.two = [];
  }

  nextIsTeam(): boolean {
    if (!this.adaptive) return true;
    const one = this.estimate(false);
    const two = this.estimate(true);
    if (Number.isNaN(one)) return false;
    const teamIsFaster = !(two >= one); // untried (NaN) counts as faster: try it
    this.probing = !Number.isNaN(two) && ++this.sinceProbe >= this.probeEvery;
    if (this.probing) this.sinceProbe = 0;
    return this.probing ? !teamIsFaster : teamIsFaster;
  }

  /** Mini-batches in the next chunk: shorter when trying the slower way. */
  chunkBatches(team: boolean): number {
    if (team && !this.teamWarm) return WARM_UP_BATCHES;
    return this.probing ? 50 : 250;
  }

  /** Leading mini-batches of the next chunk to leave untimed: some after a switch of way, none otherwise. */
  settleBatches(team: boolean): number {
    return team === this.last ? 0 : SETTLE_BATCHES;
  }

  /** For the benchmark: µs per image each way (best of the last few chunks), and the share of images done on two threads. */
  summary(): { oneThreadMicros: number; twoThreadMicros: number; twoThreadShare: number } {
    return {
      oneThreadMicros: 1000 * this.estimate(false),
      twoThreadMicros: 1000 * this.estimate(true),
      twoThreadShare: this.teamImages / Math.max(1, this.images),
    };
  }

  /**
   * One chunk's measurement: ms per image over its timed part; `images` counts the whole chunk
   * (settling included).
   */
  record(team: boolean, msPerImage: number, images = 0): void {
    this.last = team;
    this.images += images;
    if (team) this.teamImages += images;
    if (team && !this.teamWarm) {
      this.teamWarm = true; // the warm-up chunk: not a fair measurement
      return;
    }
    const recent = team ? this.recent.two : this.recent.one;
    recent.push(msPerImage);
    if (recent.length > REMEMBERED) recent.shift();
    if (this.probing) {
      const probeWon = this.estimate(team) < this.estimate(!team);
      this.probeEvery = probeWon ? 4 : Math.min(16, this.probeEvery * 2);
    }
  }

  /** ms per image for a way: the best of its last REMEMBERED chunks (NaN before its first). */
  private estimate(team: boolean): number {
    const recent = team ? this.recent.two : this.recent.one;
    return recent.length === 0 ? NaN : Math.min(...recent);
  }
}

/** A new worker's first chunk, untimed. */
export const WARM_UP_BATCHES = 250;

/** Chunks remembered per way: a way that has really slowed down loses within this many chunks. */
const REMEMBERED = 3;

/** Batches run untimed after a switch: a probe is 50 batches, so 40 are timed. */
const SETTLE_BATCHES = 10;
