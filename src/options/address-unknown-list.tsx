/**
 * Hosts the admin granted (from the popup, the menu, or the browser's own settings) for which the
 * extension knows no firewall address yet: access is per host, the address also needs the port.
 * Each can be disabled here; entering its address under "Add a firewall" gives it a card.
 */
import { useId } from 'preact/hooks';
import type { Translate } from '../ui/i18n.ts';

export interface AddressUnknownListProps {
  readonly patterns: readonly string[];
  readonly t: Translate;
  readonly onDisable: (pattern: string) => void;
}

export function AddressUnknownList({ patterns, t, onDisable }: AddressUnknownListProps) {
  const id = useId();
  if (patterns.length === 0) return null;
  return (
    <section class="card" data-testid="address-unknown" aria-labelledby={`${id}-name`}>
      <header class="card-head">
        <h3 id={`${id}-name`}>{t('optionsAddressUnknown')}</h3>
      </header>
      <div class="card-body">
        <p class="muted">{t('optionsAddressUnknownHelp')}</p>
        <ul class="plain">
          {patterns.map((pattern, index) => (
            <li key={pattern} class="row">
              <code id={`${id}-${String(index)}`}>{pattern}</code>
              <button
                type="button"
                aria-describedby={`${id}-${String(index)}`}
                onClick={() => {
                  onDisable(pattern);
                }}
              >
                {t('optionsRemove')}
              </button>
            </li>
          ))}
        </ul>
      </div>
    </section>
  );
}
