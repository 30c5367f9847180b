/** The recent checks of every firewall, newest first, with export as JSON and clear. */
import type { HistoryEntry } from '../shared/messages.ts';
import type { Translate } from '../ui/i18n.ts';
import { triggerLabel } from '../ui/trigger-label.ts';
import { resultLabel } from '../ui/verdict-label.ts';

export interface HistorySectionProps {
  readonly history: readonly HistoryEntry[];
  readonly t: Translate;
  readonly onClear: () => void;
}

export function HistorySection({ history, t, onClear }: HistorySectionProps) {
  return (
    <>
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
              <tr key={`${entry.origin}-${String(entry.at)}`}>
                <td>{new Date(entry.at).toLocaleString()}</td>
                <td>{entry.origin}</td>
                <td>{triggerLabel(entry.trigger, t)}</td>
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
        <button type="button" onClick={onClear} disabled={history.length === 0}>
          {t('optionsClear')}
        </button>
      </p>
    </>
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
