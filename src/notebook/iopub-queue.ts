/**
 * Makes tslab's output channel lossless under bursts.
 *
 * tslab 1.0.22 publishes every output with `iopub.send(frames)` and never awaits it, but a
 * zeromq 6 socket accepts only one send in flight: while one is pending, the next is rejected and
 * that output is silently lost. A cell that prints hundreds of lines, or a live chart updated
 * every epoch, then loses outputs — and can lose the final "idle" status, leaving a headless run
 * waiting. Measured: a cell printing 300 lines after 400 chart updates delivered 95 of them.
 *
 * The fix, applied once inside a kernel: chain the publisher's sends so each waits for the one
 * before. Order is preserved, nothing is dropped. It touches only the zeromq copy tslab loaded
 * (found in require.cache, like the display hook in display.ts) and only its Publisher (the iopub
 * socket); outside a kernel there is no such module loaded and this does nothing.
 */
const QUEUED = Symbol.for("nndl.iopubQueued");

type Send = (this: object, message: unknown) => Promise<void>;

export function queueKernelPublisherSends(): void {
  for (const [path, mod] of Object.entries(require.cache)) {
    if (!/[\\/]zeromq[\\/]/.test(path)) continue;
    const publisher: unknown = (mod?.exports as { Publisher?: unknown } | undefined)?.Publisher;
    if (typeof publisher !== "function") continue;
    const proto = publisher.prototype as Record<PropertyKey, unknown>;
    const send = proto.send as Send;
    if (proto[QUEUED] || typeof send !== "function") continue;
    const tails = new WeakMap<object, Promise<void>>();
    const queuedSend = function (this: object, message: unknown): Promise<void> {
      const sent = (tails.get(this) ?? Promise.resolve()).then(() => send.call(this, message));
      // A send that fails (socket closed at shutdown) must not block or reject the ones after it.
      const settled = sent.catch(() => undefined);
      tails.set(this, settled);
      return settled;
    };
    // zeromq defines `send` read-only on its Socket base class, so plain assignment would throw;
    // defining an own property on Publisher.prototype shadows it for publishers only.
    Object.defineProperty(proto, "send", { value: queuedSend, writable: true, configurable: true });
    proto[QUEUED] = true;
  }
}
