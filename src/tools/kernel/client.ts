/**
 * A headless Jupyter client for one tslab kernel over zeromq (tslab's own dependency; no Python).
 *
 * What tslab does that shapes this (see TOOLCHAIN-FACTS.md): errors arrive as stderr text plus an
 * execute_reply with status "error" (no `error` message); a request that arrives within ~200 ms of an
 * error is answered "abort"; every shell request is framed by iopub status busy/idle messages, and we
 * wait for "idle" so that no output of a cell is still in flight when we report it.
 */
import { type ChildProcess, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as zmq from "zeromq";
import { type ConnectionInfo, newConnectionInfo } from "./connection";
import { decode, encode, type JupyterMessage, newMessage } from "./messages";
import { kernelArgv } from "./kernelspec";

export type ExecuteStatus = "ok" | "error" | "abort" | "timeout" | "dead";

export interface ExecuteOutcome {
  status: ExecuteStatus;
  /** iopub messages caused by this request (stream, display_data, update_display_data, …), in order. */
  messages: JupyterMessage[];
  seconds: number;
}

export interface StartOptions {
  cwd: string;
  /** Give up if the kernel has not answered kernel_info within this time (default 60 s). */
  startTimeoutMs?: number;
  env?: NodeJS.ProcessEnv;
}

/** Kernel starts tried before giving up on a kernel that keeps dying while it starts. */
const STARTS = 3;
/** After iopub accepts a connection, time for tslab's bind to complete on its side. */
const IOPUB_SETTLE_MS = 50;

/** The kernel process ended before it answered kernel_info (its stderr is in the message). */
export class KernelStartDied extends Error {}

/**
 * Every kernel this process started and has not seen exit. On exit, and on Ctrl-C or SIGTERM
 * (installSignalCleanup, called by the CLI), each is killed and its connection folder removed: a
 * kernel outliving its runner would keep a core busy with a looping cell, orphaned (PPID 1).
 */
const running = new Set<KernelClient>();

/** Kills every running kernel now (SIGKILL: there is no time to wait at exit) and removes their files. */
export function stopAllKernelsNow(): void {
  for (const kernel of [...running]) kernel.killNow();
}

let cleanupInstalled = false;

/**
 * SIGINT and SIGTERM stop every kernel, then end the process with the shell's convention (130, 143).
 * A process that installs this owns its signals: the default "die at once" would leave kernels behind.
 */
export function installSignalCleanup(): void {
  if (cleanupInstalled) return;
  cleanupInstalled = true;
  for (const [signal, code] of [
    ["SIGINT", 130],
    ["SIGTERM", 143],
  ] as const) {
    process.on(signal, () => {
      stopAllKernelsNow();
      process.exit(code);
    });
  }
}

const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms).unref());

interface Pending {
  messages: JupyterMessage[];
  onMessage?: (msg: JupyterMessage) => void;
  replyStatus?: ExecuteStatus;
  graceTimer?: NodeJS.Timeout;
  settle: (status: ExecuteStatus) => void;
}

export class KernelClient {
  private readonly pending = new Map<string, Pending>();
  private readonly session = Math.random().toString(16).slice(2);
  /** Resolves when the kernel process ends, with its exit code or signal. */
  readonly exited: Promise<{ code: number | null; signal: string | null }>;
  private alive = true;
  /** The kernel process's own stderr (not cell output): the reason when it dies. */
  kernelStderr = "";
  /** Listener for iopub messages of no pending request (e.g. output from a timer after its cell ended). */
  onStrayMessage?: (msg: JupyterMessage) => void;

  private constructor(
    private readonly info: ConnectionInfo,
    private readonly child: ChildProcess,
    private readonly shell: zmq.Dealer,
    private readonly iopub: zmq.Subscriber,
    private readonly connectionDir: string,
  ) {
    if (running.size === 0 && process.listeners("exit").indexOf(stopAllKernelsNow) < 0)
      process.on("exit", stopAllKernelsNow);
    running.add(this);
    this.exited = new Promise((resolve) => child.on("exit", (code, signal) => resolve({ code, signal })));
    void this.exited.then(() => this.onExit());
    child.stderr?.on("data", (d: Buffer) => {
      this.kernelStderr = (this.kernelStderr + d.toString()).slice(-4000);
    });
    void this.readLoop(shell, (msg) => this.onShell(msg));
    void this.readLoop(iopub, (msg) => this.onIopub(msg));
  }

  /**
   * Starts a tslab kernel in `cwd` and waits until it answers on shell and publishes on iopub.
   * A kernel that dies while starting is started afresh (up to STARTS times in all): tslab binds its
   * five sockets concurrently and already serves the shell socket while iopub is still binding, so
   * a kernel_info_request arriving in that window makes its status publish throw EBUSY ("Socket is
   * blocked by a bind or unbind operation") and the unhandled rejection kills it. We wait for iopub
   * to accept connections before asking (which closes the window); the retry covers what is left.
   */
  static async start(options: StartOptions): Promise<KernelClient> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await KernelClient.startOnce(options);
      } catch (error) {
        if (attempt >= STARTS || !(error instanceof KernelStartDied)) throw error;
      }
    }
  }

  private static async startOnce(options: StartOptions): Promise<KernelClient> {
    const info = await newConnectionInfo();
    const connectionDir = fs.mkdtempSync(path.join(os.tmpdir(), "nndl-kernel-"));
    const connectionFile = path.join(connectionDir, "connection.json");
    fs.writeFileSync(connectionFile, JSON.stringify(info));
    const [command, ...args] = kernelArgv(connectionFile);
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ["ignore", "ignore", "pipe"],
    });
    const shell = new zmq.Dealer({ linger: 0 });
    // No receive limit: libzmq counts every frame against the high-water mark (1,000 by default),
    // and a cell that streams many outputs (a live chart's updates) could otherwise fill it while
    // we decode, making tslab's publisher drop messages — including the final "idle".
    const iopub = new zmq.Subscriber({ linger: 0, receiveHighWaterMark: 0 });
    const iopubUp = new Promise<void>((resolve) => iopub.events.on("connect", () => resolve()));
    iopub.connect(`tcp://${info.ip}:${info.iopub_port}`);
    iopub.subscribe();
    const client = new KernelClient(info, child, shell, iopub, connectionDir);
    const timeoutMs = options.startTimeoutMs ?? 60_000;
    const deadline = Date.now() + timeoutMs; // one budget for both waits below
    // Only then connect the shell: no request can reach tslab before its iopub socket is bound.
    await Promise.race([iopubUp.then(() => delay(IOPUB_SETTLE_MS)), client.exited, delay(timeoutMs)]);
    if (client.alive) shell.connect(`tcp://${info.ip}:${info.shell_port}`); // (a dead kernel's sockets are closed)
    await client.waitReady(deadline, timeoutMs);
    return client;
  }

  get isAlive(): boolean {
    return this.alive;
  }

  /**
   * Retries kernel_info_request until one is answered AND its iopub status arrives: a subscriber
   * misses whatever is published before its connection is up, so a shell reply alone is not enough.
   */
  private async waitReady(deadline: number, timeoutMs: number): Promise<void> {
    while (this.alive && Date.now() < deadline) {
      const status = await this.request("kernel_info_request", {}, 250);
      if (status === "ok") return;
    }
    const alive = this.alive;
    await this.shutdown();
    if (alive) throw new Error(`tslab kernel did not answer within ${timeoutMs / 1000} s`);
    throw new KernelStartDied(`tslab kernel exited while starting:\n${this.kernelStderr}`);
  }

  /** Runs `code`; resolves with the reply status and this request's iopub messages. */
  async execute(
    code: string,
    options: { timeoutMs?: number; onMessage?: (msg: JupyterMessage) => void } = {},
  ): Promise<ExecuteOutcome> {
    const started = Date.now();
    const messages: JupyterMessage[] = [];
    const content = {
      code,
      silent: false,
      store_history: true,
      user_expressions: {},
      allow_stdin: false,
      stop_on_error: true,
    };
    const status = await this.request("execute_request", content, options.timeoutMs ?? 0, messages, options.onMessage);
    return { status, messages, seconds: (Date.now() - started) / 1000 };
  }

  /**
   * Sends one shell request and settles when both its reply and its iopub "idle" have arrived,
   * when the kernel dies ("dead"), or after timeoutMs ("timeout"; 0 = never).
   */
  private request(
    type: string,
    content: Record<string, unknown>,
    timeoutMs: number,
    messages: JupyterMessage[] = [],
    onMessage?: (m: JupyterMessage) => void,
  ): Promise<ExecuteStatus> {
    if (!this.alive) return Promise.resolve("dead");
    const msg = newMessage(type, this.session, content);
    return new Promise((resolve) => {
      let timer: NodeJS.Timeout | undefined;
      const settle = (status: ExecuteStatus) => {
        if (timer) clearTimeout(timer);
        const graceTimer = this.pending.get(msg.header.msg_id)?.graceTimer;
        if (graceTimer) clearTimeout(graceTimer);
        this.pending.delete(msg.header.msg_id);
        resolve(status);
      };
      this.pending.set(msg.header.msg_id, { messages, onMessage, settle });
      if (timeoutMs > 0) timer = setTimeout(() => settle("timeout"), timeoutMs);
      void this.shell.send(encode(this.info.key, msg)).catch(() => settle("dead"));
    });
  }

  private onShell(msg: JupyterMessage): void {
    const pending = this.pending.get(msg.parent_header.msg_id ?? "");
    if (!pending) return;
    const status = msg.content.status;
    pending.replyStatus = status === "error" || status === "abort" ? status : "ok";
    if (pending.messages.some(isIdle)) pending.settle(pending.replyStatus);
    // tslab does not await its iopub sends, so under a burst of outputs a message can be lost. If
    // the "idle" that should follow the reply never comes, settle after a grace period rather than
    // waiting for the cell timeout: the reply already says how the cell ended.
    else pending.graceTimer = setTimeout(() => pending.settle(pending.replyStatus!), IDLE_GRACE_MS);
  }

  private onIopub(msg: JupyterMessage): void {
    const pending = this.pending.get(msg.parent_header.msg_id ?? "");
    if (!pending) {
      if (msg.header.msg_type !== "status") this.onStrayMessage?.(msg);
      return;
    }
    pending.messages.push(msg);
    if (msg.header.msg_type !== "status") pending.onMessage?.(msg);
    if (isIdle(msg) && pending.replyStatus) pending.settle(pending.replyStatus);
  }

  private async readLoop(socket: zmq.Dealer | zmq.Subscriber, handle: (msg: JupyterMessage) => void): Promise<void> {
    try {
      for await (const frames of socket) {
        try {
          handle(decode(this.info.key, frames as Buffer[]));
        } catch {
          // A malformed or foreign message: ignore it, as Jupyter clients do.
        }
      }
    } catch {
      // The socket was closed (shutdown); nothing left to read.
    }
  }

  private onExit(): void {
    this.alive = false;
    running.delete(this);
    for (const pending of [...this.pending.values()]) pending.settle("dead");
    this.closeSockets();
  }

  private closeSockets(): void {
    for (const socket of [this.shell, this.iopub]) if (!socket.closed) socket.close();
    fs.rmSync(this.connectionDir, { recursive: true, force: true });
  }

  /** Kills the kernel at once and removes its connection folder; for exit paths that cannot wait. */
  killNow(): void {
    running.delete(this);
    if (this.alive) this.child.kill("SIGKILL");
    this.closeSockets();
  }

  /** Stops the kernel: SIGTERM, then SIGKILL if it lingers. Safe to call twice. */
  async shutdown(): Promise<void> {
    if (this.alive) {
      this.child.kill("SIGTERM");
      const timer = setTimeout(() => this.child.kill("SIGKILL"), 2000);
      await this.exited;
      clearTimeout(timer);
    }
    this.closeSockets();
  }
}

/** How long to wait for a request's iopub "idle" once its shell reply has arrived. */
const IDLE_GRACE_MS = 5000;

function isIdle(msg: JupyterMessage): boolean {
  return msg.header.msg_type === "status" && msg.content.execution_state === "idle";
}
