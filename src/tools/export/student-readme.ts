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
export function studentReadme(courseTitle: string, notebooks: StudentEntry[], live = false): string {
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

You need the course itself once (its library and its TypeScript kernel): the \`nndl-ts\` folder
(your instructor tells you where to get it), set up with \`npm install\` (Node 20 or newer), and
Jupyter (\`pip install jupyterlab\`). On Windows' cmd, write \`%CD%\` where step 2 says \`$PWD\`.

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

Some notebooks train networks for a minute or more before or after an exercise (notebook 08, on
overfitting, takes a few minutes even with every exercise solved); the live charts show the progress.
${live ? BROWSER_SECTION : ""}
## Written answers

Exercises that ask for a derivation or an explanation have a markdown cell that reads
"*Your answer here: …*". Replace that line with your answer (Markdown, with $…$ for maths). Run All
does not stop at these cells and no check marks them: your instructor reads them.

## Handing in

Hand in the \`.ipynb\` files themselves, with their names unchanged. When your code is marked, each
notebook is run as the course's own notebook with only your code put in: what you wrote in each
exercise's cell in place of the stub, matched by cell. So write each answer **inside its exercise's
cell**: code in cells you add, and changes to the check cells, are not part of what is marked. Do
not delete or split the exercise cells. Your written answers are read in the notebooks you hand in.
`;
}

/** Where the site's pages are live notebooks: working in a browser tab instead. */
const BROWSER_SECTION = `
## Or in a browser, with nothing installed

The course site lists a live page for each of these notebooks ("run it in the browser" on its
contents page): the same cells, run in the browser tab, with the course library and full MNIST.
The page keeps your edits in that browser only (its local storage, per notebook): they survive a
reload, but not clearing the site's data or moving to another computer. **Download .ipynb** saves
the notebook with your edits; hand that file in like any other, and download often.
`;
