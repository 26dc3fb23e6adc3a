/**
 * Jupyter wire protocol messages: [identities…, "<IDS|MSG>", HMAC-SHA256 signature, header,
 * parent_header, metadata, content]. https://jupyter-client.readthedocs.io/en/latest/messaging.html
 */
import { createHmac, randomBytes } from "node:crypto";

export interface JupyterMessage<C = Record<string, unknown>> {
  header: { msg_id: string; msg_type: string; session: string; username: string; date: string; version: string };
  parent_header: { msg_id?: string; msg_type?: string } & Record<string, unknown>;
  metadata: Record<string, unknown>;
  content: C;
}

const DELIMITER = "<IDS|MSG>";

export function newMessage(msgType: string, session: string, content: Record<string, unknown>): JupyterMessage {
  return {
    header: {
      msg_id: randomBytes(16).toString("hex"),
      msg_type: msgType,
      session,
      username: "nndl",
      date: new Date().toISOString(),
      version: "5.3",
    },
    parent_header: {},
    metadata: {},
    content,
  };
}

function sign(key: string, parts: string[]): string {
  const hmac = createHmac("sha256", key);
  for (const part of parts) hmac.update(part);
  return hmac.digest("hex");
}

/** The frames to send on a DEALER socket (no routing identities). */
export function encode(key: string, msg: JupyterMessage): string[] {
  const parts = [msg.header, msg.parent_header, msg.metadata, msg.content].map((p) => JSON.stringify(p));
  return [DELIMITER, sign(key, parts), ...parts];
}

/** Parses received frames; throws if the signature does not match (a message not from our kernel). */
export function decode(key: string, frames: Buffer[]): JupyterMessage {
  const at = frames.findIndex((f) => f.toString() === DELIMITER);
  if (at < 0) throw new Error("Jupyter message without <IDS|MSG> delimiter");
  const signature = frames[at + 1].toString();
  const parts = frames.slice(at + 2, at + 6).map((f) => f.toString());
  if (sign(key, parts) !== signature) throw new Error("Jupyter message with a bad HMAC signature");
  const [header, parent_header, metadata, content] = parts.map((p) => JSON.parse(p));
  return { header, parent_header, metadata, content };
}
