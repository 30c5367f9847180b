/**
 * The options page: a card per enabled firewall (address, authentication, watch, last check),
 * the hosts granted without a known address, adding a firewall, the default drain window, and
 * the history of recent checks.
 */
import browser from 'webextension-polyfill';
import { applyAuthEdit, type AuthEdit, type AuthEditRefusal } from '../shared/firewall-auth.ts';
import {
  clearHistory,
  loadOptions,
  saveOptions,
  type Options,
  type WatchSetting,
} from '../shared/options-storage.ts';
import { forgetRevokedFirewalls } from '../shared/revoked-firewalls.ts';
import type { Translate } from '../ui/i18n.ts';
import { AddFirewallForm } from './add-firewall-form.tsx';
import { AddressUnknownList } from './address-unknown-list.tsx';
import { DrainWindowSetting } from './drain-window-setting.tsx';
import { FirewallCard } from './firewall-card.tsx';
import { firewallCards } from './firewall-cards.ts';
import { HistorySection } from './history-section.tsx';
import { requestNotifications } from './notification-permission.ts';
import { withAuth, withFirewallAdded, withHaBackup, withWatch } from './options-edits.ts';
import { useOptionsData } from './use-options-data.ts';

/** Applies an edit to what storage holds now (another tab or the background may have written). */
async function saveEdited(edit: (latest: Options) => Options): Promise<void> {
  await saveOptions(edit(await loadOptions()));
}

async function saveAuth(origin: string, edit: AuthEdit): Promise<AuthEditRefusal | null> {
  const latest = await loadOptions();
  const result = applyAuthEdit(origin, latest.auth[origin], edit);
  if (!result.ok) return result.refusal;
  await saveOptions(withAuth(latest, origin, result.setting));
  return null;
}

function saveWatch(origin: string, watch: WatchSetting | null): Promise<void> {
  return saveEdited((latest) => withWatch(latest, origin, watch));
}

export function OptionsPage({ t }: { t: Translate }) {
  const [data, reload] = useOptionsData();
  if (!data) return null;
  const { cards, addressUnknown } = firewallCards({
    grantedPatterns: data.patterns,
    options: data.options,
    historyOrigins: data.history.map((entry) => entry.origin),
    lastLooks: data.lastLooks,
    notificationsGranted: data.notificationsGranted,
    haPairs: data.haPairs,
  });
  const disable = (patterns: readonly string[]) => {
    // The background forgets their settings too (permissions.onRemoved); done here as well so
    // the cards are right at once.
    void browser.permissions
      .remove({ origins: [...patterns] })
      .then(() => forgetRevokedFirewalls())
      .then(reload);
  };

  return (
    <main>
      <h1>{t('optionsTitle')}</h1>
      <h2>{t('optionsFirewalls')}</h2>
      {cards.length === 0 && addressUnknown.length === 0 && (
        <p class="muted">{t('optionsNoFirewalls')}</p>
      )}
      <div class="cards">
        {cards.map((card) => (
          <FirewallCard
            key={card.origin}
            card={card}
            t={t}
            onSaveAuth={(edit) => saveAuth(card.origin, edit)}
            onSaveWatch={(watch) => saveWatch(card.origin, watch)}
            onSaveHaBackup={(backup) =>
              saveEdited((latest) => withHaBackup(latest, card.origin, backup))
            }
            requestNotifications={requestNotifications}
            onDisable={() => {
              disable(card.accessPatterns);
            }}
          />
        ))}
        <AddressUnknownList
          patterns={addressUnknown}
          t={t}
          onDisable={(pattern) => {
            disable([pattern]);
          }}
        />
      </div>

      <h2>{t('optionsAddFirewall')}</h2>
      <AddFirewallForm
        t={t}
        onAdded={(origin) => saveEdited((latest) => withFirewallAdded(latest, origin))}
      />
      <p class="muted">{t('optionsSecretsNote')}</p>

      <DrainWindowSetting
        windowMs={data.options.defaultDrainWindowMs}
        t={t}
        onSave={(windowMs) =>
          saveEdited((latest) => ({ ...latest, defaultDrainWindowMs: windowMs }))
        }
      />

      <HistorySection
        history={data.history}
        t={t}
        onClear={() => {
          void clearHistory(null).then(reload);
        }}
      />
    </main>
  );
}
