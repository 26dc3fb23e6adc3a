import { test } from "node:test";
import assert from "node:assert/strict";
import { displayBundle, inKernel, setFallbackWrite } from "../../../src/notebook/display";
import { UpdatableDisplay } from "../../../src/notebook/updatable-display";
import { captureDisplays } from "./display-capture";

test("outside a kernel a bundle prints its text/plain and reports false", () => {
  const printed: string[] = [];
  const previous = setFallbackWrite((t) => printed.push(t));
  try {
    assert.equal(inKernel(), false);
    assert.equal(displayBundle({ "text/plain": "hello", "text/html": "<b>hello</b>" }), false);
  } finally {
    setFallbackWrite(previous);
  }
  assert.deepEqual(printed, ["hello"]);
});

test("inside a kernel ONE output carries every MIME type, through tslab's own hook", async () => {
  const outputs = await captureDisplays(() => {
    assert.equal(inKernel(), true);
    assert.equal(displayBundle({ "text/plain": "x", "text/html": "<i>x</i>", "application/json": { a: 1 } }), true);
  });
  assert.equal(outputs.length, 1);
  assert.deepEqual(Object.keys(outputs[0].data), ["text/plain", "text/html", "application/json"]);
  assert.equal(outputs[0].update, false);
});

test("an updatable display sends display_data once, then update_display_data with the same id", async () => {
  const outputs = await captureDisplays(() => {
    const d = new UpdatableDisplay();
    d.show({ "text/plain": "1" });
    d.show({ "text/plain": "2" });
    d.show({ "text/plain": "3" });
  });
  assert.deepEqual(
    outputs.map((o) => o.update),
    [false, true, true],
  );
  assert.equal(new Set(outputs.map((o) => o.displayId)).size, 1);
  assert.match(outputs[0].displayId ?? "", /^[0-9a-f]{16}$/);
});
