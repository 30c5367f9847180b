/**
 * One enabled firewall: its address (with the plain-HTTP warning where it applies), how the
 * extension authenticates to it, its watch, its HA backup, its last check, and "Disable". Every edit is saved
 * at once; the card's status line says so.
 */
import { useId, useState } from 'preact/hooks';
import type { AuthEdit, AuthEditRefusal } from '../shared/firewall-auth.ts';
import type { WatchSetting } from '../shared/options-storage.ts';
import type { Translate } from '../ui/i18n.ts';
import { AuthEditor } from './auth-editor.tsx';
import type { FirewallCard as Card } from './firewall-cards.ts';
import { HaBackupEditor } from './ha-backup-editor.tsx';
import { LastLookLine } from './last-look-line.tsx';
import { WatchEditor } from './watch-editor.tsx';

export interface FirewallCardProps {
  readonly card: Card;
  readonly t: Translate;
  readonly onSaveAuth: (edit: AuthEdit) => Promise<AuthEditRefusal | null>;
  readonly onSaveWatch: (watch: WatchSetting | null) => Promise<void>;
  readonly onSaveHaBackup: (backup: string | null) => Promise<void>;
  readonly requestNotifications: () => Promise<boolean>;
  readonly onDisable: () => void;
}

export function FirewallCard({
  card,
  t,
  onSaveAuth,
  onSaveWatch,
  onSaveHaBackup,
  requestNotifications,
  onDisable,
}: FirewallCardProps) {
  const id = useId();
  const [saved, setSaved] = useState(false);
  return (
    <section
      class="card"
      data-testid="firewall-card"
      data-origin={card.origin}
      aria-labelledby={`${id}-name`}
    >
      <header class="card-head">
        <h3 id={`${id}-name`}>{card.origin}</h3>
        <button type="button" aria-describedby={`${id}-name`} onClick={onDisable}>
          {t('optionsRemove')}
        </button>
      </header>
      <div class="card-body">
        {card.plainHttp && (
          <p class="error" data-testid="plain-http-warning">
            {t('plainHttpWarning')}
          </p>
        )}
        {card.alsoDisables.length > 0 && (
          <p class="muted">{t('optionsAlsoDisables', [card.alsoDisables.join(', ')])}</p>
        )}
        <div class="card-columns">
          <AuthEditor
            origin={card.origin}
            view={card.auth}
            t={t}
            onSave={async (edit) => {
              const refusal = await onSaveAuth(edit);
              setSaved(refusal === null);
              return refusal;
            }}
          />
          <WatchEditor
            view={card.watch}
            t={t}
            requestNotifications={requestNotifications}
            onSave={async (watch) => {
              await onSaveWatch(watch);
              setSaved(true);
            }}
          />
          {card.ha && (
            <HaBackupEditor
              view={card.ha}
              t={t}
              onSave={async (backup) => {
                await onSaveHaBackup(backup);
                setSaved(true);
              }}
            />
          )}
        </div>
        <div class="card-foot">
          <LastLookLine look={card.lastLook} t={t} />
          <p class="muted" role="status" data-testid="card-saved">
            {saved ? t('optionsSaved') : ''}
          </p>
        </div>
      </div>
    </section>
  );
}
