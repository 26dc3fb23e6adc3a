/**
 * Marks: which items each student passed, and the gradebook written from them (CSV, JSON, HTML).
 *
 * An item passes when every check of it that passed in the instructor's reference run also passed
 * in the student's run, and none of its checks failed. So a check silenced by the student (a no-op
 * `checkClose`) or never reached counts as not passed, exactly like a failed one.
 */
import { escapeHtml } from "../../html";
import type { GradedRun } from "./run-graded";

export interface Item {
  number: string;
  notebook: string;
  prefix: string;
  title: string;
}

export interface StudentMarks {
  name: string;
  passed: number;
  total: number;
  items: Record<string, boolean>;
  /** Why each failed item failed (one line). */
  messages: Record<string, string>;
  seconds: number;
}

const belongs = (id: string, prefix: string) => id === prefix || id.startsWith(`${prefix}.`);

/** The check ids each item requires: those that passed in the reference run. */
export function requiredChecks(items: Item[], reference: Map<string, GradedRun>): Map<string, string[]> {
  return new Map(
    items.map((item) => {
      const run = reference.get(item.notebook);
      const ids = run ? run.checks.filter((c) => c.ok && belongs(c.id, item.prefix)).map((c) => c.id) : [];
      return [item.number, [...new Set(ids)]];
    }),
  );
}

/**
 * One student's marks. `runs` holds a run per submitted notebook, or a string saying why the
 * notebook could not be graded (absent: not submitted).
 */
export function markStudent(
  name: string,
  items: Item[],
  required: Map<string, string[]>,
  runs: Map<string, GradedRun | string>,
  seconds: number,
): StudentMarks {
  const marks: StudentMarks = { name, passed: 0, total: items.length, items: {}, messages: {}, seconds };
  for (const item of items) {
    const run = runs.get(item.notebook);
    const message = itemFailure(item, required.get(item.number) ?? [], run);
    marks.items[item.number] = message === null;
    if (message === null) marks.passed++;
    else marks.messages[item.number] = message;
  }
  return marks;
}

function itemFailure(item: Item, required: string[], run: GradedRun | string | undefined): string | null {
  if (run === undefined) return `${item.notebook} was not submitted`;
  if (typeof run === "string") return run;
  if (required.length === 0) return `the reference run has no passing check for ${item.prefix}; check the course`;
  const checks = run.checks.filter((c) => belongs(c.id, item.prefix));
  const failed = checks.find((c) => !c.ok);
  if (failed) return failed.line;
  const missing = required.find((id) => !checks.some((c) => c.id === id && c.ok));
  if (missing === undefined) return null;
  // Not run: name the first cell failure before or at the check's place in the notebook.
  const cause = run.cells.find((c) => c.status !== "ok");
  return `check ${missing} did not run${cause ? ` (cell ${cause.index + 1}: ${cause.message})` : ""}`;
}

/** student, 1, 2, …, passed, total — 1 for a passed item, 0 otherwise. */
export function gradebookCsv(items: Item[], students: StudentMarks[]): string {
  const quote = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  const header = ["student", ...items.map((i) => i.number), "passed", "total"];
  const rows = students.map((s) => [
    quote(s.name),
    ...items.map((i) => (s.items[i.number] ? "1" : "0")),
    String(s.passed),
    String(s.total),
  ]);
  return [header, ...rows].map((r) => r.join(",")).join("\n") + "\n";
}

/** The `--json` object: `students` with name, passed, total and items by number. */
export function gradebookJson(students: StudentMarks[]): {
  students: Array<Pick<StudentMarks, "name" | "passed" | "total" | "items" | "messages">>;
} {
  return {
    students: students.map(({ name, passed, total, items, messages }) => ({ name, passed, total, items, messages })),
  };
}

/** A self-contained HTML page: a sortable student × item table; each failure's message on hover and listed below. */
export function gradebookHtml(items: Item[], students: StudentMarks[], title: string): string {
  const head = items
    .map((i) => `<th title="${escapeHtml(`${i.title} (${i.notebook})`)}">${escapeHtml(i.number)}</th>`)
    .join("");
  const rows = students
    .map((s) => {
      const cells = items
        .map((i) =>
          s.items[i.number]
            ? `<td class="pass" data-v="1">✓</td>`
            : `<td class="fail" data-v="0" title="${escapeHtml(s.messages[i.number] ?? "")}">✗</td>`,
        )
        .join("");
      return `<tr><td class="name" data-v="${escapeHtml(s.name)}">${escapeHtml(s.name)}</td>${cells}<td data-v="${s.passed}"><b>${s.passed}</b> / ${s.total}</td></tr>`;
    })
    .join("\n");
  const details = students
    .map((s) => {
      const failures = items
        .filter((i) => !s.items[i.number])
        .map(
          (i) =>
            `<li><b>${escapeHtml(i.number)}</b> ${escapeHtml(i.title)}: <code>${escapeHtml(s.messages[i.number] ?? "")}</code></li>`,
        )
        .join("");
      return `<details><summary>${escapeHtml(s.name)}: ${s.passed} / ${s.total}</summary><ul>${failures || "<li>every item passed</li>"}</ul></details>`;
    })
    .join("\n");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'">
<style>
body { font-family: system-ui, sans-serif; margin: 2rem; }
table { border-collapse: collapse; font-size: 13px; }
th, td { border: 1px solid #ccc; padding: 2px 5px; text-align: center; }
th { cursor: pointer; background: #f4f4f4; position: sticky; top: 0; }
td.name { text-align: left; white-space: nowrap; }
td.pass { color: #1a7f37; } td.fail { color: #cf222e; background: #fff0f0; }
details { margin: 0.3rem 0; } code { white-space: pre-wrap; }
</style></head><body>
<h1>${escapeHtml(title)}</h1>
<p>${students.length} students, ${items.length} exercises and problems. Click a column to sort; hover a ✗ for the reason.</p>
<table id="grades"><thead><tr><th>student</th>${head}<th>passed</th></tr></thead><tbody>
${rows}
</tbody></table>
<h2>Failures</h2>
${details}
<script>
document.querySelectorAll("#grades th").forEach((th, col) => th.addEventListener("click", () => {
  const body = document.querySelector("#grades tbody");
  const rows = [...body.rows];
  const value = (r) => r.cells[col].dataset.v ?? "";
  const numeric = rows.every((r) => value(r) !== "" && !isNaN(Number(value(r))));
  const dir = th.dataset.dir === "up" ? -1 : 1;
  th.dataset.dir = dir === 1 ? "up" : "down";
  rows.sort((a, b) => dir * (numeric ? Number(value(a)) - Number(value(b)) : value(a).localeCompare(value(b))));
  rows.forEach((r) => body.appendChild(r));
}));
</script>
</body></html>
`;
}
