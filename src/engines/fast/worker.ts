import { workerData } from "worker_threads";
import { Cell, attachControl } from "./barrier";
import { WORKER, runEpochShare } from "./team";
import { warmUp } from "./warm-up";
import { type SharedPlan, Workspace } from "./workspace";

/**
 * The second thread of the fast engine (see team.ts). It sleeps until the main thread bumps the
 * command cell, runs its share of that epoch in lockstep, and sleeps again; it never needs its event
 * loop, so it simply blocks.
 */
const { plan, control: buffer, hidden } = workerData as { plan: SharedPlan; control: SharedArrayBuffer; hidden: number };
const control = attachControl(buffer);
const { ints } = control;
const ws = Workspace.replicaOf(plan, 1); // replica 1 of the later layers

warmUp(plan.sizes, plan.batchSize, hidden, plan.firstLayer32);
Atomics.store(ints, Cell.Ready, 1);
Atomics.notify(ints, Cell.Ready);
let command = 0;
try {
  for (;;) {
    while (Atomics.load(ints, Cell.Command) === command) Atomics.wait(ints, Cell.Command, command);
    command = Atomics.load(ints, Cell.Command);
    if (Atomics.load(ints, Cell.Quit) !== 0) break;
    ws.data = {
      count: ints[Cell.DataCount], start: ints[Cell.DataStart], rows: ints[Cell.DataRows], val: ints[Cell.DataVal],
      labels: ints[Cell.DataLabels], order: ints[Cell.DataOrder],
    };
    runEpochShare(ws, control, WORKER);
  }
} catch (error) {
  Atomics.store(ints, Cell.Failed, 1);
  Atomics.notify(ints, Cell.WorkerPhase); // the main thread sleeps on our phase cell
  throw error;
}
