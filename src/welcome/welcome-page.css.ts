/** The welcome page's few additions to the options' look: a narrower column, roomier text. */
export const WELCOME_PAGE_CSS = `
main { max-width: 720px; margin: 0 auto; padding: 12px 0 24px; }
h1 { font-size: 20px; }
.lead { font-size: 14px; }
ol.ways { padding-left: 1.4em; }
ol.ways li { margin: 4px 0; }
.enable { margin-top: 12px; padding: 6px 12px 10px; }
`;
