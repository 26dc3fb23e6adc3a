/**
 * When to stop, and when to lower η (chapter 3, "How to choose a neural network's
 * hyper-parameters?"). Both watch the best evaluation accuracy so far.
 *  - Early stopping: stop after `earlyStopping` epochs without a new best ("no-improvement-in-n").
 *  - Schedule: after `patience` epochs without a new best, divide η by `factor` and start counting
 *    again; stop once η has dropped to η₀·minEtaFraction ("terminate when the learning rate has
 *    dropped to 1/128 of its original value").
 */
export class StoppingRule {
  private best = -Infinity;
  private sinceBest = 0; // epochs since the best accuracy (for early stopping)
  private sinceChange = 0; // epochs without improvement at the current η (for the schedule)

  constructor(
    private readonly eta0: number,
    private readonly earlyStopping?: number,
    private readonly schedule?: { patience: number; factor: number; minEtaFraction: number },
  ) {}

  /** Feeds one epoch's evaluation accuracy; returns the η for the next epoch or why to stop. */
  next(accuracy: number | undefined, eta: number): { eta: number; stop?: "early-stopping" | "schedule" } {
    if (accuracy === undefined) return { eta };
    if (accuracy > this.best) {
      this.best = accuracy;
      this.sinceBest = 0;
      this.sinceChange = 0;
    } else {
      this.sinceBest++;
      this.sinceChange++;
    }
    if (this.earlyStopping !== undefined && this.sinceBest >= this.earlyStopping)
      return { eta, stop: "early-stopping" };
    if (this.schedule && this.sinceChange >= this.schedule.patience) {
      this.sinceChange = 0;
      const lowered = eta / this.schedule.factor;
      // A relative tolerance, so η₀/2⁷ counts as having reached η₀/128 despite rounding.
      if (lowered <= this.eta0 * this.schedule.minEtaFraction * (1 + 1e-12)) return { eta: lowered, stop: "schedule" };
      return { eta: lowered };
    }
    return { eta };
  }
}
