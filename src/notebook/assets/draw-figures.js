/*
 * Draws the course's figures with plotly.js, wherever a page carries them without a renderer of its
 * own: a figure output's text/html part (classic Notebook 6, nbconvert's HTML) inlines this script,
 * and the exported site loads it once as assets/figures.js. Each figure is an element with an id
 * and its spec, a whole Plotly figure ({data, layout, config, frames}), as inert JSON in
 *   <script type="application/json" data-nndl-figure="ID">…</script>
 *
 * nndlDrawFigures(served) draws every figure on the page not yet drawn, once window.Plotly exists,
 * polling every 50 ms for 2 s, then every 500 ms for as long as an undrawn figure is on the page
 * (JupyterLab renders cells lazily as they scroll into view). `served` (notebooks only) names where
 * the project's Jupyter folders serve plotly.js: the first figure on a Jupyter page without Plotly
 * asks the server for it, once per page. The classic Notebook marks its body with data-base-url;
 * JupyterLab and Notebook 7 put their base URL in #jupyter-config-data.
 *
 * Plain ES5: old notebook front ends run it.
 */
/* exported nndlDrawFigures */
function nndlDrawFigures(served) {
  "use strict";
  var tries = 0;

  function requestPlotly() {
    if (!served || window.Plotly || window.nndlPlotlyRequested) return;
    var base = document.body && document.body.getAttribute("data-base-url");
    var file = served.classic;
    if (base === null || base === undefined) {
      var config = document.getElementById("jupyter-config-data");
      if (!config) return;
      try {
        base = JSON.parse(config.textContent).baseUrl;
        file = served.lab;
      } catch (e) {
        return;
      }
    }
    if (!base) return;
    window.nndlPlotlyRequested = true;
    var script = document.createElement("script");
    script.src = base.replace(/\/?$/, "/") + file;
    document.head.appendChild(script);
  }

  // Draws what it can; returns how many figures still wait, and how many of those are on the page.
  function drawReady() {
    var specs = document.querySelectorAll("script[data-nndl-figure]");
    var waiting = 0;
    var present = 0;
    for (var i = 0; i < specs.length; i++) {
      var spec = specs[i];
      if (spec.getAttribute("data-drawn")) continue;
      var el = document.getElementById(spec.getAttribute("data-nndl-figure"));
      waiting++;
      if (!el || !el.isConnected) continue;
      present++;
      if (!window.Plotly || !window.Plotly.newPlot) continue;
      spec.setAttribute("data-drawn", "1");
      waiting--;
      present--;
      var figure = JSON.parse(spec.textContent);
      el.innerHTML = "";
      window.Plotly.newPlot(el, {
        data: figure.data,
        layout: figure.layout || {},
        config: figure.config || {},
        frames: figure.frames || [],
      });
    }
    return { waiting: waiting, present: present };
  }

  function wait() {
    var left = drawReady();
    // Stop once every figure is drawn, or its output was removed (cell re-run or cleared), or it never appears.
    if (left.waiting > 0 && (left.present > 0 || tries < 200)) setTimeout(wait, ++tries < 40 ? 50 : 500);
  }

  requestPlotly();
  wait();
}
