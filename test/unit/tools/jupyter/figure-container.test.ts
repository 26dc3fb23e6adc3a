/**
 * The JupyterLab figure renderer (src/tools/jupyter) against stand-ins for what JupyterLab gives it:
 * a share scope offering a Widget class, and a page whose plotly.js is a recording fake. The real
 * JupyterLab run is test/jupyterlab.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { figureContainer } from "../../../../src/tools/jupyter/figure-container";
import { EXTENSION_NAME, installFigureAssets, remoteEntrySource } from "../../../../src/tools/jupyter/jupyter-assets";
import { FIGURE_MIME } from "../../../../src/notebook/plot";

class FakeNode {
  children: FakeNode[] = [];
  textContent = "";
  classes: string[] = [];
  appendChild(child: FakeNode): void {
    this.children.push(child);
  }
}

class FakeWidget {
  node = new FakeNode();
  isAttached = false;
  isVisible = true;
  isDisposed = false;
  addClass(name: string): void {
    this.node.classes.push(name);
  }
  dispose(): void {
    this.isDisposed = true;
  }
}

function fakePage() {
  const drawn: Array<{ div: unknown; figure: { data: unknown[]; layout: { title?: string } } }> = [];
  const scripts: string[] = [];
  const win = {
    Plotly: undefined as unknown,
    document: {
      createElement: () => new FakeNode(),
      head: {
        // "Loading" plotly.js defines window.Plotly and fires onload.
        appendChild: (script: { src: string; onload: () => void }) => {
          scripts.push(script.src);
          win.Plotly = {
            react: async (div: unknown, figure: never) => void drawn.push({ div, figure }),
            purge: () => undefined,
            Plots: { resize: () => undefined },
          };
          setTimeout(() => script.onload(), 0);
        },
      },
    },
  };
  const shareScope = {
    "@lumino/widgets": {
      "2.7.1": { get: () => Promise.resolve(() => ({ Widget: FakeWidget })) },
      "1.0.0": { get: () => Promise.reject(new Error("old")) },
    },
  };
  return { win, drawn, scripts, shareScope };
}

const spec = (title: string) => ({ data: [{ y: [1, 2] }], layout: { title } });

test("the renderer draws on attach, redraws the same plot on every update, and loads plotly.js once", async () => {
  const { win, drawn, scripts, shareScope } = fakePage();
  const container = figureContainer(win, {
    name: EXTENSION_NAME,
    mimeType: FIGURE_MIME,
    plotlyUrl: "static/plotly.min.js?v=1",
    rank: -10,
  });
  container.init(shareScope);
  const exports = (await container.get("./mimeExtension"))() as {
    default: {
      id: string;
      rendererFactory: {
        safe: boolean;
        mimeTypes: string[];
        createRenderer(o: {
          mimeType: string;
        }): FakeWidget & { renderModel(m: unknown): Promise<void>; onAfterAttach(): void };
      };
    };
  };
  const plugin = exports.default;
  assert.equal(plugin.id, `${EXTENSION_NAME}:figures`);
  assert.deepEqual(plugin.rendererFactory.mimeTypes, [FIGURE_MIME]);
  assert.equal(plugin.rendererFactory.safe, true, "figures draw in untrusted notebooks too");

  const view = plugin.rendererFactory.createRenderer({ mimeType: FIGURE_MIME });
  // As the kernel sends it: our MIME type points at Plotly's JSON in the same bundle.
  await view.renderModel({
    data: {
      [FIGURE_MIME]: { figureIn: "application/vnd.plotly.v1+json" },
      "application/vnd.plotly.v1+json": spec("epoch 1/3"),
    },
  });
  assert.equal(drawn.length, 0, "nothing is drawn before the output is in the page");
  view.isAttached = true;
  view.onAfterAttach();
  await new Promise((resolve) => setTimeout(resolve, 10));
  await view.renderModel({ data: { [FIGURE_MIME]: spec("epoch 2/3") } });
  await view.renderModel({ data: { [FIGURE_MIME]: spec("epoch 3/3") } });
  assert.deepEqual(
    drawn.map((d) => d.figure.layout.title),
    ["epoch 1/3", "epoch 2/3", "epoch 3/3"],
  );
  assert.equal(new Set(drawn.map((d) => d.div)).size, 1, "updates redraw the same plot");

  const second = plugin.rendererFactory.createRenderer({ mimeType: FIGURE_MIME });
  second.isAttached = true;
  await second.renderModel({ data: { [FIGURE_MIME]: spec("another") } });
  assert.deepEqual(scripts, ["static/plotly.min.js?v=1"], "plotly.js is loaded once per page");
  await assert.rejects(container.get("./extension"));
});

test("the written extension: package.json names a remoteEntry that registers the container under its name", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "nndl-assets-"));
  try {
    installFigureAssets(dir);
    const ext = path.join(dir, "labextensions", EXTENSION_NAME);
    const pkg = JSON.parse(fs.readFileSync(path.join(ext, "package.json"), "utf8")) as {
      name: string;
      jupyterlab: { _build: { load: string; mimeExtension: string } };
    };
    assert.equal(pkg.name, EXTENSION_NAME);
    assert.equal(pkg.jupyterlab._build.mimeExtension, "./mimeExtension");
    const entry = fs.readFileSync(path.join(ext, pkg.jupyterlab._build.load), "utf8");
    assert.equal(entry, remoteEntrySource());
    // Run it as a browser would: it reads its own URL and defines window._JUPYTERLAB[name].
    const window: Record<string, unknown> = {};
    const document = {
      currentScript: { src: "http://127.0.0.1:1/lab/extensions/nndl-figures/static/remoteEntry.x.js" },
    };
    new Function("window", "document", entry)(window, document);
    const registry = window._JUPYTERLAB as Record<string, { init: unknown; get: unknown }>;
    assert.equal(typeof registry[EXTENSION_NAME].get, "function");
    for (const file of [
      path.join(ext, "static", "plotly.min.js"),
      path.join(dir, "nbextensions", EXTENSION_NAME, "plotly.min.js"),
    ]) {
      assert.ok(fs.readFileSync(file, "utf8").startsWith("if(!window.Plotly){(function(define,module,exports){"), file);
    }
    const template = fs.readFileSync(path.join(dir, "nbconvert", "templates", "nndl", "index.html.j2"), "utf8");
    assert.match(
      template,
      /^\{#-[^]*\{%- extends 'lab\/index\.html\.j2' -%\}[^]*<script>\{% raw %\}if\(!window\.Plotly\)/,
    );
    assert.equal(template.split("{% endraw %}").length, 2, "plotly.js never ends the raw block early");
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
