/**
 * "Draw a digit": a self-contained HTML output in which the reader draws with the mouse (or a
 * finger) and a trained network, its weights embedded in the output, classifies the drawing live
 * in the browser and shows its ten output activations as a bar chart.
 *
 * Why it is built this way:
 * - Plain HTML + one inline script, no external file, no require.js, no Plotly: the same output
 *   works in JupyterLab, classic Notebook and the exported static site, online or offline.
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
import { escapeHtml } from "../html";

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

/** The network as the compact JSON the browser script reads: flat row-major layers, rounded. */
export function drawableNetworkJson(net: DrawableNetwork, digits = 4): string {
  const sizes = [...net.sizes];
  if (sizes[0] !== 784 || sizes[sizes.length - 1] !== 10) {
    throw new InputError(`draw-a-digit needs a network with 784 inputs and 10 outputs, got sizes [${sizes.join(", ")}]`);
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
    if (a.length !== n) throw new InputError(`${what} has ${a.length} values, expected ${n} for sizes [${sizes.join(", ")}]`);
    const out = new Array<number>(n);
    for (let i = 0; i < n; i++) {
      if (!Number.isFinite(a[i])) throw new InputError(`${what}[${i}] is ${a[i]}; the network must be finite to draw with`);
      out[i] = Number(a[i].toPrecision(digits));
    }
    return out;
  };
  const weights = net.weights.map((w, l) => round(w, sizes[l + 1] * sizes[l], `weights[${l}]`));
  const biases = net.biases.map((b, l) => round(b, sizes[l + 1], `biases[${l}]`));
  return JSON.stringify({ sizes, hidden, output, weights, biases });
}

/** The HTML (markup, scoped style, inline script) of one draw-a-digit widget. */
export function drawDigitHtml(net: DrawableNetwork, options: DrawDigitOptions = {}): string {
  const json = drawableNetworkJson(net, options.digits ?? 4);
  const id = options.id ?? `nndl-draw-${randomBytes(6).toString("hex")}`;
  if (!/^[A-Za-z][\w-]*$/.test(id)) throw new InputError(`id "${id}" is not a valid HTML id (letters, digits, - and _)`);
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
var NET = ${json};
${WIDGET_SCRIPT}
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

/**
 * The browser side, plain ES5 so old notebook front ends run it. Expects `root` and `NET`.
 * Exposes root.nndlClassify(pixels784) and root.nndlPreprocess(ink, size) for tests.
 */
const WIDGET_SCRIPT = String.raw`
var pad = root.querySelector("canvas.pad"), seen = root.querySelector("canvas.seen");
var svg = root.querySelector("svg.bars"), guess = root.querySelector(".guess");
root.querySelector(".note").style.display = "none";
var ctx = pad.getContext("2d"), seenCtx = seen.getContext("2d");
var SIZE = pad.width, BRUSH = 26, BOX = 20, FIELD = 28, CENTRE = 14;

function act(name, z) {
  if (name === "sigmoid") return 1 / (1 + Math.exp(-z));
  if (name === "tanh") return Math.tanh(z);
  if (name === "relu") return z > 0 ? z : 0;
  return z;
}
// a' = act(w a + b), layer by layer (the book's feedforward); softmax on the output if asked.
function classify(x) {
  var a = x, L = NET.weights.length;
  for (var l = 0; l < L; l++) {
    var nIn = NET.sizes[l], nOut = NET.sizes[l + 1], w = NET.weights[l], b = NET.biases[l];
    var z = new Array(nOut);
    for (var j = 0; j < nOut; j++) {
      var s = b[j], row = j * nIn;
      for (var k = 0; k < nIn; k++) s += w[row + k] * a[k];
      z[j] = s;
    }
    var last = l === L - 1, name = last ? NET.output : NET.hidden;
    if (last && name === "softmax") {
      var m = Math.max.apply(null, z), sum = 0;
      for (j = 0; j < nOut; j++) { z[j] = Math.exp(z[j] - m); sum += z[j]; }
      for (j = 0; j < nOut; j++) z[j] /= sum;
    } else {
      for (j = 0; j < nOut; j++) z[j] = act(name, z[j]);
    }
    a = z;
  }
  return a;
}
// ink: size×size values in [0,1]. Returns 784 values laid out like an MNIST digit, or null if blank.
function preprocess(ink, size) {
  var x0 = size, y0 = size, x1 = -1, y1 = -1, x, y;
  for (y = 0; y < size; y++) for (x = 0; x < size; x++) if (ink[y * size + x] > 0.05) {
    if (x < x0) x0 = x; if (x > x1) x1 = x; if (y < y0) y0 = y; if (y > y1) y1 = y;
  }
  if (x1 < 0) return null;
  var bw = x1 - x0 + 1, bh = y1 - y0 + 1, scale = BOX / Math.max(bw, bh);
  var tw = Math.max(1, Math.round(bw * scale)), th = Math.max(1, Math.round(bh * scale));
  // Box filter: average k×k samples over each target pixel's footprint in the drawing
  // (k = 1, nearest pixel, when a small drawing is scaled up).
  var small = new Float64Array(tw * th), k = Math.max(1, Math.ceil(1 / scale)), peak = 0, mass = 0, mx = 0, my = 0;
  for (var ty = 0; ty < th; ty++) for (var tx = 0; tx < tw; tx++) {
    var acc = 0;
    for (var sy = 0; sy < k; sy++) for (var sx = 0; sx < k; sx++) {
      x = Math.min(x1, x0 + Math.floor((tx + (sx + 0.5) / k) / scale));
      y = Math.min(y1, y0 + Math.floor((ty + (sy + 0.5) / k) / scale));
      acc += ink[y * size + x];
    }
    small[ty * tw + tx] = acc / (k * k);
    if (small[ty * tw + tx] > peak) peak = small[ty * tw + tx];
  }
  for (var i = 0; i < tw * th; i++) {   // strokes' cores are fully dark in MNIST: stretch to a peak of 1
    small[i] = Math.min(1, small[i] / peak); mass += small[i];
    mx += small[i] * (i % tw); my += small[i] * Math.floor(i / tw);
  }
  var ox = Math.round(CENTRE - mx / mass), oy = Math.round(CENTRE - my / mass);
  var out = new Float64Array(FIELD * FIELD);
  for (y = 0; y < th; y++) for (x = 0; x < tw; x++) {
    var X = x + ox, Y = y + oy;
    if (X >= 0 && X < FIELD && Y >= 0 && Y < FIELD) out[Y * FIELD + X] = small[y * tw + x];
  }
  return out;
}
function inkOfPad() {
  var rgba = ctx.getImageData(0, 0, SIZE, SIZE).data, ink = new Float64Array(SIZE * SIZE);
  for (var i = 0; i < ink.length; i++) ink[i] = 1 - (rgba[4 * i] + rgba[4 * i + 1] + rgba[4 * i + 2]) / 765;
  return ink;
}
function showSeen(x) {
  var img = seenCtx.createImageData(FIELD, FIELD);
  for (var i = 0; i < FIELD * FIELD; i++) {
    var v = 255 - Math.round(255 * (x ? x[i] : 0));
    img.data[4 * i] = img.data[4 * i + 1] = img.data[4 * i + 2] = v; img.data[4 * i + 3] = 255;
  }
  seenCtx.putImageData(img, 0, 0);
}
var NS = "http://www.w3.org/2000/svg";
function el(name, attrs, text) {
  var e = document.createElementNS(NS, name);
  for (var k in attrs) e.setAttribute(k, attrs[k]);
  if (text !== undefined) e.textContent = text;
  return e;
}
function showBars(a) {
  while (svg.firstChild) svg.removeChild(svg.firstChild);
  var best = -1, H = 120, top = 20, W = 28, gap = 2;
  if (a) { best = 0; for (var j = 1; j < 10; j++) if (a[j] > a[best]) best = j; }
  svg.appendChild(el("line", { x1: 0, x2: 10 * (W + gap), y1: top + H, y2: top + H, stroke: "#888" }));
  for (var d = 0; d < 10; d++) {
    var v = a ? Math.max(0, Math.min(1, a[d])) : 0, h = v * H, x = d * (W + gap);
    svg.appendChild(el("rect", { x: x, y: top + H - h, width: W, height: h, fill: d === best ? "#d62728" : "#1f77b4" }));
    svg.appendChild(el("text", { x: x + W / 2, y: top + H + 16, "text-anchor": "middle", "font-size": 13 }, String(d)));
    if (a) svg.appendChild(el("text", { x: x + W / 2, y: top + H - h - 4, "text-anchor": "middle", "font-size": 9 }, a[d].toFixed(2)));
  }
  guess.textContent = a ? String(best) : "–";
  root.setAttribute("data-guess", a ? String(best) : "");
}
function update() {
  var x = preprocess(inkOfPad(), SIZE);
  showSeen(x);
  showBars(x ? classify(x) : null);
}
function clear() {
  ctx.fillStyle = "#fff"; ctx.fillRect(0, 0, SIZE, SIZE);
  update();
}
var drawing = false, last = null, pending = false;
function pos(e) {
  var r = pad.getBoundingClientRect();
  return { x: (e.clientX - r.left) * SIZE / r.width, y: (e.clientY - r.top) * SIZE / r.height };
}
function stroke(p) {
  ctx.strokeStyle = "#000"; ctx.lineWidth = BRUSH; ctx.lineCap = "round"; ctx.lineJoin = "round";
  ctx.beginPath(); ctx.moveTo(last.x, last.y); ctx.lineTo(p.x + 0.01, p.y); ctx.stroke();
  last = p;
  if (!pending) {   // classify at most once per animation frame, however fast the mouse moves
    pending = true;
    (window.requestAnimationFrame || setTimeout)(function () { pending = false; update(); });
  }
}
pad.addEventListener("pointerdown", function (e) {
  drawing = true; last = pos(e); stroke(last);
  if (pad.setPointerCapture) pad.setPointerCapture(e.pointerId);
  e.preventDefault();
});
pad.addEventListener("pointermove", function (e) { if (drawing) { stroke(pos(e)); e.preventDefault(); } });
function stop() { if (drawing) { drawing = false; update(); } }
pad.addEventListener("pointerup", stop);
pad.addEventListener("pointercancel", stop);
root.querySelector("button.clear").addEventListener("click", clear);
root.nndlClassify = classify;
root.nndlPreprocess = preprocess;
clear();
`;
