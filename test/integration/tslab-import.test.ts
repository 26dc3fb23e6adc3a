/**
 * Issue 4/5 proof: in a REAL tslab kernel (its bundled TypeScript 5.0.4 type-checks each cell), the
 * library imports by package name, our .d.ts (including @types/plotly.js) type-checks, and a figure
 * and a check each arrive as ONE display_data output carrying the whole MIME bundle.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import * as path from "node:path";
import { KernelClient } from "../../src/tools/kernel/client";
import type { JupyterMessage } from "../../src/tools/kernel/messages";

const root = path.resolve(__dirname, "..", "..", "..");
let kernel: KernelClient;

before(async () => {
  kernel = await KernelClient.start({ cwd: path.join(root, "notebooks") });
});
after(async () => {
  await kernel.shutdown();
});

function outputs(messages: JupyterMessage[], type: string): JupyterMessage[] {
  return messages.filter((m) => m.header.msg_type === type);
}
function stderr(messages: JupyterMessage[]): string {
  return outputs(messages, "stream")
    .filter((m) => m.content.name === "stderr")
    .map((m) => String(m.content.text))
    .join("");
}

test('import { plot, checkClose, … } from "nndl" type-checks and runs', async () => {
  const r = await kernel.execute(`import { plot, checkClose, checkEqual, checkTrue, checkThrows } from "nndl";`, {
    timeoutMs: 60_000,
  });
  assert.equal(r.status, "ok", stderr(r.messages));
});

test("a check is one display_data with text/plain, text/html and the check JSON", async () => {
  const r = await kernel.execute(`checkClose("ch0.import", "sqrt(2)²", Math.sqrt(2) ** 2, 2, 1e-12)`, {
    timeoutMs: 30_000,
  });
  assert.equal(r.status, "ok", stderr(r.messages));
  const shown = outputs(r.messages, "display_data");
  assert.equal(shown.length, 1);
  const data = shown[0].content.data as Record<string, unknown>;
  assert.match(String(data["text/plain"]), /^✓ sqrt\(2\)²/);
  assert.match(String(data["text/html"]), /nndl-check-ok/);
  assert.deepEqual((data["application/vnd.nndl.check+json"] as { id: string }).id, "ch0.import");
  assert.equal(outputs(r.messages, "stream").length, 0, "a check returns nothing for tslab to print");
});

test("a failing check is reported as an error (reply status + stderr) after its ✗ output", async () => {
  const r = await kernel.execute(`checkEqual("ch0.fail", "two", 1 + 1, 3)`, { timeoutMs: 30_000 });
  assert.equal(r.status, "error");
  assert.match(stderr(r.messages), /CheckError: ✗ two {2}actual 2 {2}expected 3/);
  await new Promise((resolve) => setTimeout(resolve, 300)); // tslab aborts requests within 200 ms of an error
});

test("plot takes Plotly's own typed objects and sends one four-part output", async () => {
  const r = await kernel.execute(
    `plot([{ x: [1, 2, 3], y: new Float64Array([1, 4, 9]) as unknown as number[], type: "scatter", mode: "lines+markers" }], { title: { text: "squares" } })`,
    { timeoutMs: 120_000 },
  );
  assert.equal(r.status, "ok", stderr(r.messages));
  const shown = outputs(r.messages, "display_data");
  assert.equal(shown.length, 1);
  const data = shown[0].content.data as Record<string, unknown>;
  assert.deepEqual(Object.keys(data).sort(), [
    "application/vnd.nndl.plotly+json",
    "application/vnd.plotly.v1+json",
    "text/html",
    "text/plain",
  ]);
  assert.deepEqual((data["application/vnd.plotly.v1+json"] as { data: { y: number[] }[] }).data[0].y, [1, 4, 9]);
  assert.equal(data["text/plain"], "Plotly figure: squares — 1 trace (scatter)");
});

test("Plotly's types reach the kernel's TypeScript 5.0: a wrong trace type is a type error", async () => {
  const r = await kernel.execute(`plot([{ x: [1], y: [1], type: "not-a-trace" }])`, { timeoutMs: 30_000 });
  assert.equal(r.status, "error");
  assert.match(stderr(r.messages), /not-a-trace/);
  await new Promise((resolve) => setTimeout(resolve, 300));
});
