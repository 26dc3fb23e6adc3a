/**
 * What makes an exported page live: its notebook (sources, for Reset page and Download .ipynb) as
 * inert JSON, and the live scripts and stylesheet (./assets). The page stays readable without
 * them: the code and the published outputs are ordinary HTML.
 */
import type { Notebook } from "../ipynb";
import { LIVE_ASSETS } from "./assets";

export interface LiveParts {
  head: string;
  scripts: string;
}

/** `name` is the notebook's file name without .ipynb; `student` pages keep edits in the browser's storage. */
export function livePageParts(notebook: Notebook, name: string, student: boolean): LiveParts {
  const withoutOutputs: Notebook = {
    ...notebook,
    cells: notebook.cells.map((c) => (c.cell_type === "code" ? { ...c, outputs: [], execution_count: null } : c)),
  };
  const data = { name, student, notebook: withoutOutputs, mnistScript: LIVE_ASSETS.mnist };
  const json = JSON.stringify(data).replace(/</g, "\\u003c");
  return {
    head: `<link rel="stylesheet" href="${LIVE_ASSETS.css}">\n`,
    scripts: `<script type="application/json" id="nndl-live">${json}</script>\n` +
      `<script src="${LIVE_ASSETS.worker}"></script>\n<script src="${LIVE_ASSETS.page}"></script>\n`,
  };
}
