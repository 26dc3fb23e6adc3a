/** `path` in the page's worker: POSIX paths, the few functions the library uses. */
export const sep = "/";

export function normalize(p: string): string {
  const out: string[] = [];
  for (const part of p.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") out.pop();
    else out.push(part);
  }
  return "/" + out.join("/");
}

export const join = (...parts: string[]): string => normalize(parts.join("/"));
export const resolve = (...parts: string[]): string => {
  // Relative to where a notebook's kernel starts (fs.ts's CWD).
  const from = parts.reduce((acc, p) => (p.startsWith("/") ? p : `${acc}/${p}`), "/nndl/notebooks");
  return normalize(from);
};
export const dirname = (p: string): string => {
  const n = normalize(p);
  const i = n.lastIndexOf("/");
  return i <= 0 ? "/" : n.slice(0, i);
};
export const basename = (p: string, ext?: string): string => {
  const base = normalize(p).split("/").pop() ?? "";
  return ext && base.endsWith(ext) ? base.slice(0, -ext.length) : base;
};
export const extname = (p: string): string => {
  const base = basename(p);
  const i = base.lastIndexOf(".");
  return i > 0 ? base.slice(i) : "";
};
export const isAbsolute = (p: string): boolean => p.startsWith("/");
export const relative = (from: string, to: string): string => {
  const a = normalize(from).split("/").filter(Boolean), b = normalize(to).split("/").filter(Boolean);
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  return [...a.slice(i).map(() => ".."), ...b.slice(i)].join("/");
};
export const posix = { sep, normalize, join, resolve, dirname, basename, extname, isAbsolute, relative };
