/**
 * Turns a kernel's iopub messages into nbformat outputs, the way Jupyter front ends do: consecutive
 * stream text of the same name is merged; display_data becomes an output; update_display_data
 * replaces the data of every earlier output with the same display_id (even in an earlier cell), so a
 * live chart ends as its final figure; a failed cell gets an `error` output (tslab sends none).
 */
import { CHECK_MIME } from "../../notebook/check";
import type { JupyterMessage } from "../kernel/messages";
import { joinSource, type Output } from "../nbformat";

export class OutputCollector {
  /** display_id -> the outputs showing it (Jupyter updates them all). */
  private readonly displays = new Map<string, Array<Extract<Output, { output_type: "display_data" }>>>();

  /** Appends what `msg` adds to `outputs` (the outputs of the cell it belongs to). */
  add(outputs: Output[], msg: JupyterMessage): void {
    const content = msg.content as Record<string, unknown>;
    switch (msg.header.msg_type) {
      case "stream":
        return this.addStream(outputs, content.name === "stderr" ? "stderr" : "stdout", String(content.text ?? ""));
      case "display_data":
      case "execute_result":
        return this.addDisplay(outputs, content);
      case "update_display_data":
        return this.update(content);
      case "error":
        outputs.push({
          output_type: "error",
          ename: String(content.ename),
          evalue: String(content.evalue),
          traceback: (content.traceback as string[]) ?? [],
        });
        return;
      case "clear_output":
        outputs.length = 0;
        return;
      default:
        return; // status, execute_input, comm messages: not outputs
    }
  }

  private addStream(outputs: Output[], name: "stdout" | "stderr", text: string): void {
    const last = outputs[outputs.length - 1];
    if (last?.output_type === "stream" && last.name === name) last.text = joinSource(last.text) + text;
    else outputs.push({ output_type: "stream", name, text });
  }

  private addDisplay(outputs: Output[], content: Record<string, unknown>): void {
    const output = {
      output_type: "display_data" as const,
      data: content.data as Record<string, unknown>,
      metadata: (content.metadata as Record<string, unknown>) ?? {},
    };
    outputs.push(output);
    const id = (content.transient as { display_id?: string } | undefined)?.display_id;
    if (id) this.displays.set(id, [...(this.displays.get(id) ?? []), output]);
  }

  private update(content: Record<string, unknown>): void {
    const id = (content.transient as { display_id?: string } | undefined)?.display_id;
    for (const output of (id && this.displays.get(id)) || []) {
      output.data = content.data as Record<string, unknown>;
      output.metadata = (content.metadata as Record<string, unknown>) ?? {};
    }
  }
}

/** The error a failed cell's stderr names: "CheckError: ✗ …" or a TypeScript diagnostic "3:7 - …". */
export function parseError(stderr: string): { ename: string; evalue: string } {
  const thrown = /^([A-Za-z_$][\w$]*(?:Error|Exception)|Error)(?: \[[^\]]*\])?: (.*)$/m.exec(stderr);
  if (thrown) return { ename: thrown[1], evalue: thrown[2] };
  const diagnostics = stderr.split("\n").filter((line) => /^\d+:\d+ - /.test(line));
  if (diagnostics.length > 0) return { ename: "TypeScriptError", evalue: diagnostics.join("; ") };
  const firstLine = stderr.split("\n").find((line) => line.trim() !== "");
  return { ename: "Error", evalue: firstLine?.trim() ?? "the cell failed without a message" };
}

/** The check record a display_data message carries (the checks' own MIME type), if any. */
export function checkRecordIn(msg: JupyterMessage): Record<string, unknown> | undefined {
  if (msg.header.msg_type !== "display_data") return undefined;
  const record = (msg.content as { data?: Record<string, unknown> }).data?.[CHECK_MIME];
  return record && typeof record === "object" ? (record as Record<string, unknown>) : undefined;
}

/** What a cell's failure names, from the stderr text among its messages (tslab sends no `error` message). */
export function errorFromMessages(messages: JupyterMessage[]): { ename: string; evalue: string } {
  const stderr = messages
    .filter((m) => m.header.msg_type === "stream" && m.content.name === "stderr")
    .map((m) => String(m.content.text))
    .join("");
  return parseError(stderr);
}
