import { type MessagePort, receiveMessageOnPort, workerData } from "worker_threads";
import { Cell, GATHER, TOUCH, attachControl, reportFailure } from "./barrier";
import { WORKER, dataPlanIn, gatherShare, runEpochShare, touchShare } from "./team";
import { warmUp } from "./warm-up";
import { ACTIVATION_CODES } from "./wat";
import { type SharedPlan, Workspace } from "./workspace";

/**
 * The second thread of the fast engine (see team.ts). It sleeps until the main thread bumps the
 * command cell, runs its share of that epoch in lockstep, and sleeps again; it never needs its event
 * loop, so it simply blocks. It lives as long as the process's pool (pool.ts) keeps it: when the main
 * thread moves on to another workspace, the new plan arrives on `port` before the command.
 */
const {
  plan,
  control: buffer,
  hidden,
  port,
} = workerData as { plan: SharedPlan | null; control: SharedArrayBuffer; hidden?: number; port: MessagePort };
const control = attachControl(buffer);
const { ints } = control;
const attach = (p: SharedPlan): Workspace => Workspace.replicaOf(p, 1); // replica 1 of the later layers
let ws = plan ? attach(plan) : null; // none yet when the pool starts this worker early (pool.ts prestartPool)

// Without a plan, warm up on the book's most common shape: the code V8 optimizes is the same for any.
warmUp(
  plan?.sizes ?? [784, 30, 10],
  plan?.batchSize ?? 10,
  hidden ?? ACTIVATION_CODES.sigmoid,
  plan?.firstLayer32 ?? false,
);
Atomics.store(ints, Cell.Ready, 1);
Atomics.notify(ints, Cell.Ready);
let command = 0;
try {
  for (;;) {
    while (Atomics.load(ints, Cell.Command) === command) Atomics.wait(ints, Cell.Command, command);
    command = Atomics.load(ints, Cell.Command);
    if (Atomics.load(ints, Cell.Quit) !== 0) break;
    if (Atomics.load(ints, Cell.Replan) !== 0) {
      ws = attach(nextPlan());
      Atomics.store(ints, Cell.Replan, 0);
    }
    if (!ws) throw new Error("a command came before any workspace's plan");
    if (ints[Cell.Task] === GATHER) {
      gatherShare(ws, control);
      continue;
    }
    if (ints[Cell.Task] === TOUCH) {
      touchShare(ws, control);
      continue;
    }
    ws.data = dataPlanIn(ints);
    runEpochShare(ws, control, WORKER);
  }
} catch (error) {
  reportFailure(control, error); // the main thread throws it as one line; the worker then ends
}

/** The plan posted just before the command (postMessage queues it at once; the wait is for safety). */
function nextPlan(): SharedPlan {
  for (;;) {
    const received = receiveMessageOnPort(port);
    if (received) return (received.message as { plan: SharedPlan }).plan;
    Atomics.wait(ints, Cell.Quit, 0, 1);
  }
}
