/**
 * The panel's CSS, injected inside its shadow root so OPNsense's Bootstrap cannot restyle it and
 * it cannot restyle the page. Colours follow OPNsense's palette; `data-theme="dark"` is set when
 * the page's own background is dark.
 */
export const PANEL_CSS = `
:host { all: initial; }
.hrg {
  --bg: #ffffff; --fg: #222; --muted: #555; --border: #d6d6d6; --code-bg: #f4f4f4;
  --ok: #2e7d32; --warning: #a15c00; --danger: #c62828; --progress: #1565c0; --accent: #c24600; --accent-fg: #ffffff;
  position: fixed; right: 16px; bottom: 16px; z-index: 2147483000;
  max-width: min(560px, calc(100vw - 32px)); max-height: calc(100vh - 32px); overflow: auto;
  box-sizing: border-box; font: 13px/1.45 "SourceSansPro", "Helvetica Neue", Arial, sans-serif;
  color: var(--fg); background: var(--bg); border: 1px solid var(--border);
  border-left: 5px solid var(--tone); border-radius: 4px; box-shadow: 0 4px 16px rgba(0,0,0,.25);
  padding: 10px 14px;
}
.hrg[data-theme="dark"] {
  --bg: #2b2b2b; --fg: #e8e8e8; --muted: #bdbdbd; --border: #4a4a4a; --code-bg: #1e1e1e;
  --ok: #66bb6a; --warning: #ffb74d; --danger: #ef5350; --progress: #64b5f6; --accent: #ff8a50; --accent-fg: #1a1a1a;
}
.hrg[data-tone="ok"] { --tone: var(--ok); }
.hrg[data-tone="warning"] { --tone: var(--warning); }
.hrg[data-tone="danger"] { --tone: var(--danger); }
.hrg[data-tone="progress"] { --tone: var(--progress); }
.hrg.compact { max-width: 420px; }
.head { display: flex; align-items: flex-start; gap: 8px; }
.title { flex: 1; margin: 0; font-size: 14px; font-weight: 600; color: var(--fg); }
.hrg[data-tone="danger"] .title { color: var(--danger); }
p { margin: 6px 0; }
.muted { color: var(--muted); }
table { border-collapse: collapse; width: 100%; margin: 8px 0; font-size: 12px; }
th, td { text-align: left; padding: 3px 6px; border-bottom: 1px solid var(--border); vertical-align: top; }
td.cmd { font-family: ui-monospace, Menlo, Consolas, monospace; word-break: break-all; }
.role-orphan { color: var(--danger); font-weight: 600; }
.role-predecessor { color: var(--warning); }
pre { background: var(--code-bg); padding: 6px 8px; margin: 6px 0; white-space: pre-wrap; word-break: break-word;
  font: 12px/1.4 ui-monospace, Menlo, Consolas, monospace; }
.commands li { display: flex; gap: 6px; align-items: center; margin: 3px 0; }
.commands code { flex: 1; background: var(--code-bg); padding: 3px 6px; font: 12px ui-monospace, Menlo, Consolas, monospace; }
.commands { list-style: none; padding: 0; margin: 6px 0; }
.actions { display: flex; flex-wrap: wrap; gap: 8px; margin-top: 8px; }
.diagnostics { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; margin-top: 8px; }
.diagnostics label { display: flex; gap: 4px; align-items: center; color: var(--muted); }
.alternative { margin-top: 10px; border-top: 1px solid var(--border); padding-top: 6px; }
.stop-progress progress { width: 100%; height: 8px; accent-color: var(--progress); margin: 6px 0 0; }
button { font: inherit; cursor: pointer; border-radius: 3px; padding: 5px 10px; border: 1px solid var(--border);
  background: var(--bg); color: var(--fg); }
button.primary { background: var(--accent); border-color: var(--accent); color: var(--accent-fg); font-weight: 600; }
button:disabled { opacity: .6; cursor: progress; }
button:focus-visible { outline: 2px solid var(--progress); outline-offset: 2px; }
button.close { border: none; background: transparent; font-size: 16px; line-height: 1; padding: 2px 6px; color: var(--muted); }
.spinner { display: inline-block; width: 10px; height: 10px; border: 2px solid var(--progress);
  border-right-color: transparent; border-radius: 50%; animation: spin .8s linear infinite; margin-right: 6px; }
@keyframes spin { to { transform: rotate(360deg); } }
@media (prefers-reduced-motion: reduce) { .spinner { animation: none; } }
`;
