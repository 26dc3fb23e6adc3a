/**
 * The README that travels with the student edition (in the student folder and the zip). A student
 * who gets only the zip must learn from it where to unpack it and how to open the notebooks:
 * they import the course library by name (`import … from "nndl"`) and chapter 1's network is
 * saved to `../data/`, so the folder must sit inside the course folder, beside `notebooks/`,
 * and run on the course's tslab kernel.
 */

/** Name of the folder the zip unpacks to (and of the zip, plus ".zip"). */
export const STUDENT_FOLDER = "nndl-student";

/** One notebook of the edition: its file name and its title. */
export interface StudentEntry {
  file: string;
  title: string;
}

/** README.md for the student edition, listing `notebooks` in course order. */
export function studentReadme(courseTitle: string, notebooks: StudentEntry[]): string {
  const list = notebooks.map((n) => `- \`${n.file}\` — ${n.title}`).join("\n");
  return `# ${courseTitle}: student edition

These are the course's notebooks with every exercise's solution replaced by

\`\`\`ts
// YOUR CODE HERE
throw new Error("Not done yet: …");
\`\`\`

The checks after each exercise are kept: when you run them they tell you whether your answer is right.

${list}

## Open them

You need the course itself once (its library and its TypeScript kernel): the \`nndl-ts\` folder,
set up with \`npm install\` (Node 20 or newer), and Jupyter (\`pip install jupyterlab\`).

1. Unzip this archive **inside the course folder**, so that \`${STUDENT_FOLDER}/\` sits next to
   \`notebooks/\`. The notebooks import the course library by name (\`import … from "nndl"\`) and
   save files to \`../data/\`; both are found from there and from nowhere else.
2. In the course folder, run

   \`\`\`sh
   npm run lab -- --notebook-dir="$PWD/${STUDENT_FOLDER}"
   \`\`\`

   It registers the course's kernel ("nndl course (TypeScript · tslab)") and opens JupyterLab, or
   classic Jupyter Notebook, in this folder. Other editors (VS Code): run \`npm run kernel\` and
   use the \`JUPYTER_PATH\` line it prints.
3. Work through the notebooks in order. Run All stops at your first unsolved exercise, with the
   "Not done yet" message. Write your code in place of the two stub lines, run the cell, then the
   check cell below it: ✓ means right; ✗ shows your value next to the expected one.
`;
}
