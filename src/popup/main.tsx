/**
 * The toolbar popup: this firewall's state, the last verdict, "Check now", and enabling the
 * extension on the firewall of the current tab.
 */
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import browser from 'webextension-polyfill';
import type { ExtensionPageMessage, TabSummary } from '../shared/messages.ts';
import { parseTabSummary } from '../shared/messages-schema.ts';
import { parseFirewallAddress } from '../shared/origins.ts';
import { sendsInClear } from '../shared/transport-security.ts';
import { EXTENSION_PAGE_CSS } from '../ui/extension-page.css.ts';
import { browserTranslator } from '../ui/browser-translator.ts';
import { checkLabel, resultLabel } from '../ui/verdict-label.ts';
import { describeCheck, offersDiagnostics, rowsFor } from '../ui/check-view.ts';
import { DiagnosticsCopy } from '../ui/DiagnosticsCopy.tsx';
import { diagnosticsReport } from '../ui/diagnostics-report.ts';
import type { CheckRecord } from '../shared/check-state.ts';

const t = browserTranslator();

function send(message: ExtensionPageMessage): Promise<unknown> {
  return browser.runtime.sendMessage(message);
}

/** The background's summary of a tab; an answer that is not one shows as none yet. */
async function tabSummary(tabId: number): Promise<TabSummary | null> {
  return parseTabSummary(await send({ type: 'tab-summary', tabId }));
}

/**
 * The tab the popup speaks about: the active tab, or — when this page was opened in a tab of its
 * own — the most recently used web page.
 */
async function targetTabId(): Promise<number | null> {
  const [active] = await browser.tabs.query({ active: true, currentWindow: true });
  if (active?.id !== undefined && /^https?:/.test(active.url ?? '')) return active.id;
  const tabs = await browser.tabs.query({ url: ['http://*/*', 'https://*/*'] });
  tabs.sort((a, b) => (b.lastAccessed ?? 0) - (a.lastAccessed ?? 0));
  return tabs[0]?.id ?? active?.id ?? null;
}

/** "41233 (current), 40001 (orphan)": the processes the last verdict saw. */
function processSummary(check: CheckRecord): string {
  if (!check.verdict) return '';
  return rowsFor(check.verdict, t)
    .map((row) => (row.role === 'unknown' ? String(row.pid) : `${row.pid} (${row.roleLabel})`))
    .join(', ');
}

/** The diagnostics of the check the popup shows, built at the click. */
function reportFor(check: CheckRecord): (includeAddress: boolean) => string {
  return (includeAddress) =>
    diagnosticsReport({
      record: check,
      extensionVersion: browser.runtime.getManifest().version,
      includeAddress,
    });
}

/** "HAProxy is stopped", with the same one-click way back as the panel. */
function StartHaproxy({ title, onStart }: { title: string; onStart: () => void }) {
  const [clicked, setClicked] = useState(false);
  return (
    <div role="alert" data-testid="popup-stopped">
      <p>
        <strong>{title}</strong>
      </p>
      <button
        type="button"
        class="primary"
        disabled={clicked}
        onClick={() => {
          setClicked(true);
          onStart();
        }}
      >
        {clicked ? t('startBusy') : t('startButton')}
      </button>
    </div>
  );
}

function Popup() {
  const [tabId, setTabId] = useState<number | null>(null);
  const [summary, setSummary] = useState<TabSummary | null>(null);
  const [justEnabled, setJustEnabled] = useState(false);

  const refresh = async (id: number) => {
    setSummary(await tabSummary(id));
  };
  useEffect(() => {
    void targetTabId().then((id) => {
      setTabId(id);
      if (id !== null) void refresh(id);
    });
  }, []);
  useEffect(() => {
    if (tabId === null) return undefined;
    const timer = setInterval(() => void refresh(tabId), 1_000);
    return () => {
      clearInterval(timer);
    };
  }, [tabId]);

  if (!summary) return <p class="muted">…</p>;
  const address = summary.url ? parseFirewallAddress(summary.url) : null;
  return (
    <main>
      <h1>{t('extName')}</h1>
      {summary.origin && <p class="muted">{summary.origin}</p>}
      {summary.origin && sendsInClear(summary.origin) && (summary.enabled || address) && (
        <p class="error" data-testid="plain-http-warning">
          {t('plainHttpWarning')}
        </p>
      )}
      {!summary.enabled && address && (
        <>
          <p>{t('popupNotEnabled')}</p>
          <button
            type="button"
            class="primary"
            onClick={() => {
              // permissions.request must run synchronously inside the click (Firefox).
              void browser.permissions
                .request({ origins: [address.permissionPattern] })
                .then((granted) => {
                  setJustEnabled(granted);
                  if (tabId !== null) void refresh(tabId);
                });
            }}
          >
            {t('popupEnable')}
          </button>
        </>
      )}
      {summary.enabled && (
        <>
          <p>{t('popupEnabled')}</p>
          {justEnabled && <p class="muted">{t('popupReloadHint')}</p>}
          {!summary.haproxyPage && <p class="muted">{t('popupNotOpnsense')}</p>}
          <h2>{t('popupLastVerdict')}</h2>
          {summary.check ? (
            <>
              <p data-testid="popup-verdict">
                {checkLabel(summary.check, t)} ·{' '}
                {new Date(summary.check.verdictAt ?? summary.check.startedAt).toLocaleTimeString()}
              </p>
              {summary.check.phase === 'done' && summary.check.error && (
                <p data-testid="popup-error">{describeCheck(summary.check, t).title}</p>
              )}
              {summary.check.phase === 'done' && summary.check.error?.kind === 'certificate' && (
                <div class="row">
                  <button
                    type="button"
                    class="primary"
                    onClick={() => {
                      if (tabId !== null) void send({ type: 'open-gui-for-tab', tabId });
                    }}
                  >
                    {t('openGuiButton')}
                  </button>
                </div>
              )}
              {processSummary(summary.check) && (
                <p class="muted" data-testid="popup-processes">
                  {t('popupProcesses', [processSummary(summary.check)])}
                </p>
              )}
              {offersDiagnostics(summary.check, describeCheck(summary.check, t)) && (
                <DiagnosticsCopy t={t} report={reportFor(summary.check)} />
              )}
              {describeCheck(summary.check, t).canStart && (
                <StartHaproxy
                  title={describeCheck(summary.check, t).title}
                  onStart={() => {
                    if (tabId !== null)
                      void send({ type: 'start-for-tab', tabId }).then(() => refresh(tabId));
                  }}
                />
              )}
            </>
          ) : summary.lastHistory ? (
            <p data-testid="popup-verdict">
              {resultLabel(summary.lastHistory.result, t)} ·{' '}
              {new Date(summary.lastHistory.at).toLocaleString()}
            </p>
          ) : (
            <p class="muted">{t('popupNoCheck')}</p>
          )}
          <div class="row">
            <button
              type="button"
              class="primary"
              onClick={() => {
                if (tabId !== null)
                  void send({ type: 'check-now-for-tab', tabId }).then(() => refresh(tabId));
              }}
            >
              {t('popupCheckNow')}
            </button>
          </div>
        </>
      )}
      <p>
        <a
          href="#"
          onClick={(event) => {
            event.preventDefault();
            void browser.runtime.openOptionsPage();
          }}
        >
          {t('popupOptions')}
        </a>
      </p>
    </main>
  );
}

const style = document.createElement('style');
style.textContent = `${EXTENSION_PAGE_CSS} body { width: 320px; } .diagnostics { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; margin: 8px 0; }`;
document.head.append(style);
const root = document.getElementById('app');
if (root) render(<Popup />, root);
