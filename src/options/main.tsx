/** Entry of the options page: its styles and the page (see options-page.tsx). */
import { render } from 'preact';
import { EXTENSION_PAGE_CSS } from '../ui/extension-page.css.ts';
import { browserTranslator } from '../ui/browser-translator.ts';
import { OPTIONS_PAGE_CSS } from './options-page.css.ts';
import { OptionsPage } from './options-page.tsx';

const t = browserTranslator();

const style = document.createElement('style');
style.textContent = `${EXTENSION_PAGE_CSS}${OPTIONS_PAGE_CSS}`;
document.head.append(style);
// The language of the catalogue the browser picked (not the UI's: it may have fallen back to
// English), so a screen reader reads the page with the right voice.
document.documentElement.lang = t('optionsLanguage');
const root = document.getElementById('app');
if (root) render(<OptionsPage t={t} />, root);
