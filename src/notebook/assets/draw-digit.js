/*
 * The draw-a-digit widget's browser side (see ../draw-digit.ts, which inlines this file into each
 * widget's output): the reader draws on `root`'s pad, the drawing is preprocessed the way MNIST's
 * digits were, and the network NET (embedded in the output) classifies it live.
 *
 * Plain ES5, so old notebook front ends run it. For tests it hangs root.nndlClassify(pixels784) and
 * root.nndlPreprocess(ink, size) on the widget's element.
 */
/* exported nndlDrawDigit */
function nndlDrawDigit(root, NET) {
  var pad = root.querySelector("canvas.pad"),
    seen = root.querySelector("canvas.seen");
  var svg = root.querySelector("svg.bars"),
    guess = root.querySelector(".guess");
  root.querySelector(".note").style.display = "none";
  var ctx = pad.getContext("2d"),
    seenCtx = seen.getContext("2d");
  var SIZE = pad.width,
    BRUSH = 26,
    BOX = 20,
    FIELD = 28,
    CENTRE = 14;

  function act(name, z) {
    if (name === "sigmoid") return 1 / (1 + Math.exp(-z));
    if (name === "tanh") return Math.tanh(z);
    if (name === "relu") return z > 0 ? z : 0;
    return z;
  }
  // a' = act(w a + b), layer by layer (the book's feedforward); softmax on the output if asked.
  function classify(x) {
    var a = x,
      L = NET.weights.length;
    for (var l = 0; l < L; l++) {
      var nIn = NET.sizes[l],
        nOut = NET.sizes[l + 1],
        w = NET.weights[l],
        b = NET.biases[l];
      var z = new Array(nOut);
      for (var j = 0; j < nOut; j++) {
        var s = b[j],
          row = j * nIn;
        for (var k = 0; k < nIn; k++) s += w[row + k] * a[k];
        z[j] = s;
      }
      var last = l === L - 1,
        name = last ? NET.output : NET.hidden;
      if (last && name === "softmax") {
        var m = Math.max.apply(null, z),
          sum = 0;
        for (j = 0; j < nOut; j++) {
          z[j] = Math.exp(z[j] - m);
          sum += z[j];
        }
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
    var x0 = size,
      y0 = size,
      x1 = -1,
      y1 = -1,
      x,
      y;
    for (y = 0; y < size; y++)
      for (x = 0; x < size; x++)
        if (ink[y * size + x] > 0.05) {
          if (x < x0) x0 = x;
          if (x > x1) x1 = x;
          if (y < y0) y0 = y;
          if (y > y1) y1 = y;
        }
    if (x1 < 0) return null;
    var bw = x1 - x0 + 1,
      bh = y1 - y0 + 1,
      scale = BOX / Math.max(bw, bh);
    var tw = Math.max(1, Math.round(bw * scale)),
      th = Math.max(1, Math.round(bh * scale));
    // Box filter: average k×k samples over each target pixel's footprint in the drawing
    // (k = 1, nearest pixel, when a small drawing is scaled up).
    var small = new Float64Array(tw * th),
      k = Math.max(1, Math.ceil(1 / scale)),
      peak = 0,
      mass = 0,
      mx = 0,
      my = 0;
    for (var ty = 0; ty < th; ty++)
      for (var tx = 0; tx < tw; tx++) {
        var acc = 0;
        for (var sy = 0; sy < k; sy++)
          for (var sx = 0; sx < k; sx++) {
            x = Math.min(x1, x0 + Math.floor((tx + (sx + 0.5) / k) / scale));
            y = Math.min(y1, y0 + Math.floor((ty + (sy + 0.5) / k) / scale));
            acc += ink[y * size + x];
          }
        small[ty * tw + tx] = acc / (k * k);
        if (small[ty * tw + tx] > peak) peak = small[ty * tw + tx];
      }
    for (var i = 0; i < tw * th; i++) {
      // strokes' cores are fully dark in MNIST: stretch to a peak of 1
      small[i] = Math.min(1, small[i] / peak);
      mass += small[i];
      mx += small[i] * (i % tw);
      my += small[i] * Math.floor(i / tw);
    }
    var ox = Math.round(CENTRE - mx / mass),
      oy = Math.round(CENTRE - my / mass);
    var out = new Float64Array(FIELD * FIELD);
    for (y = 0; y < th; y++)
      for (x = 0; x < tw; x++) {
        var X = x + ox,
          Y = y + oy;
        if (X >= 0 && X < FIELD && Y >= 0 && Y < FIELD) out[Y * FIELD + X] = small[y * tw + x];
      }
    return out;
  }
  function inkOfPad() {
    var rgba = ctx.getImageData(0, 0, SIZE, SIZE).data,
      ink = new Float64Array(SIZE * SIZE);
    for (var i = 0; i < ink.length; i++) ink[i] = 1 - (rgba[4 * i] + rgba[4 * i + 1] + rgba[4 * i + 2]) / 765;
    return ink;
  }
  function showSeen(x) {
    var img = seenCtx.createImageData(FIELD, FIELD);
    for (var i = 0; i < FIELD * FIELD; i++) {
      var v = 255 - Math.round(255 * (x ? x[i] : 0));
      img.data[4 * i] = img.data[4 * i + 1] = img.data[4 * i + 2] = v;
      img.data[4 * i + 3] = 255;
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
    var best = -1,
      H = 120,
      top = 20,
      W = 28,
      gap = 2;
    if (a) {
      best = 0;
      for (var j = 1; j < 10; j++) if (a[j] > a[best]) best = j;
    }
    svg.appendChild(el("line", { x1: 0, x2: 10 * (W + gap), y1: top + H, y2: top + H, stroke: "#888" }));
    for (var d = 0; d < 10; d++) {
      var v = a ? Math.max(0, Math.min(1, a[d])) : 0,
        h = v * H,
        x = d * (W + gap);
      svg.appendChild(
        el("rect", { x: x, y: top + H - h, width: W, height: h, fill: d === best ? "#d62728" : "#1f77b4" })
      );
      svg.appendChild(
        el("text", { x: x + W / 2, y: top + H + 16, "text-anchor": "middle", "font-size": 13 }, String(d))
      );
      if (a)
        svg.appendChild(
          el("text", { x: x + W / 2, y: top + H - h - 4, "text-anchor": "middle", "font-size": 9 }, a[d].toFixed(2))
        );
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
    ctx.fillStyle = "#fff";
    ctx.fillRect(0, 0, SIZE, SIZE);
    update();
  }
  var drawing = false,
    last = null,
    pending = false;
  function pos(e) {
    var r = pad.getBoundingClientRect();
    return { x: ((e.clientX - r.left) * SIZE) / r.width, y: ((e.clientY - r.top) * SIZE) / r.height };
  }
  function stroke(p) {
    ctx.strokeStyle = "#000";
    ctx.lineWidth = BRUSH;
    ctx.lineCap = "round";
    ctx.lineJoin = "round";
    ctx.beginPath();
    ctx.moveTo(last.x, last.y);
    ctx.lineTo(p.x + 0.01, p.y);
    ctx.stroke();
    last = p;
    if (!pending) {
      // classify at most once per animation frame, however fast the mouse moves
      pending = true;
      (window.requestAnimationFrame || setTimeout)(function () {
        pending = false;
        update();
      });
    }
  }
  pad.addEventListener("pointerdown", function (e) {
    drawing = true;
    last = pos(e);
    stroke(last);
    if (pad.setPointerCapture) pad.setPointerCapture(e.pointerId);
    e.preventDefault();
  });
  pad.addEventListener("pointermove", function (e) {
    if (drawing) {
      stroke(pos(e));
      e.preventDefault();
    }
  });
  function stop() {
    if (drawing) {
      drawing = false;
      update();
    }
  }
  pad.addEventListener("pointerup", stop);
  pad.addEventListener("pointercancel", stop);
  root.querySelector("button.clear").addEventListener("click", clear);
  root.nndlClassify = classify;
  root.nndlPreprocess = preprocess;
  clear();
}
