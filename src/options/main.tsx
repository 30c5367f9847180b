/**
 * Options: the enabled firewalls (host permissions), how to authenticate to each, the default
 * drain window, and the history of recent checks (export as JSON, clear).
 */
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import browser from 'webextension-polyfill';
import { applyAuthEdit, authViewOf, type AuthEdit } from '../shared/firewall-auth.ts';
import type { HistoryEntry } from '../shared/messages.ts';
import {
  clearHistory,
  loadHistory,
  loadOptions,
  saveOptions,
  type Options,
} from '../shared/options-storage.ts';
import { parseFirewallAddress, patternCoversOrigin } from '../shared/origins.ts';
import { forgetRevokedFirewalls } from '../shared/revoked-firewalls.ts';
import { patternSendsInClear } from '../shared/transport-security.ts';
import { EXTENSION_PAGE_CSS } from '../ui/extension-page.css.ts';
import { translatorFrom } from '../ui/i18n.ts';
import { resultLabel } from '../ui/verdict-label.ts';
import { AuthEditor } from './auth-editor.tsx';

const t = translatorFrom((key, substitutions) => browser.i18n.getMessage(key, substitutions));

async function grantedPatterns(): Promise<string[]> {
  const { origins = [] } = await browser.permissions.getAll();
  return origins.filter((origin) => /^(https?|\*):\/\//.test(origin)).sort();
}

function OptionsPage() {
  const [patterns, setPatterns] = useState<string[]>([]);
  const [options, setOptions] = useState<Options | null>(null);
  const [history, setHistory] = useState<HistoryEntry[]>([]);
  const [address, setAddress] = useState('');
  const [addressError, setAddressError] = useState(false);
  const [saved, setSaved] = useState(false);

  const reload = async () => {
    setPatterns(await grantedPatterns());
    setOptions(await loadOptions());
    setHistory(await loadHistory());
  };
  useEffect(() => {
    void reload();
    const onChange = () => void reload();
    browser.permissions.onAdded.addListener(onChange);
    browser.permissions.onRemoved.addListener(onChange);
    browser.storage.onChanged.addListener(onChange);
    return () => {
      browser.permissions.onAdded.removeListener(onChange);
      browser.permissions.onRemoved.removeListener(onChange);
      browser.storage.onChanged.removeListener(onChange);
    };
  }, []);
  if (!options) return null;

  const update = async (next: Options) => {
    setOptions(next);
    await saveOptions(next);
    setSaved(true);
  };
  // Applied to what storage holds now: this page never holds a secret to write back.
  const saveAuth = async (origin: string, edit: AuthEdit) => {
    const latest = await loadOptions();
    const result = applyAuthEdit(origin, latest.auth[origin], edit);
    if (!result.ok) return result.refusal;
    await update({ ...latest, auth: { ...latest.auth, [origin]: result.setting } });
    return null;
  };
  const origins = [
    ...new Set([...Object.keys(options.auth), ...history.map((entry) => entry.origin)]),
  ];

  return (
    <main>
      <h1>{t('optionsTitle')}</h1>
      <h2>{t('optionsFirewalls')}</h2>
      {patterns.length === 0 && <p class="muted">{t('optionsNoFirewalls')}</p>}
      <ul data-testid="firewalls">
        {patterns.map((pattern) => (
          <li key={pattern}>
            <span class="row">
              <code>{pattern}</code>
              <button
                type="button"
                onClick={() => {
                  // The background forgets them too (permissions.onRemoved); done here as well so
                  // the list below is right at once.
                  void browser.permissions
                    .remove({ origins: [pattern] })
                    .then(() => forgetRevokedFirewalls())
                    .then(reload);
                }}
              >
                {t('optionsRemove')}
              </button>
            </span>
            {patternSendsInClear(pattern) && (
              <p class="error" data-testid="plain-http-warning">
                {t('plainHttpWarning')}
              </p>
            )}
            {origins
              .filter((origin) => patternCoversOrigin(pattern, origin))
              .map((origin) => (
                <AuthEditor
                  key={origin}
                  origin={origin}
                  view={authViewOf(origin, options.auth[origin])}
                  t={t}
                  onSave={(edit) => saveAuth(origin, edit)}
                />
              ))}
          </li>
        ))}
      </ul>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          const parsed = parseFirewallAddress(address);
          setAddressError(parsed === null);
          if (!parsed) return;
          // Synchronous in the submit handler: the browsers require a user gesture.
          void browser.permissions
            .request({ origins: [parsed.permissionPattern] })
            .then(async (granted) => {
              if (!granted) return;
              setAddress('');
              const latest = await loadOptions();
              await update({
                ...latest,
                auth: { [parsed.origin]: { kind: 'session' }, ...latest.auth },
              });
              await reload();
            });
        }}
      >
        <label for="address">{t('optionsAddressLabel')}</label>
        <span class="row">
          <input
            id="address"
            type="text"
            value={address}
            onInput={(event) => {
              setAddress(event.currentTarget.value);
            }}
          />
          <button type="submit" class="primary">
            {t('optionsAdd')}
          </button>
        </span>
        {addressError && <p class="error">{t('optionsInvalidAddress')}</p>}
      </form>
      <p class="muted">{t('optionsSecretsNote')}</p>

      <h2>
        <label for="drain">{t('optionsDrainWindow')}</label>
      </h2>
      <input
        id="drain"
        type="number"
        min={1}
        step={1}
        value={Math.round(options.defaultDrainWindowMs / 1000)}
        onChange={(event) => {
          const seconds = Number(event.currentTarget.value);
          if (Number.isFinite(seconds) && seconds >= 1) {
            void update({ ...options, defaultDrainWindowMs: seconds * 1000 });
          }
        }}
      />
      {saved && (
        <span role="status" class="muted">
          {' '}
          {t('optionsSaved')}
        </span>
      )}

      <h2>{t('optionsHistory')}</h2>
      {history.length === 0 ? (
        <p class="muted">{t('optionsHistoryEmpty')}</p>
      ) : (
        <table data-testid="history">
          <thead>
            <tr>
              <th scope="col">{t('historyTime')}</th>
              <th scope="col">{t('historyFirewall')}</th>
              <th scope="col">{t('historyTrigger')}</th>
              <th scope="col">{t('historyResult')}</th>
              <th scope="col">{t('historyPids')}</th>
            </tr>
          </thead>
          <tbody>
            {[...history].reverse().map((entry) => (
              <tr key={`${entry.origin}-${entry.at}`}>
                <td>{new Date(entry.at).toLocaleString()}</td>
                <td>{entry.origin}</td>
                <td>{entry.trigger}</td>
                <td>{resultLabel(entry.result, t)}</td>
                <td>
                  {[entry.currentPid, ...entry.otherPids].filter((pid) => pid !== null).join(', ')}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p class="row">
        <button
          type="button"
          onClick={() => {
            exportHistory(history);
          }}
          disabled={history.length === 0}
        >
          {t('optionsExport')}
        </button>
        <button
          type="button"
          onClick={() => void clearHistory(null).then(reload)}
          disabled={history.length === 0}
        >
          {t('optionsClear')}
        </button>
      </p>
    </main>
  );
}

function exportHistory(history: readonly HistoryEntry[]): void {
  const blob = new Blob([JSON.stringify(history, null, 2)], { type: 'application/json' });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = `haproxy-reload-guard-history-${new Date().toISOString().slice(0, 10)}.json`;
  link.click();
  setTimeout(() => {
    URL.revokeObjectURL(url);
  }, 1_000);
}

const style = document.createElement('style');
style.textContent = `${EXTENSION_PAGE_CSS} main { max-width: 860px; }`;
document.head.append(style);
const root = document.getElementById('app');
if (root) render(<OptionsPage />, root);
