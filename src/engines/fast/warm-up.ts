import { MessageChannel, receiveMessageOnPort } from "worker_threads";
import type { EpochHyper } from "../engine";
import { Cell, newControl } from "./barrier";
import { WORKER, dataPlanIn, describeRun, runEpochShare } from "./team";
import type { SparseInput } from "../../sparse-input";
import { type SharedPlan, Workspace } from "./workspace";

/**
 * Runs a new worker's per-batch code on throw-away networks and made-up inputs, so V8 has
 * optimized it (JavaScript and WebAssembly start in baseline tiers) before the worker's first real
 * mini-batch. Without this a fresh worker is several times slower for its first thousands of
 * batches, and Pace would judge two threads by that. Takes a few tens of milliseconds, once.
 *
 * V8 optimizes for the objects it has seen and drops the optimized code (a "deoptimization") when
 * others arrive; it then recompiles it, in a background thread that takes a core from the two
 * training threads. So the warm-up goes down the real path with objects of the real kinds:
 *  - its workspaces reach it as the real one does, posted (a posted plan's objects and memory have
 *    other hidden classes than ones made in this thread: "wrong map");
 *  - two workspaces, used in turn: each has its own WebAssembly instance, so every kernel call sees
 *    two targets and is compiled as a call to any target (warmed up on one, the real workspace's
 *    first batch was a "wrong call target");
 *  - runEpochShare itself, from a control block filled as Team.run fills it, with the main thread's
 *    phase set far ahead so that the barrier never waits.
 */
export function warmUp(sizes: readonly number[], batchSize: number, hidden: number, firstLayer32: boolean): void {
  const count = 4 * batchSize;
  const spaces = [0, 1].map(() => warmUpSpace(sizes, batchSize, hidden, firstLayer32, count));
  const hyper: EpochHyper = {
    eta: 0.01,
    batchSize,
    lambda: 0,
    regularization: "L2",
    trainingSize: count,
    momentum: 0,
    dropout: 0,
  };
  const control = newControl();
  control.ints[Cell.MainPhase] = 0x7fffffff; // the partner is always ahead: barriers return at once
  for (let round = 0; round < 500; round++) {
    const ws = spaces[round & 1];
    describeRun(control, ws, hyper, "sigmoid-quadratic", ws.layers[0].panel, 0, count, 0);
    ws.data = dataPlanIn(control.ints);
    runEpochShare(ws, control, WORKER);
  }
}

/** A throw-away workspace with made-up inputs, as the worker sees a real one: replica 1 of a posted plan. */
function warmUpSpace(
  sizes: readonly number[],
  batchSize: number,
  hidden: number,
  firstLayer32: boolean,
  count: number,
): Workspace {
  const made = Workspace.create({ sizes, batchSize, momentum: false, threads: 2, firstLayer32 });
  const { sparse, labels } = madeUpInputs(count, sizes[0], sizes[sizes.length - 1]);
  made.loadData(sparse, labels);
  made.setOrder(Uint32Array.from({ length: count }, (_, i) => i));
  const ws = Workspace.replicaOf(posted(made.shared()), 1);
  ws.hidden = hidden;
  ws.data = made.data;
  return ws;
}

/** A plan as it arrives from another thread: through a message port (structured clone). */
function posted(plan: SharedPlan): SharedPlan {
  const { port1, port2 } = new MessageChannel();
  port1.postMessage({ plan });
  const received = receiveMessageOnPort(port2)!.message as { plan: SharedPlan };
  port1.close();
  return received.plan;
}

/** `count` examples with every 5th input set (about MNIST's share of inked pixels). */
function madeUpInputs(count: number, inputs: number, classes: number): { sparse: SparseInput; labels: Uint8Array } {
  const perExample = Math.ceil(inputs / 5);
  const start = Uint32Array.from({ length: count + 1 }, (_, i) => i * perExample);
  const idx = Uint16Array.from({ length: count * perExample }, (_, p) => ((p % perExample) * 5 + (p % 3)) % inputs);
  const val = Float32Array.from({ length: count * perExample }, (_, p) => ((p * 37) % 255) / 255);
  const labels = Uint8Array.from({ length: count }, (_, i) => i % classes);
  return { sparse: { count, start, idx, val }, labels };
}
