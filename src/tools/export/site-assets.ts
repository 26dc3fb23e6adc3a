/** The site's own stylesheet. Kept as code so the build carries it into dist/. */

export const SITE_CSS = `
:root { --text: #1f2328; --muted: #59636e; --line: #d1d9e0; --code-bg: #f6f8fa; --ok: #1a7f37; --bad: #cf222e; }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.6 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--text); }
.site-header, .site-footer { display: flex; flex-wrap: wrap; gap: 1em; align-items: baseline; justify-content: space-between;
  padding: .6em 1.5em; border-bottom: 1px solid var(--line); background: #fafbfc; }
.site-footer { border-top: 1px solid var(--line); border-bottom: 0; margin-top: 3em; }
.site-header a, .site-footer a { color: inherit; }
.site-title { font-weight: 600; text-decoration: none; }
.pager { display: flex; gap: 1.5em; }
main { max-width: 60em; margin: 0 auto; padding: 1em 1.5em; }
.cell { margin: 1em 0; }
.code-cell .input { display: flex; gap: .5em; }
.prompt { flex: 0 0 4.5em; color: var(--muted); font: 12px/2 ui-monospace, monospace; text-align: right; }
pre { margin: 0; padding: .6em .8em; overflow-x: auto; background: var(--code-bg); border-radius: 6px; font: 13px/1.45 ui-monospace, SFMono-Regular, Menlo, monospace; }
.code-cell .input pre { flex: 1; min-width: 0; border: 1px solid var(--line); }
pre code.hljs { padding: 0; background: transparent; } /* the <pre> is the box; highlight.js's theme would draw a second */
.outputs { margin-left: 5em; }
.output { margin: .4em 0; overflow-x: auto; }
.output pre { background: transparent; padding: .2em .8em; }
pre.output-stderr { background: #fff5f5; }
pre.output-error { background: #ffebe9; color: #82071e; }
.output-image { max-width: 100%; }
.plotly-figure { min-height: 100px; }
details.collapsed { flex: 1; min-width: 0; }
details.collapsed > summary { color: var(--muted); cursor: pointer; font-size: 90%; }
.check { font: 14px/1.6 ui-monospace, monospace; padding: .1em .5em; }
.check-badge { display: inline-block; width: 1.4em; text-align: center; border-radius: 50%; color: #fff; font-weight: 700; }
.check-ok .check-badge { background: var(--ok); }
.check-failed .check-badge { background: var(--bad); }
.check-failed { background: #ffebe9; }
.check-detail, .check-id { color: var(--muted); }
.math-display { overflow-x: auto; overflow-y: hidden; }
.math-error { color: var(--bad); }
.chapters { padding-left: 0; list-style: none; } /* titles carry the book's numbers */
.chapters li { margin: .4em 0; }
.book-chapter { font-size: 1.1em; margin: 1.4em 0 .2em; } /* the book's chapters, under "Contents" */
.book-chapter + .chapters { margin-top: .2em; }
.chapter-checks { margin-left: .6em; color: var(--ok); font-size: 90%; }
.chapter-checks .check-failed { color: var(--bad); background: none; }
.downloads li { margin: .2em 0; }
.download-all a { font-weight: 600; }
table { border-collapse: collapse; }
th, td { border: 1px solid var(--line); padding: .3em .6em; }
`;
