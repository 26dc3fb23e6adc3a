import { test } from "node:test";
import assert from "node:assert/strict";
import {
  fixTslabServer,
  keepDeclarationsOfFailedCells,
  letTrainingStopFirst,
  type TslabServer,
} from "../../../../src/tools/kernel/launch";

/** A stand-in for tslab's ZmqServer that records what it publishes and binds. */
function fakeServer() {
  const published: Array<[string, string]> = [];
  const bound: string[] = [];
  class Server implements TslabServer {
    iopub = { name: "iopub" };
    publishStatus(status: string, parent: object): void {
      published.push([status, (parent as { id: string }).id]);
    }
    async bindSocket(socket: unknown, _port: number): Promise<void> {
      await new Promise((resolve) => setTimeout(resolve, (socket as { name: string }).name === "iopub" ? 30 : 1));
      bound.push((socket as { name: string }).name);
    }
  }
  fixTslabServer(Server);
  fixTslabServer(Server); // applied twice (launcher and a second import): still one layer
  return { server: new Server(), published, bound };
}

test("the status stays busy until every request in flight is done; each still gets its own idle", () => {
  const { server, published } = fakeServer();
  const [a, b, c] = [{ id: "a" }, { id: "b" }, { id: "c" }];
  // Run All: tslab publishes busy for every request as it arrives, then idle as each finishes.
  server.publishStatus("busy", a);
  server.publishStatus("busy", b);
  server.publishStatus("busy", c);
  server.publishStatus("idle", a);
  server.publishStatus("idle", b);
  server.publishStatus("idle", c);
  assert.deepEqual(published, [
    ["busy", "a"],
    ["busy", "b"],
    ["busy", "c"],
    ["idle", "a"],
    ["busy", "b"],
    ["idle", "b"],
    ["busy", "c"],
    ["idle", "c"],
  ]);
  // The last status a front end sees is busy while anything runs, idle only at the end.
  assert.deepEqual(published.at(-1), ["idle", "c"]);
});

test("a quick request while a cell runs (completion, kernel info) does not make the kernel look idle", () => {
  const { server, published } = fakeServer();
  const [cell, complete] = [{ id: "cell" }, { id: "complete" }];
  server.publishStatus("busy", cell);
  server.publishStatus("busy", complete);
  server.publishStatus("idle", complete);
  assert.deepEqual(published.at(-1), ["busy", "cell"]);
  server.publishStatus("idle", cell);
  assert.deepEqual(published.at(-1), ["idle", "cell"]);
});

test("the other sockets bind only once iopub is bound (no request can arrive before its status can be published)", async () => {
  const { server, bound } = fakeServer();
  await Promise.all([
    server.bindSocket(server.iopub, 1),
    server.bindSocket({ name: "shell" }, 2),
    server.bindSocket({ name: "control" }, 3),
  ]);
  assert.equal(bound[0], "iopub");
  assert.deepEqual([...bound].sort(), ["control", "iopub", "shell"]);
});

test("Interrupt during training: tslab's rejection waits while sgd stops itself, and comes after the grace if it does not", async () => {
  let calls = 0;
  let running = true;
  const module = { createExecutor: () => ({ interrupt: () => void calls++ }) };
  letTrainingStopFirst(module, () => running);
  const executor = module.createExecutor();
  executor.interrupt();
  setTimeout(() => (running = false), 100); // sgd checked the interrupt and rejected
  await new Promise((resolve) => setTimeout(resolve, 300));
  assert.equal(calls, 0, "the cell ends with sgd's own one-line error");
  running = true; // a training that never checks (stuck): tslab's interrupt still comes
  executor.interrupt();
  await new Promise((resolve) => setTimeout(resolve, 1700));
  assert.equal(calls, 1);
  running = false; // no training: at once
  executor.interrupt();
  assert.equal(calls, 2);
});

test("a cell that throws keeps what it declared (tslab alone forgot it: later cells failed with 'Cannot find name')", async () => {
  const tslab = (file: string) => require(require.resolve(`tslab/dist/${file}`)) as Record<string, unknown>;
  type Executor = { execute(src: string): Promise<boolean> };
  type Create = (rootDir: string, convs: object, console: object) => Executor;
  const { createConverter } = tslab("converter.js") as { createConverter: (o: object) => { close(): void } };
  const converter = createConverter({ isJS: false, isBrowser: false });
  const convs = { node: converter, close: () => converter.close() };
  const errors: string[] = [];
  const quiet = { log: () => {}, error: (...args: unknown[]) => errors.push(args.map(String).join(" ")) };
  const session = (create: Create) => create(process.cwd(), convs, quiet);
  const failingCell = "const before = 41;\nthrow new Error('a check found a wrong answer');\nconst after = 2;";
  try {
    const plain = session(tslab("executor.js").createExecutor as Create);
    assert.equal(await plain.execute(failingCell), false);
    assert.equal(await plain.execute("before + 1"), false, "tslab alone: the name is gone");
    assert.match(errors.join("\n"), /Cannot find name 'before'/);

    const module = { createExecutor: tslab("executor.js").createExecutor as Create };
    keepDeclarationsOfFailedCells(module as unknown as Parameters<typeof keepDeclarationsOfFailedCells>[0]);
    const fixed = session(module.createExecutor);
    errors.length = 0;
    assert.equal(await fixed.execute(failingCell), false, "the cell itself still fails");
    assert.equal(
      await fixed.execute("if (before + 1 !== 42) throw new Error('wrong value');"),
      true,
      errors.join("\n"),
    );
    assert.equal(await fixed.execute("if (after !== undefined) throw new Error('assigned after the throw');"), true);
    assert.equal(await fixed.execute("const typo: number = 'not a number';"), false, "a type error");
    assert.equal(await fixed.execute("typo"), false, "a cell that does not compile declares nothing");
    assert.match(errors.join("\n"), /Cannot find name 'typo'/);
  } finally {
    converter.close();
  }
});
