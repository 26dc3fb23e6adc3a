import { test } from "node:test";
import { spawn } from "node:child_process";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { KernelClient, KernelStartDied } from "../../src/tools/kernel/client";

/**
 * A preload (NODE_OPTIONS=--require) that makes a kernel process exit while starting, as tslab does
 * when a request meets its iopub socket mid-bind (EBUSY): only the first `deaths` starts die, counted
 * in a file.
 */
function dyingKernelEnv(deaths: number): NodeJS.ProcessEnv {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "nndl-kernel-start-"));
  const counter = path.join(dir, "starts");
  const preload = path.join(dir, "die-at-start.js");
  fs.writeFileSync(
    preload,
    `
    const fs = require("fs");
    const n = fs.existsSync(${JSON.stringify(counter)}) ? Number(fs.readFileSync(${JSON.stringify(counter)}, "utf8")) : 0;
    fs.writeFileSync(${JSON.stringify(counter)}, String(n + 1));
    if (n < ${deaths}) { process.stderr.write("simulated EBUSY at start\\n"); process.exit(7); }
  `,
  );
  return { ...process.env, NODE_OPTIONS: `--require ${preload}`, NNDL_TEST_COUNTER: counter };
}

test("a kernel that dies while starting is started again, and then runs code", async () => {
  const env = dyingKernelEnv(1);
  const kernel = await KernelClient.start({ cwd: os.tmpdir(), env });
  try {
    const outcome = await kernel.execute("6 * 7", { timeoutMs: 30_000 });
    assert.equal(outcome.status, "ok");
    assert.equal(fs.readFileSync(env.NNDL_TEST_COUNTER!, "utf8"), "2", "one failed start, one good one");
  } finally {
    await kernel.shutdown();
  }
});

test("a kernel that keeps dying while starting is reported with its stderr after three starts", async () => {
  const env = dyingKernelEnv(100);
  await assert.rejects(
    KernelClient.start({ cwd: os.tmpdir(), env }),
    (error: unknown) =>
      error instanceof KernelStartDied &&
      /exited while starting:\nsimulated EBUSY at start/.test((error as Error).message),
  );
  assert.equal(fs.readFileSync(env.NNDL_TEST_COUNTER!, "utf8"), "3");
});

test("a kernel whose starter is killed without shutting it down exits by itself (no orphan)", async () => {
  // A script starts a kernel, prints its pid, then is killed with SIGKILL: nothing of its own can clean up.
  const client = path.join(__dirname, "..", "..", "src", "tools", "kernel", "client.js");
  const script = `
    const { KernelClient } = require(${JSON.stringify(client)});
    KernelClient.start({ cwd: ${JSON.stringify(os.tmpdir())} }).then((k) => console.log(k.child.pid)); // (private, read from JS)`;
  const starter = spawn(process.execPath, ["-e", script], { stdio: ["ignore", "pipe", "inherit"] });
  const pid = Number(await new Promise<string>((resolve) => starter.stdout!.once("data", (d) => resolve(String(d)))));
  assert.ok(pid > 0 && alive(pid), `the kernel (pid ${pid}) runs`);
  starter.kill("SIGKILL");
  const deadline = Date.now() + 10_000;
  while (alive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  assert.ok(!alive(pid), `the kernel (pid ${pid}) was still running 10 s after its starter died`);
});

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
