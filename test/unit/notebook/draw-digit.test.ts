import { test } from "node:test";
import * as assert from "node:assert/strict";
import { drawableNetworkJson, drawDigitHtml } from "../../../src/notebook/draw-digit";
import { InputError } from "../../../src/errors";
import { Random } from "../../../src/random";

function randomNet(sizes: number[], seed = 1) {
  const rng = new Random(seed);
  const layer = (n: number) => Float64Array.from({ length: n }, () => rng.gaussian());
  return {
    sizes,
    weights: sizes.slice(1).map((n, l) => layer(n * sizes[l])),
    biases: sizes.slice(1).map((n) => layer(n)),
  };
}

test("the embedded network keeps the requested significant digits and the book's layout", () => {
  const net = randomNet([784, 30, 10]);
  const parsed = JSON.parse(drawableNetworkJson(net, 4));
  assert.deepEqual(parsed.sizes, [784, 30, 10]);
  assert.equal(parsed.hidden, "sigmoid");
  assert.equal(parsed.output, "sigmoid");
  assert.equal(parsed.weights[0].length, 784 * 30);
  for (let i = 0; i < 100; i++) {
    const w = net.weights[0][i];
    assert.ok(Math.abs(parsed.weights[0][i] - w) <= 5e-4 * Math.abs(w), `weight ${i}: ${parsed.weights[0][i]} vs ${w}`);
  }
});

test("log-likelihood networks get a softmax output layer in the browser too", () => {
  const net = { ...randomNet([784, 10]), cost: { name: "log-likelihood" }, activation: { name: "relu" } };
  const parsed = JSON.parse(drawableNetworkJson(net));
  assert.equal(parsed.output, "softmax");
  assert.equal(parsed.hidden, "relu");
});

test("a [784,30,10] widget stays small enough to embed (< 250 kB)", () => {
  const html = drawDigitHtml(randomNet([784, 30, 10]));
  assert.ok(html.length < 250_000, `${html.length} characters`);
});

test("every widget gets its own element id unless one is given", () => {
  const net = randomNet([784, 10]);
  const id = (html: string) => /id="([^"]+)"/.exec(html)![1];
  assert.notEqual(id(drawDigitHtml(net)), id(drawDigitHtml(net)));
  assert.equal(id(drawDigitHtml(net, { id: "pad-1" })), "pad-1");
});

test("bad networks and options are refused with an InputError naming the value", () => {
  assert.throws(
    () => drawableNetworkJson(randomNet([10, 10])),
    (e: unknown) => e instanceof InputError && /784 inputs/.test(e.message),
  );
  const broken = randomNet([784, 10]);
  broken.weights[0][5] = NaN;
  assert.throws(() => drawableNetworkJson(broken), /weights\[0\]\[5\] is NaN/);
  assert.throws(() => drawableNetworkJson(randomNet([784, 10]), 1), /digits 1/);
  assert.throws(() => drawDigitHtml(randomNet([784, 10]), { id: 'x"><script>' }), InputError);
});
