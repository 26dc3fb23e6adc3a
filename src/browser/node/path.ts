/** `path` in the page's worker: POSIX paths, the few functions the library uses (relative stays relative, as in Node). */
export const sep = "/";

export function normalize(p: string): string {
  const absolute = p.startsWith("/");
  const out: string[] = [];
  for (const part of p.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === ".." && out.length > 0 && out[out.length - 1] !== "..") out.pop();
    else if (part === ".." && absolute) continue;
    else out.push(part);
  }
  const joined = out.join("/");
  return absolute ? "/" + joined : joined || ".";
}

export const join = (...parts: string[]): string => normalize(parts.filter((p) => p !== "").join("/"));
/** Relative to where a notebook's kernel starts (fs.ts's CWD). */
export const resolve = (...parts: string[]): string =>
  normalize(parts.reduce((acc, p) => (p.startsWith("/") ? p : `${acc}/${p}`), "/nndl/notebooks"));
export const dirname = (p: string): string => {
  const n = normalize(p);
  const i = n.lastIndexOf("/");
  return i < 0 ? "." : i === 0 ? "/" : n.slice(0, i);
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
  const a = resolve(from).split("/").filter(Boolean),
    b = resolve(to).split("/").filter(Boolean);
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  return [...a.slice(i).map(() => ".."), ...b.slice(i)].join("/");
};
export const posix = { sep, normalize, join, resolve, dirname, basename, extname, isAbsolute, relative };
