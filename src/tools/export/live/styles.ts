/** The live pages' styles (assets/live/live.css): toolbar, editors, run buttons, output states. */
export const LIVE_CSS = `
.live-toolbar { position: sticky; top: 0; z-index: 10; display: flex; flex-wrap: wrap; gap: .5em; align-items: center;
  padding: .5em 0; background: #fff; border-bottom: 1px solid var(--line); }
.live-toolbar button, .code-cell .prompt button { font: inherit; font-size: 90%; padding: .2em .7em; border: 1px solid var(--line);
  border-radius: 6px; background: #f6f8fa; cursor: pointer; }
.live-toolbar button:hover, .code-cell .prompt button:hover { background: #eaeef2; }
.live-status, .live-save-state { color: var(--muted); font-size: 90%; }
.live-save-state[data-save-state="saved"] { color: var(--ok); }
.live-explain { color: var(--muted); font-size: 85%; }
.live-editor { flex: 1; min-width: 0; border: 1px solid var(--line); border-radius: 6px; overflow: hidden; }
.live-editor .cm-editor { font-size: 13px; }
.live-editor .cm-editor.cm-focused { outline: 2px solid #0969da55; }
.code-cell .prompt { display: flex; flex-direction: column; align-items: flex-end; gap: .3em; }
.code-cell.running .live-editor { border-color: #bf8700; }
.code-cell[data-run-status="error"] .live-editor { border-color: var(--bad); }
.published-note { margin: 0; color: var(--muted); font-size: 80%; font-style: italic; }
.published-outputs { opacity: .85; }
.live-interrupted { color: var(--bad); }
.output-file a { font-weight: 600; }
`;
