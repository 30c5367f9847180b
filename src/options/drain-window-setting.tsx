/** The drain window used when HAProxy sets no `hard-stop-after` (graceful or seamless mode). */
import { useState } from 'preact/hooks';
import type { Translate } from '../ui/i18n.ts';

export interface DrainWindowSettingProps {
  readonly windowMs: number;
  readonly t: Translate;
  readonly onSave: (windowMs: number) => Promise<void>;
}

export function DrainWindowSetting({ windowMs, t, onSave }: DrainWindowSettingProps) {
  const [saved, setSaved] = useState(false);
  return (
    <>
      <h2>
        <label for="drain">{t('optionsDrainWindow')}</label>
      </h2>
      <span class="row">
        <input
          id="drain"
          type="number"
          min={1}
          step={1}
          value={Math.round(windowMs / 1000)}
          onChange={(event) => {
            const seconds = Number(event.currentTarget.value);
            if (Number.isFinite(seconds) && seconds >= 1) {
              void onSave(seconds * 1000).then(() => {
                setSaved(true);
              });
            }
          }}
        />
        <span role="status" class="muted">
          {saved ? t('optionsSaved') : ''}
        </span>
      </span>
    </>
  );
}
