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
 *
 * A second limit remains: a zeromq publisher silently drops messages once 1,000 wait for a slow
 * reader, and tslab sends one message per `console.log`. So printed text is also coalesced
 * (coalesceKernelStreams): a loop printing 100,000 lines sends a few dozen messages, not 100,000.
 */
const QUEUED = Symbol.for("nndl.iopubQueued");

type Send = (this: object, message: unknown) => Promise<void>;

/** Both fixes; what `import "nndl"` and the headless runner apply inside a kernel. */
export function makeKernelOutputLossless(): void {
  queueKernelPublisherSends();
  coalesceKernelStreams();
}

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

type WriteStream = (name: string, text: string) => void;
type WriteDisplay = (data: unknown, update: boolean) => void;
type HandleExecute = (
  this: object,
  req: unknown,
  writeStream: WriteStream,
  writeDisplay: WriteDisplay,
) => Promise<unknown>;

/** Text held back at most this long (a timer's print after its cell still shows promptly)... */
const FLUSH_DELAY_MS = 20;
/** ...or until this much is held (one message; a few dozen for 100,000 short lines). */
const FLUSH_CHARS = 32_768;

/**
 * tslab's handler routes stdout/stderr of each execute request through `createWriteToIopub(name,
 * writeStream)`. We buffer that text per request and send it as few messages as possible, flushing
 * before a display output (so text and figures keep their order), when the buffer is large, shortly
 * after the last write, and before the request's reply (so a cell's text arrives with the cell).
 */
export function coalesceKernelStreams(): void {
  for (const [path, mod] of Object.entries(require.cache)) {
    if (!/[\\/]tslab[\\/]dist[\\/]jupyter\.js$/.test(path)) continue;
    const handler = (mod?.exports as { JupyterHandlerImpl?: unknown } | undefined)?.JupyterHandlerImpl;
    if (typeof handler !== "function") continue;
    const proto = handler.prototype as Record<PropertyKey, unknown>;
    const original = proto.handleExecuteImpl as HandleExecute;
    if (proto[COALESCED] || typeof original !== "function") continue;
    proto.handleExecuteImpl = async function (
      this: object,
      req: unknown,
      writeStream: WriteStream,
      writeDisplay: WriteDisplay,
    ) {
      const buffered = bufferedStream(writeStream);
      try {
        return await original.call(this, req, buffered.write, (data, update) => {
          buffered.flush();
          writeDisplay(data, update);
        });
      } finally {
        buffered.flush();
      }
    };
    proto[COALESCED] = true;
  }
}

const COALESCED = Symbol.for("nndl.streamsCoalesced");

function bufferedStream(send: WriteStream): { write: WriteStream; flush: () => void } {
  let name = "",
    text = "";
  let timer: NodeJS.Timeout | undefined;
  const flush = () => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (text !== "") send(name, text);
    text = "";
  };
  const write = (streamName: string, chunk: string) => {
    if (streamName !== name) flush(); // stdout and stderr interleave in order
    name = streamName;
    text += chunk;
    if (text.length >= FLUSH_CHARS) flush();
    else timer ??= setTimeout(flush, FLUSH_DELAY_MS);
  };
  return { write, flush };
}
