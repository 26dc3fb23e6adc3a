/**
 * The draw-a-digit widget in a real browser (headless Chromium): its JavaScript forward pass
 * matches the library's arithmetic, MNIST-style preprocessing centres a drawing, and drawing
 * with the mouse produces a live answer. Skipped when Chromium is not installed.
 */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import { drawDigitHtml } from "../../src/notebook/draw-digit";
import { Random } from "../../src/random";
import { loadMnist } from "../../src/mnist";
import { skipWithout } from "../needs-tool";
import { chromiumMissing, launchChromium } from "../chromium";

/** What the widget's script hangs on its element, for tests. */
interface DigitWidget {
  nndlClassify(x: number[]): number[];
  nndlPreprocess(field: ArrayLike<number>, side: number): ArrayLike<number>;
}

function randomNet(sizes: number[], seed = 3) {
  const rng = new Random(seed);
  const layer = (n: number) => Float64Array.from({ length: n }, () => Number(rng.gaussian().toPrecision(4)));
  return {
    sizes,
    weights: sizes.slice(1).map((n, l) => layer(n * sizes[l])),
    biases: sizes.slice(1).map((n) => layer(n)),
  };
}

/** Independent reference: a' = σ(w a + b) layer by layer, in Node. */
function feedforward(net: ReturnType<typeof randomNet>, x: ArrayLike<number>): number[] {
  let a = Array.from(x);
  net.weights.forEach((w, l) => {
    const nIn = net.sizes[l];
    a = Array.from(net.biases[l], (b, j) => {
      let z = b;
      for (let k = 0; k < nIn; k++) z += w[j * nIn + k] * a[k];
      return 1 / (1 + Math.exp(-z));
    });
  });
  return a;
}

test("draw-a-digit works in a browser", { skip: skipWithout(chromiumMissing()) }, async () => {
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    const net = randomNet([784, 30, 10]);
    // Two widgets on one page must not interfere.
    await page.setContent(
      `<html><body>${drawDigitHtml(net, { id: "a" })}${drawDigitHtml(net, { id: "b" })}</body></html>`,
    );
    assert.deepEqual(errors, []);

    const rng = new Random(9);
    const x = Array.from({ length: 784 }, () => rng.uniform());
    const inBrowser: number[] = await page.evaluate(
      (v) => (document.getElementById("a") as unknown as DigitWidget).nndlClassify(v),
      x,
    );
    const reference = feedforward(net, x);
    inBrowser.forEach((v, j) => assert.ok(Math.abs(v - reference[j]) < 1e-12, `output ${j}: ${v} vs ${reference[j]}`));

    // A 40×40 blank field with a small square of ink in a corner: preprocessing scales it to the
    // 20-pixel box and moves its centre of mass to MNIST's (14, 14).
    const field = new Array(40 * 40).fill(0);
    for (let y = 2; y < 6; y++) for (let x0 = 30; x0 < 34; x0++) field[y * 40 + x0] = 1;
    const seen: number[] = await page.evaluate(
      (f) => Array.from((document.getElementById("a") as unknown as DigitWidget).nndlPreprocess(f, 40)),
      field,
    );
    let mass = 0,
      mx = 0,
      my = 0;
    seen.forEach((v, i) => {
      mass += v;
      mx += v * (i % 28);
      my += v * Math.floor(i / 28);
    });
    assert.ok(
      Math.abs(mx / mass - 14) <= 0.5 && Math.abs(my / mass - 14) <= 0.5,
      `centre of mass ${mx / mass}, ${my / mass}`,
    );
    assert.equal(seen.filter((v) => v > 0.5).length, 400, "a 4×4 square fills the 20×20 box");

    // MNIST digits are already in a 20-pixel box, centred by mass: drawn 10× larger on the pad,
    // preprocessing must give them back (a fixed point), or drawings would not look like MNIST.
    const { test: digits } = loadMnist({ trainingLimit: 1, validationLimit: 1, testLimit: 20 });
    const correlations: number[] = await page.evaluate(
      (d) => {
        const widget = document.getElementById("a") as unknown as DigitWidget;
        const out: number[] = [];
        for (let n = 0; n < d.count; n++) {
          const px = d.inputs.slice(n * 784, (n + 1) * 784);
          const ink = new Float64Array(280 * 280);
          for (let y = 0; y < 280; y++)
            for (let x = 0; x < 280; x++) ink[y * 280 + x] = px[Math.floor(y / 10) * 28 + Math.floor(x / 10)];
          const p = widget.nndlPreprocess(ink, 280);
          let sa = 0,
            sb = 0,
            sab = 0,
            saa = 0,
            sbb = 0;
          for (let i = 0; i < 784; i++) {
            sa += p[i];
            sb += px[i];
            sab += p[i] * px[i];
            saa += p[i] * p[i];
            sbb += px[i] * px[i];
          }
          out.push((sab - (sa * sb) / 784) / Math.sqrt((saa - (sa * sa) / 784) * (sbb - (sb * sb) / 784)));
        }
        return out;
      },
      { count: digits.count, inputs: Array.from(digits.inputs) },
    );
    assert.ok(
      Math.min(...correlations) > 0.95,
      `correlation with the original digit: ${correlations.map((c) => c.toFixed(3)).join(" ")}`,
    );

    // Draw a stroke with the mouse on widget b only.
    const pad = page.locator("#b canvas.pad");
    const box = (await pad.boundingBox())!;
    await page.mouse.move(box.x + 140, box.y + 40);
    await page.mouse.down();
    for (let t = 1; t <= 20; t++) await page.mouse.move(box.x + 140, box.y + 40 + t * 10);
    await page.mouse.up();
    const guessB = await page.locator("#b").getAttribute("data-guess");
    const guessA = await page.locator("#a").getAttribute("data-guess");
    assert.match(guessB ?? "", /^[0-9]$/);
    assert.equal(guessA, "", "drawing on one widget leaves the other blank");
    assert.equal(await page.locator("#b svg.bars rect").count(), 10);
    assert.equal(
      await page.locator("#b .note").isVisible(),
      false,
      "the 'needs the script' note hides once the script runs",
    );
    await page.locator("#b button.clear").click();
    assert.equal(await page.locator("#b").getAttribute("data-guess"), "");
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
  }
});
