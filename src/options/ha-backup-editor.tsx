/**
 * A firewall as an HA master: which backup its Status › High Availability restarts are checked
 * on, the backup found at the last one (from the HA sync address, or as named here), and that
 * backup's last check. The admin names the backup when the sync address is not one the browser
 * uses (a dedicated sync interface). Saved at once.
 */
import { useId } from 'preact/hooks';
import type { Translate } from '../ui/i18n.ts';
import { haBackupText, lastLookText, type HaView } from './firewall-cards.ts';

export interface HaBackupEditorProps {
  readonly view: HaView;
  readonly t: Translate;
  /** Stores the named backup, or `null`: found from the sync address. */
  readonly onSave: (backup: string | null) => Promise<void>;
}

export function HaBackupEditor({ view, t, onSave }: HaBackupEditorProps) {
  const id = useId();
  const seen = haBackupText(view, t);
  return (
    <fieldset data-testid="ha-backup">
      <legend>{t('optionsHaBackupLabel')}</legend>
      <p class="muted" id={`${id}-about`}>
        {t('optionsHaBackupHelp')}
      </p>
      {view.choices.length > 0 && (
        <p>
          <select
            aria-label={t('optionsHaBackupLabel')}
            aria-describedby={`${id}-about`}
            data-testid="ha-backup-choice"
            value={view.named ?? ''}
            onChange={(event) => {
              const value = event.currentTarget.value;
              void onSave(value === '' ? null : value);
            }}
          >
            <option value="">{t('optionsHaBackupAuto')}</option>
            {view.choices.map((origin) => (
              <option key={origin} value={origin}>
                {origin}
              </option>
            ))}
          </select>
        </p>
      )}
      {seen !== null && <p data-testid="ha-backup-seen">{seen}</p>}
      {view.backup !== null && (
        <p class="last-look" role="status" data-testid="ha-backup-last-look">
          {t('optionsHaBackupLastLook', [
            lastLookText(view.backupLastLook, t, (at) => new Date(at).toLocaleString()),
          ])}
        </p>
      )}
    </fieldset>
  );
}
