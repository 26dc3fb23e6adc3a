/**
 * What makes an exported page live: a `<meta name="nndl-live">` with the page's settings, the live
 * scripts and stylesheet (./assets), and on a student page its notebook as inert JSON. The page stays readable without
 * them: the code and the published outputs are ordinary HTML.
 */
import type { Notebook } from "../../nbformat";
import { escapeHtml } from "../../../html";
import { LIVE_ASSETS } from "./assets";

export interface LiveParts {
  head: string;
  scripts: string;
}

/** What the page script reads from `<meta name="nndl-live">`. */
export interface LiveConfig {
  name: string;
  student: boolean;
  mnistScript: string;
}

/**
 * `name` is the notebook's file name without .ipynb. A chapter page's script reads the published
 * source from the page's code; a `student` page also carries its whole notebook (for Download
 * .ipynb) as inert JSON, and keeps edits in the browser's storage.
 */
export function livePageParts(notebook: Notebook, name: string, student: boolean): LiveParts {
  const config: LiveConfig = { name, student, mnistScript: LIVE_ASSETS.mnist };
  const data = student
    ? `<script type="application/json" id="nndl-live-notebook">${JSON.stringify(notebook).replace(/</g, "\\u003c")}</script>\n`
    : "";
  return {
    head: `<meta name="nndl-live" content="${escapeHtml(JSON.stringify(config))}">\n<link rel="stylesheet" href="${LIVE_ASSETS.css}">\n`,
    scripts: `${data}<script src="${LIVE_ASSETS.worker}"></script>\n<script src="${LIVE_ASSETS.page}"></script>\n`,
  };
}
