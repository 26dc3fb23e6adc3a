/** Printed text (console.log, process.stdout) on its way from the worker to the page. */
export type StreamWriter = (name: "stdout" | "stderr", text: string) => void;

let writer: StreamWriter = () => {};

export function setStreamWriter(next: StreamWriter): void {
  writer = next;
}

export function writeStream(name: "stdout" | "stderr", text: string): void {
  writer(name, text);
}
