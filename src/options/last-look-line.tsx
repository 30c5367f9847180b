/**
 * A firewall's last check on its card: when, what it found, what started it. A status region, so
 * a screen reader announces a look the background takes while the page is open (the page reloads
 * `lastLooks` on every storage change).
 */
import type { LastLook } from '../shared/last-look.ts';
import type { Translate } from '../ui/i18n.ts';
import { lastLookText } from './firewall-cards.ts';

export function LastLookLine({ look, t }: { look: LastLook | null; t: Translate }) {
  return (
    <p class="last-look" role="status" data-testid="last-look">
      {lastLookText(look, t, (at) => new Date(at).toLocaleString())}
    </p>
  );
}
