/**
 * The browser side of the course's JupyterLab extension: a renderer for our own figure MIME type
 * (FIGURE_MIME in ../../notebook/plot), drawn with plotly.js that JupyterLab loads ONCE from the
 * extension's folder — so saved notebooks carry their figures' data, never the plotting library.
 *
 * Why our own MIME type: the `plotly` Python package brings JupyterLab a renderer for
 * `application/vnd.plotly.v1+json` which ignores update_display_data, freezing live charts at their
 * first epoch. Ours redraws in place on every update (Plotly.react), and it is marked safe (it only
 * turns JSON into a plot), so figures draw in untrusted notebooks, after a reload, and on reopening a
 * saved notebook — without the kernel.
 *
 * How JupyterLab loads a prebuilt ("federated") extension: it reads `labextensions/<name>/package.json`
 * on every Jupyter data path (JUPYTER_PATH), loads the script named by `jupyterlab._build.load`, which
 * must define `window._JUPYTERLAB[<name>] = { init(shareScope), get(module) }` (a webpack module
 * federation container), calls `init` with the share scope of JupyterLab's own packages, then
 * `get("./mimeExtension")` and calls the factory it resolves to. `@jupyterlab/builder` would write
 * that container with webpack; ours needs one shared package (@lumino/widgets, for the Widget every
 * output is) and no bundling, so this one function is the whole container. jupyter-assets.ts writes it
 * out with Function.prototype.toString: it must not refer to anything outside itself.
 */

/** What figureContainer needs from its page (the real `window`, or a fake in unit tests). */
export interface ContainerOptions {
  /** The extension's name (package.json "name"): the plugin id's prefix. */
  name: string;
  /** The MIME type rendered. */
  mimeType: string;
  /** URL of the wrapped plotly.js that sets window.Plotly (in the extension's static folder). */
  plotlyUrl: string;
  /** Renderer rank: lower wins. Below jupyterlab-plotly's 0 and the HTML renderer's 50. */
  rank: number;
}

/* eslint-disable @typescript-eslint/no-explicit-any -- browser code against JupyterLab's untyped runtime objects */
// `any`: this is browser code against JupyterLab's runtime objects, which the project has no types for.
export function figureContainer(
  win: any,
  options: ContainerOptions,
): { init(scope: any): void; get(module: string): Promise<() => unknown> } {
  let shareScope: any = {};
  let plotly: Promise<any> | null = null;

  // plotly.js arrives once per page, on the first figure drawn (not at JupyterLab's start).
  function loadPlotly(): Promise<any> {
    plotly ??= new Promise((resolve, reject) => {
      if (win.Plotly && win.Plotly.react) return resolve(win.Plotly);
      const script = win.document.createElement("script");
      script.src = options.plotlyUrl;
      script.onload = () =>
        win.Plotly ? resolve(win.Plotly) : reject(new Error(`${options.plotlyUrl} did not define Plotly`));
      script.onerror = () => reject(new Error(`could not load ${options.plotlyUrl}`));
      win.document.head.appendChild(script);
    });
    return plotly;
  }

  // A package JupyterLab shares, at the newest version it offers (webpack's share-scope layout).
  function shared(pkg: string): Promise<any> {
    const versions = shareScope[pkg] || {};
    const newest = Object.keys(versions)
      .sort((a, b) => {
        const x = a.split(/[.-]/).map(Number),
          y = b.split(/[.-]/).map(Number);
        for (let i = 0; i < 3; i++) if ((x[i] || 0) !== (y[i] || 0)) return (x[i] || 0) - (y[i] || 0);
        return 0;
      })
      .pop();
    if (newest === undefined) return Promise.reject(new Error(`JupyterLab shares no ${pkg}`));
    return Promise.resolve(versions[newest].get()).then((factory: () => any) => factory());
  }

  async function mimeExtension(): Promise<unknown> {
    const { Widget } = await shared("@lumino/widgets");
    class FigureView extends Widget {
      readonly plot = win.document.createElement("div");
      spec: any = null;
      drawn = false;
      constructor(readonly mimeType: string) {
        super();
        this.addClass("nndl-figure");
        this.node.appendChild(this.plot);
      }
      // Called for the first output and again for every update_display_data: the same view redraws.
      // Our MIME type's value points at the figure elsewhere in the bundle ({"figureIn": …}).
      renderModel(model: any): Promise<void> {
        const own = model.data[this.mimeType] || {};
        this.spec = own.figureIn ? model.data[own.figureIn] : own;
        return this.isAttached ? this.draw() : Promise.resolve();
      }
      // Outputs are rendered before they enter the page; Plotly needs the div's width, so draw then.
      onAfterAttach(): void {
        if (this.spec) void this.draw();
      }
      onResize(): void {
        if (this.drawn && this.isVisible) win.Plotly.Plots.resize(this.plot);
      }
      dispose(): void {
        if (this.drawn) win.Plotly.purge(this.plot);
        super.dispose();
      }
      async draw(): Promise<void> {
        const spec = this.spec;
        try {
          const Plotly = await loadPlotly();
          if (spec !== this.spec || this.isDisposed) return; // a newer update has drawn, or the output is gone
          await Plotly.react(this.plot, {
            data: spec.data,
            layout: spec.layout || {},
            config: spec.config || {},
            frames: spec.frames || [],
          });
          this.drawn = true;
        } catch (error: any) {
          this.plot.textContent = `The figure could not be drawn: ${error && error.message}`;
        }
      }
    }
    const plugin = {
      id: `${options.name}:figures`,
      rendererFactory: {
        safe: true,
        mimeTypes: [options.mimeType],
        defaultRank: options.rank,
        createRenderer: (o: any) => new FigureView(o.mimeType),
      },
      rank: options.rank,
      dataType: "json",
    };
    return { __esModule: true, default: plugin };
  }

  return {
    init(scope: any) {
      shareScope = scope || {};
    },
    get(module: string) {
      if (module !== "./mimeExtension") return Promise.reject(new Error(`${options.name} has no module ${module}`));
      return mimeExtension().then((exports) => () => exports);
    },
  };
}
