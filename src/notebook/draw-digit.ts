/**
 * "Draw a digit": a self-contained HTML output in which the reader draws with the mouse (or a
 * finger) and a trained network, its weights embedded in the output, classifies the drawing live
 * in the browser and shows its ten output activations as a bar chart.
 *
 * Why it is built this way:
 * - Plain HTML + one inline script, no external file, no require.js, no Plotly: the same output
 *   works in JupyterLab, classic Notebook and the exported static site, online or offline. The
 *   script is ./assets/draw-digit.js, a linted JavaScript file, inlined into each output.
 * - Every element is found from one root element whose id is unique per output, so two copies
 *   on one page (two notebooks open in JupyterLab) do not steal each other's canvas.
 * - The drawing is preprocessed the way MNIST's digits were (LeCun et al.): the ink's bounding
 *   box is scaled to fit a 20×20 box (aspect ratio kept, area-averaged so strokes anti-alias),
 *   then placed in the 28×28 field so that its centre of mass sits where MNIST's does
 *   (pixel index 14, 14 — measured on the training set). Without this a digit drawn small or
 *   off-centre is misread, because the network only ever saw centred, normalised digits.
 */
import { randomBytes } from "node:crypto";
import { InputError } from "../errors";
import { displayBundle } from "./display";
import { escapeHtml, jsonForHtml } from "../html";
import { browserScript } from "./browser-script";

/** What the widget needs from a network (the library's Network has all of it). */
export interface DrawableNetwork {
  readonly sizes: readonly number[];
  /** weights[l]: sizes[l+1] × sizes[l], row-major, as in Network. */
  readonly weights: ReadonlyArray<ArrayLike<number>>;
  readonly biases: ReadonlyArray<ArrayLike<number>>;
  /** Hidden-layer activation (default sigmoid). */
  readonly activation?: { readonly name: string };
  /** The cost decides the output layer: log-likelihood means softmax, anything else sigmoid. */
  readonly cost?: { readonly name: string };
}

export interface DrawDigitOptions {
  /** Significant digits kept per weight in the embedded JSON (default 4: ~170 kB for [784,30,10]). */
  digits?: number;
  /** Root element id; by default a fresh random one, so every output is unique on the page. */
  id?: string;
  /** Heading shown above the pad. */
  title?: string;
}

const HIDDEN_ACTIVATIONS = ["sigmoid", "tanh", "relu", "linear"];

/** The network as the compact JSON the browser script reads: flat row-major layers, rounded; safe inside a <script>. */
export function drawableNetworkJson(net: DrawableNetwork, digits = 4): string {
  const sizes = [...net.sizes];
  if (sizes[0] !== 784 || sizes[sizes.length - 1] !== 10) {
    throw new InputError(
      `draw-a-digit needs a network with 784 inputs and 10 outputs, got sizes [${sizes.join(", ")}]`,
    );
  }
  if (!(Number.isInteger(digits) && digits >= 2 && digits <= 17)) {
    throw new InputError(`digits ${digits} is not a whole number of significant digits from 2 to 17`);
  }
  const hidden = net.activation?.name ?? "sigmoid";
  if (!HIDDEN_ACTIVATIONS.includes(hidden)) {
    throw new InputError(`hidden activation "${hidden}" is not one of ${HIDDEN_ACTIVATIONS.join(", ")}`);
  }
  const output = net.cost?.name === "log-likelihood" ? "softmax" : "sigmoid";
  const round = (a: ArrayLike<number>, n: number, what: string): number[] => {
    if (a.length !== n)
      throw new InputError(`${what} has ${a.length} values, expected ${n} for sizes [${sizes.join(", ")}]`);
    const out = new Array<number>(n);
    for (let i = 0; i < n; i++) {
      if (!Number.isFinite(a[i]))
        throw new InputError(`${what}[${i}] is ${a[i]}; the network must be finite to draw with`);
      out[i] = Number(a[i].toPrecision(digits));
    }
    return out;
  };
  const weights = net.weights.map((w, l) => round(w, sizes[l + 1] * sizes[l], `weights[${l}]`));
  const biases = net.biases.map((b, l) => round(b, sizes[l + 1], `biases[${l}]`));
  return jsonForHtml({ sizes, hidden, output, weights, biases });
}

/** The HTML (markup, scoped style, inline script) of one draw-a-digit widget. */
export function drawDigitHtml(net: DrawableNetwork, options: DrawDigitOptions = {}): string {
  const json = drawableNetworkJson(net, options.digits ?? 4);
  const id = options.id ?? `nndl-draw-${randomBytes(6).toString("hex")}`;
  if (!/^[A-Za-z][\w-]*$/.test(id))
    throw new InputError(`id "${id}" is not a valid HTML id (letters, digits, - and _)`);
  const title = escapeHtml(options.title ?? `Draw a digit — network [${net.sizes.join(", ")}]`);
  return `<div id="${id}" class="nndl-draw">
<style>
#${id}{font-family:system-ui,sans-serif;font-size:14px;display:flex;flex-wrap:wrap;gap:16px;align-items:flex-start}
#${id} .pad{border:1px solid #888;touch-action:none;cursor:crosshair;background:#fff}
#${id} .side{display:flex;flex-direction:column;gap:8px}
#${id} .seen{border:1px solid #ccc;image-rendering:pixelated;width:112px;height:112px;background:#fff}
#${id} .guess{font-size:28px;font-weight:600}
#${id} button{font-size:13px;padding:2px 10px}
#${id} .note{color:#a00}
</style>
<div><div><b>${title}</b></div>
<canvas class="pad" width="280" height="280" aria-label="drawing pad"></canvas>
<div><button type="button" class="clear">Clear</button> <span class="hint">Draw one digit with the mouse, large and centred.</span></div>
<div class="note">Run this cell (or trust the notebook) to enable the drawing pad: it needs the inline script.</div></div>
<div class="side"><div>The network's answer: <span class="guess">–</span></div>
<svg class="bars" width="300" height="170" role="img" aria-label="output activations"></svg>
<div>What the network sees (28×28):</div><canvas class="seen" width="28" height="28"></canvas></div>
<script>
(function () {
var root = document.getElementById(${JSON.stringify(id)});
if (!root || root.getAttribute("data-ready")) return;
root.setAttribute("data-ready", "1");
${browserScript("draw-digit")}
nndlDrawDigit(root, ${json});
})();
</script>
</div>`;
}

/**
 * Shows the widget as a cell output (HTML, with a one-line text/plain stand-in for terminals).
 * Use drawDigitHtml to get the markup itself (e.g. to measure its size).
 */
export function drawDigit(net: DrawableNetwork, options: DrawDigitOptions = {}): void {
  const html = drawDigitHtml(net, options);
  displayBundle({
    "text/html": html,
    "text/plain": `[draw-a-digit pad for network [${net.sizes.join(", ")}]; open in Jupyter or the course site to draw]`,
  });
}
