/**
 * Two threads are only faster while both get a core: on a busy machine a descheduled partner
 * stalls every barrier, and two threads can be many times slower than one. So the epoch runs in
 * timed chunks and each chunk goes to whichever way (one thread or two) has been faster lately.
 * The slower way is re-tried now and then on a short chunk, less often each time it loses again.
 * A new worker's first chunk is not timed: even after its warm-up (warm-up.ts) its first real
 * batches run slower (cold caches, the last tier-ups), which would be an unfair comparison.
 * Both ways do identical arithmetic, so this choice never changes the results.
 */
export class Pace {
  private one = NaN; // ms per image, smoothed
  private two = NaN;
  private sinceProbe = 0;
  private probeEvery = 4; // chunks between tries of the slower way; doubles after each loss, up to 16 (≈ once an epoch)
  private probing = false;
  private teamWarm = false;

  constructor(private readonly adaptive = true) {}

  /** A new worker thread: warm it up before timing it. */
  newTeam(): void {
    this.teamWarm = false;
    this.two = NaN;
  }

  nextIsTeam(): boolean {
    if (!this.adaptive) return true;
    if (Number.isNaN(this.one)) return false;
    const teamIsFaster = !(this.two >= this.one); // untried (NaN) counts as faster: try it
    this.probing = !Number.isNaN(this.two) && ++this.sinceProbe >= this.probeEvery;
    if (this.probing) this.sinceProbe = 0;
    return this.probing ? !teamIsFaster : teamIsFaster;
  }

  /** Mini-batches in the next chunk: shorter when trying the slower way. */
  chunkBatches(team: boolean): number {
    if (team && !this.teamWarm) return 250;
    return this.probing ? 50 : 250;
  }

  /** For the benchmark: smoothed µs per image each way, and the share of images done on two threads. */
  summary(): { oneThreadMicros: number; twoThreadMicros: number; twoThreadShare: number } {
    return { oneThreadMicros: 1000 * this.one, twoThreadMicros: 1000 * this.two, twoThreadShare: this.teamImages / Math.max(1, this.images) };
  }

  private images = 0;
  private teamImages = 0;

  record(team: boolean, msPerImage: number, images = 0): void {
    this.images += images;
    if (team) this.teamImages += images;
    if (team && !this.teamWarm) {
      this.teamWarm = true; // the warm-up chunk: not a fair measurement
      return;
    }
    const old = team ? this.two : this.one;
    const next = Number.isNaN(old) ? msPerImage : 0.5 * old + 0.5 * msPerImage;
    if (team) this.two = next;
    else this.one = next;
    if (this.probing) {
      const probeWon = team ? this.two < this.one : this.one < this.two;
      this.probeEvery = probeWon ? 4 : Math.min(16, this.probeEvery * 2);
    }
  }
}
