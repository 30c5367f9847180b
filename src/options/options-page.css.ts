/**
 * The options page's cards, after OPNsense's own content boxes (a header bar over a white box,
 * dark grey in its dark theme), on top of the shared extension-page look.
 */
export const OPTIONS_PAGE_CSS = `
:root { --card-bg: #fff; --card-head: #f5f5f5; --note-bg: #fff8e1; --note-border: #f0c36d; }
@media (prefers-color-scheme: dark) {
  :root { --card-bg: #262626; --card-head: #333; --note-bg: #3a3020; --note-border: #8a6d2b; }
  body { background: #1b1b1b; }
}
main { max-width: 960px; }
.cards { display: grid; gap: 12px; }
.card { background: var(--card-bg); border: 1px solid var(--border); border-radius: 3px; }
.card-head { display: flex; align-items: center; justify-content: space-between; gap: 8px;
  padding: 6px 10px; background: var(--card-head); border-bottom: 1px solid var(--border); }
.card-head h3 { margin: 0; font-size: 14px; font-weight: 600; overflow-wrap: anywhere; }
.card-body { padding: 4px 10px 8px; }
.card-columns { display: grid; grid-template-columns: repeat(auto-fit, minmax(320px, 1fr)); gap: 0 16px; }
.card-columns > fieldset { margin: 8px 0; }
.card-foot { display: flex; gap: 16px; justify-content: space-between; flex-wrap: wrap; }
.card-foot p { margin: 4px 0; }
legend { font-weight: 600; padding: 0 4px; }
input[type=checkbox], input[type=radio] { accent-color: var(--accent); }
input[type=number] { min-width: 6em; width: 6em; }
.card input[type=text], .card input[type=password] { flex: 1 1 16em; min-width: 0; }
label:has(input:disabled) { color: var(--muted); }
.note { background: var(--note-bg); border-left: 3px solid var(--note-border); padding: 4px 8px; }
ul.plain { list-style: none; margin: 4px 0; padding: 0; }
ul.plain li { margin: 4px 0; }
code { overflow-wrap: anywhere; }
`;
