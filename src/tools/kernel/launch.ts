/**
 * The course's kernel, as the kernelspec starts it: tslab, in this process, with its server fixed
 * before it binds a socket or answers a message — so every client gets the fixes (JupyterLab,
 * Notebook, VS Code, nbconvert, our runner), not only those whose notebook has imported "nndl".
 *
 *   node dist/tools/kernel/launch.js kernel --config-path CONNECTION_FILE   (tslab's own arguments)
 *
 * 1. Busy until everything is done. tslab does not await one shell request before reading the next:
 *    a Run All's requests all publish "busy" at once, and each publishes "idle" when it finishes, so
 *    front ends showed Idle while the later cells still ran (87–98% of a Run All). A request's own
 *    "idle" must still be sent (clients wait for it to know its outputs are complete), so when one
 *    finishes while others are in flight, "busy" is published again right after it, on behalf of the
 *    oldest of them.
 * 2. No start-up race. tslab binds its five sockets at once; a request reaching the shell socket
 *    before iopub is bound made the status publish fail with EBUSY ("Socket is blocked by a bind or
 *    unbind operation"), losing that status or killing the kernel. Here the other sockets bind only
 *    once iopub has, so no request can arrive before the kernel can answer it.
 * 3. Lossless output (../../notebook/iopub-queue): also what `import "nndl"` applies, applied here
 *    before the first cell.
 * 4. Kernel → Interrupt stops training instead of killing the kernel: the library's SIGINT listener
 *    (../../training/interrupt) is added here, before any cell; added inside a cell it was lost. And
 *    while an sgd runs, tslab's own answer to SIGINT (rejecting the cell at once with "Interrupted
 *    asynchronously" and a stack) waits up to INTERRUPT_GRACE_MS, so the cell ends with sgd's one
 *    line, "training interrupted at epoch k, mini-batch j of n".
 * 5. Ends with its parent. A kernel whose starter dies without shutting it down (a script killed by
 *    SIGKILL or an unhandled SIGTERM, a crashed Jupyter server) ran on as an orphan, a core busy if a
 *    cell was looping. Like Jupyter's Python kernel (ipykernel's ParentPollerUnix), it now checks its
 *    parent every second and exits once the parent is gone.
 * 6. A cell that throws keeps what it declared, as in Jupyter's Python kernel. tslab type-checks each
 *    cell against the declarations of the cells that succeeded, so after a cell failed at run time
 *    (a check that found a wrong answer, a stub's "Not done yet") every later cell that used one of
 *    its names failed with "Cannot find name" — in a graded run, later exercises lost with the one
 *    that was wrong. Names assigned before the throw keep their values; any after it are undefined.
 *    A cell that does not compile still declares nothing (none of it ran).
 * tslab's SIGINT handling (Kernel → Interrupt) is unchanged: this is the process Jupyter signals.
 */
import * as path from "node:path";
import { makeKernelOutputLossless } from "../../notebook/iopub-queue";
import { listenForInterrupts, trainingRunning } from "../../training/interrupt";

/** The part of tslab's ZmqServer (tslab/dist/jupyter.js, 1.0.22) that the fixes replace. */
export interface TslabServer {
  iopub: unknown;
  publishStatus(status: string, parent: object): void;
  bindSocket(socket: unknown, port: number): Promise<void>;
}

const FIXED = Symbol.for("nndl.tslabServerFixed");
const IN_FLIGHT = Symbol("nndl.inFlight");
const IOPUB_BOUND = Symbol("nndl.iopubBound");

type Fixed = TslabServer & { [IN_FLIGHT]?: object[]; [IOPUB_BOUND]?: Promise<void> };

/** Applies fixes 1 and 2 to tslab's ZmqServer class (once). */
export function fixTslabServer(server: { prototype: TslabServer }): void {
  const proto = server.prototype as TslabServer & { [FIXED]?: boolean };
  if (proto[FIXED]) return;
  proto[FIXED] = true;

  const publishStatus = proto.publishStatus;
  proto.publishStatus = function (this: Fixed, status: string, parent: object): void {
    const inFlight = (this[IN_FLIGHT] ??= []);
    if (status === "busy") inFlight.push(parent);
    if (status === "idle" && inFlight.includes(parent)) inFlight.splice(inFlight.indexOf(parent), 1);
    publishStatus.call(this, status, parent);
    if (status === "idle" && inFlight.length > 0) publishStatus.call(this, "busy", inFlight[0]);
  };

  const bindSocket = proto.bindSocket;
  proto.bindSocket = function (this: Fixed, socket: unknown, port: number): Promise<void> {
    // tslab's init calls bindSocket for iopub first (synchronously, in Promise.all's array order).
    if (socket === this.iopub) return (this[IOPUB_BOUND] = bindSocket.call(this, socket, port));
    return Promise.resolve(this[IOPUB_BOUND]).then(() => bindSocket.call(this, socket, port));
  };
}

/** How long tslab's interrupt waits for a running sgd to stop by itself (it checks every ~50 ms, or per epoch on the fast engine). */
const INTERRUPT_GRACE_MS = 1500;

/** Wraps tslab's createExecutor so that its interrupt() leaves a running sgd to stop the cell (fix 4). */
export function letTrainingStopFirst(
  executorModule: { createExecutor: (...args: never[]) => { interrupt(): void } },
  running = trainingRunning,
): void {
  const create = executorModule.createExecutor;
  executorModule.createExecutor = (...args) => {
    const executor = create(...args);
    const interrupt = executor.interrupt.bind(executor);
    executor.interrupt = () => {
      if (!running()) return interrupt();
      const started = Date.now();
      const check = setInterval(() => {
        if (running() && Date.now() - started < INTERRUPT_GRACE_MS) return;
        clearInterval(check);
        // sgd stopped: its rejection ends the cell (interrupting now could hit the next queued cell).
        if (running()) interrupt();
      }, 20);
    };
    return executor;
  };
}

/** The part of tslab's converter (tslab/dist/converter.js) that fix 6 wraps: each call is given the declarations so far. */
export interface TslabConverter {
  convert(prevDecl: string, src: string): { declOutput?: string; diagnostics: unknown[] };
  inspect(prevDecl: string, src: string, position: number): unknown;
  complete(prevDecl: string, src: string, position: number): unknown;
}

interface TslabExecutor {
  execute(src: string): Promise<boolean>;
  reset(): void;
}

/**
 * Fix 6: wraps tslab's createExecutor so that the declarations a cell compiled with are kept when it
 * throws. tslab keeps them in a closure it updates only on success; here the converter is handed our
 * own copy instead, updated after every cell that compiled, whether or not it then ran to the end.
 */
export function keepDeclarationsOfFailedCells(executorModule: {
  createExecutor: (rootDir: string, convs: { node: TslabConverter }, ...rest: never[]) => TslabExecutor;
}): void {
  const create = executorModule.createExecutor;
  executorModule.createExecutor = (rootDir, convs, ...rest) => {
    let declarations = "";
    let compiled: string | undefined; // the last cell's declarations, set when it compiled
    const withOurDeclarations = new Proxy(convs, {
      get(target, prop, receiver) {
        if (prop !== "node") return Reflect.get(target, prop, receiver) as unknown;
        const converter = target.node;
        return {
          ...converter, // a plain object of functions: close and addModule pass through
          convert: (_prev: string, src: string) => {
            const converted = converter.convert(declarations, src);
            compiled = converted.diagnostics.length === 0 ? (converted.declOutput ?? "") : undefined;
            return converted;
          },
          inspect: (_prev: string, src: string, position: number) => converter.inspect(declarations, src, position),
          complete: (_prev: string, src: string, position: number) => converter.complete(declarations, src, position),
        } satisfies TslabConverter & Record<string, unknown>;
      },
    });
    const executor = create(rootDir, withOurDeclarations, ...rest);
    const execute = executor.execute.bind(executor);
    executor.execute = (src) => {
      compiled = undefined;
      const running = execute(src); // compiles synchronously, before its first await
      const declared = compiled;
      return running.then((ok) => {
        if (declared !== undefined) declarations = declared;
        return ok;
      });
    };
    const reset = executor.reset.bind(executor);
    executor.reset = () => {
      declarations = "";
      reset();
    };
    return executor;
  };
}

/** Fix 5: exits when process `parent` no longer exists (checked every `everyMs`; the timer never keeps the process alive). */
export function exitWithParent(parent = process.ppid, everyMs = 1000): NodeJS.Timeout | null {
  if (parent <= 1) return null; // started by init: there is no parent to outlive
  const timer = setInterval(() => {
    try {
      process.kill(parent, 0); // signal 0: only asks whether the process exists
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ESRCH") process.exit(0);
    }
  }, everyMs);
  timer.unref();
  return timer;
}

/** Loads tslab the way its own `bin/tslab` does, with the fixes in place, and runs its command line. */
export function launch(): void {
  const tslabDir = path.dirname(require.resolve("tslab/package.json"));
  // tslab loads zeromq lazily; load the copy it will get now, so the output fixes can reach it.
  require(require.resolve("zeromq", { paths: [tslabDir] }));
  fixTslabServer(
    (require(path.join(tslabDir, "dist", "jupyter.js")) as { ZmqServer: { prototype: TslabServer } }).ZmqServer,
  );
  makeKernelOutputLossless();
  listenForInterrupts();
  exitWithParent();
  const executorModule = require(path.join(tslabDir, "dist", "executor.js")) as Parameters<
    typeof letTrainingStopFirst
  >[0] &
    Parameters<typeof keepDeclarationsOfFailedCells>[0];
  letTrainingStopFirst(executorModule);
  keepDeclarationsOfFailedCells(executorModule);
  (require(path.join(tslabDir, "dist", "main.js")) as { main(): void }).main();
}

if (require.main === module) launch();
