/** Entry of the welcome page, opened once on install: the options' look, then the page. */
import { render } from 'preact';
import browser from 'webextension-polyfill';
import { loadOptions, saveOptions } from '../shared/options-storage.ts';
import { withFirewallAdded } from '../options/options-edits.ts';
import { OPTIONS_PAGE_CSS } from '../options/options-page.css.ts';
import { EXTENSION_PAGE_CSS } from '../ui/extension-page.css.ts';
import { browserTranslator } from '../ui/browser-translator.ts';
import { WELCOME_PAGE_CSS } from './welcome-page.css.ts';
import { WelcomePage } from './welcome-page.tsx';

const t = browserTranslator();

const style = document.createElement('style');
style.textContent = `${EXTENSION_PAGE_CSS}${OPTIONS_PAGE_CSS}${WELCOME_PAGE_CSS}`;
document.head.append(style);
document.documentElement.lang = t('optionsLanguage');
document.title = t('welcomeTitle');
const root = document.getElementById('app');
if (root) {
  render(
    <WelcomePage
      t={t}
      // The same record the options page writes, so the firewall gets its card there.
      saveFirewall={async (origin) => {
        await saveOptions(withFirewallAdded(await loadOptions(), origin));
      }}
      openOptions={() => browser.runtime.openOptionsPage()}
    />,
    root,
  );
}
