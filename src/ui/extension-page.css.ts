/** Shared look of the popup and the options page (plain, close to OPNsense's own forms). */
export const EXTENSION_PAGE_CSS = `
:root { color-scheme: light dark; --accent: #d94f00; --muted: #666; --border: #d6d6d6; --error: #c62828; --focus: #1565c0; }
/* Lighter red and blue on the dark background: the light theme's fall below 4.5:1 (text) and 3:1 (focus ring) there. */
@media (prefers-color-scheme: dark) { :root { --muted: #aaa; --border: #4a4a4a; --error: #ef5350; --focus: #64b5f6; } }
body { font: 13px/1.45 "Helvetica Neue", Arial, sans-serif; margin: 0; padding: 12px 14px; }
h1 { font-size: 15px; margin: 0 0 8px; }
h2 { font-size: 14px; margin: 16px 0 6px; }
p { margin: 6px 0; }
.muted { color: var(--muted); }
button { font: inherit; padding: 5px 10px; border-radius: 3px; border: 1px solid var(--border); cursor: pointer; }
button.primary { background: var(--accent); border-color: var(--accent); color: #fff; font-weight: 600; }
button:focus-visible, input:focus-visible, a:focus-visible { outline: 2px solid var(--focus); outline-offset: 1px; }
input[type=text], input[type=password], input[type=number], input[type=url] { font: inherit; padding: 4px 6px; min-width: 16em; }
label { display: block; margin: 6px 0 2px; }
table { border-collapse: collapse; width: 100%; font-size: 12px; }
th, td { text-align: left; padding: 3px 6px; border-bottom: 1px solid var(--border); }
.row { display: flex; gap: 8px; align-items: center; flex-wrap: wrap; }
.row + .row { margin-top: 8px; }
.error { color: var(--error); }
fieldset { border: 1px solid var(--border); margin: 8px 0; padding: 6px 10px; }
`;
