/**
 * The page's side of the worker (../../../../browser/worker): starts it from a blob URL (Chromium
 * refuses worker scripts from file://), hands it MNIST, runs one cell at a time, and replaces it on
 * Interrupt or Reset — which is how a long cell is stopped, at the price of the notebook's state.
 */
import type { MimeBundle } from "../../../../notebook/display";

declare global {
  interface Window {
    NNDL_WORKER_SOURCE?: string;
    NNDL_MNIST?: Record<string, string>;
  }
}

export interface KernelEvents {
  stream(cell: string, name: "stdout" | "stderr", text: string): void;
  display(cell: string, bundle: MimeBundle, displayId: string | undefined, update: boolean): void;
  file(cell: string, name: string, bytes: Uint8Array): void;
  ready(bootMs: number): void;
  mnistReady(ms: number): void;
  /** The MNIST script has loaded in the page (the worker decodes it next). */
  mnistLoaded(): void;
}

interface Running {
  cell: string;
  resolve: (ok: boolean) => void;
}

export class Kernel {
  private worker!: Worker;
  private running: Running | null = null;
  private mnist: Record<string, string> | null = null;
  private readonly url: string;

  constructor(
    private readonly events: KernelEvents,
    private readonly mnistScript: string,
  ) {
    if (!window.NNDL_WORKER_SOURCE) throw new Error("assets/live/worker.js did not load: the page cannot run code");
    this.url = URL.createObjectURL(new Blob([window.NNDL_WORKER_SOURCE], { type: "text/javascript" }));
    this.start();
  }

  /** Runs one cell; resolves true when it finished without an error. */
  run(cell: string, code: string): Promise<boolean> {
    return new Promise((resolve) => {
      this.running = { cell, resolve };
      this.worker.postMessage({ type: "run", cell, code });
    });
  }

  /** Stops whatever runs by replacing the worker; returns the cell that was running, if any. */
  restart(): string | null {
    const stopped = this.running;
    this.running = null;
    this.worker.terminate();
    this.start();
    stopped?.resolve(false);
    return stopped?.cell ?? null;
  }

  private start(): void {
    this.worker = new Worker(this.url);
    this.worker.onmessage = (event) => this.receive(event.data);
    this.worker.onerror = (event) => {
      event.preventDefault();
      const cell = this.running?.cell ?? "";
      this.events.stream(cell, "stderr", `The page's kernel failed: ${event.message}\n`);
      this.running?.resolve(false);
      this.running = null;
    };
    if (this.mnist) this.worker.postMessage({ type: "mnist", files: this.mnist });
  }

  /** MNIST comes as a script (fetch is refused from file://), loaded once the worker is up. */
  private loadMnist(): void {
    if (document.querySelector("script[data-nndl-mnist]")) return;
    const script = document.createElement("script");
    script.src = this.mnistScript;
    script.dataset.nndlMnist = "";
    script.onload = () => {
      this.events.mnistLoaded();
      this.mnist = window.NNDL_MNIST ?? null;
      delete window.NNDL_MNIST;
      if (this.mnist) this.worker.postMessage({ type: "mnist", files: this.mnist });
    };
    document.body.appendChild(script);
  }

  private receive(message: {
    type: string;
    cell: string;
    name: string;
    text: string;
    bundle: MimeBundle;
    displayId?: string;
    update: boolean;
    ok: boolean;
    bytes: Uint8Array;
    ms: number;
    bootMs: number;
  }): void {
    switch (message.type) {
      case "ready":
        // MNIST (15 MB of script) loads once the worker is up, so it never delays the first run.
        if (!this.mnist) this.loadMnist();
        return this.events.ready(message.bootMs);
      case "mnist-ready":
        return this.events.mnistReady(message.ms);
      case "stream":
        return this.events.stream(message.cell, message.name as "stdout" | "stderr", message.text);
      case "display":
        return this.events.display(message.cell, message.bundle, message.displayId, message.update);
      case "file":
        return this.events.file(message.cell, message.name, message.bytes);
      case "done": {
        const running = this.running;
        this.running = null;
        running?.resolve(message.ok);
      }
    }
  }
}
