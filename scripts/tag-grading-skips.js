#!/usr/bin/env node
// Writes the `not-needed-for-grading` cell tags of the course notebooks: every code cell that
// `nndl grade` may skip by its static tests (src/tools/grade/grading-skips.ts), and no other. Only
// cell metadata changes. The course's CI then grades each notebook with those cells skipped and
// requires every check to come out as in the full run. Run after editing a notebook:
//   npm run tag-grading-skips
const fs = require("node:fs");
const path = require("node:path");
const { allowedSkips, GRADING_SKIP_TAG } = require("../dist/tools/grade/grading-skips");
const { readNotebook } = require("../dist/tools/nbformat");

const dir = path.join(__dirname, "..", "notebooks");
const items = Object.values(JSON.parse(fs.readFileSync(path.join(dir, "exercises.json"), "utf8")).items);
for (const name of [...new Set(items.map((i) => i.notebook))].sort()) {
  const file = path.join(dir, name);
  const nb = readNotebook(file);
  const skip = allowedSkips(
    nb,
    items.filter((i) => i.notebook === name).map((i) => i.prefix),
  );
  let changed = 0;
  nb.cells.forEach((cell, index) => {
    if (cell.cell_type !== "code") return;
    const tags = (cell.metadata.tags ?? []).filter((t) => t !== GRADING_SKIP_TAG);
    if (skip.has(index)) tags.push(GRADING_SKIP_TAG);
    const before = JSON.stringify(cell.metadata.tags ?? []);
    if (tags.length > 0) cell.metadata.tags = tags;
    else delete cell.metadata.tags;
    if (JSON.stringify(cell.metadata.tags ?? []) !== before) changed++;
  });
  if (changed > 0) fs.writeFileSync(file, JSON.stringify(nb, null, 1) + "\n");
  console.log(
    `${name}: ${skip.size} of ${nb.cells.filter((c) => c.cell_type === "code").length} code cells not needed for grading (${changed} tags changed)`,
  );
}
