/**
 * The on-page panel. Renders a CheckView; every string from the firewall goes in as a text node.
 */
import { useEffect, useState } from 'preact/hooks';
import type { CheckView } from './check-view.ts';
import { DiagnosticsCopy } from './DiagnosticsCopy.tsx';
import type { Translate } from './i18n.ts';

export interface PanelProps {
  readonly view: CheckView;
  readonly theme: 'light' | 'dark';
  readonly t: Translate;
  /** Get the click event, so the content script can tell a person's click from a script's. */
  readonly onRestart: (event: Event) => void;
  readonly onStart: (event: Event) => void;
  readonly onCheckAgain: (event: Event) => void;
  readonly onDismiss: (event: Event) => void;
  readonly onOpenGui: (event: Event) => void;
  readonly copyText: (text: string) => Promise<void>;
  /** The diagnostics for an upstream report, when the panel offers them (check-view.ts). */
  readonly diagnostics?: ((includeAddress: boolean) => string) | null;
  readonly now?: () => number;
}

export function Panel({
  view,
  theme,
  t,
  onRestart,
  onStart,
  onCheckAgain,
  onDismiss,
  onOpenGui,
  copyText,
  diagnostics = null,
  now = Date.now,
}: PanelProps) {
  const secondsLeft = useCountdown(view.countdownTo, now);
  const acting = view.restarting || view.starting;
  const busy = acting || view.tone === 'progress';
  return (
    <section
      class={view.compact ? 'hrg compact' : 'hrg'}
      data-theme={theme}
      data-tone={view.tone}
      role={view.live}
      aria-live={view.live === 'alert' ? 'assertive' : 'polite'}
      aria-label={t('panelLabel')}
      aria-busy={busy}
    >
      <div class="head">
        {busy && <span class="spinner" aria-hidden="true" />}
        <h2 class="title">{view.title}</h2>
        {!acting && (
          <button
            type="button"
            class="close"
            onClick={onDismiss}
            aria-label={t('dismissButton')}
            title={t('dismissButton')}
          >
            ×
          </button>
        )}
      </div>
      {/* Which firewall this is about: a tab can show several GUIs in turn. */}
      <p class="firewall muted">{t('panelFirewall', [view.firewall])}</p>
      {view.lines.map((line) => (
        <p key={line}>{line}</p>
      ))}
      {secondsLeft !== null && <p class="muted">{t('drainingCountdown', [secondsLeft])}</p>}
      {view.stopProgress && <StopProgress {...view.stopProgress} t={t} now={now} />}
      {view.detail && <pre>{view.detail}</pre>}
      {view.processes.length > 0 && (
        <table>
          <thead>
            <tr>
              <th scope="col">{t('columnPid')}</th>
              <th scope="col">{t('columnRole')}</th>
              <th scope="col">{t('columnCommand')}</th>
            </tr>
          </thead>
          <tbody>
            {view.processes.map((row) => (
              <tr key={row.pid} data-pid={row.pid} data-role={row.role}>
                <td>{row.pid}</td>
                <td class={`role-${row.role}`}>{row.roleLabel}</td>
                <td class="cmd">{row.command}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {view.manualCommands.length > 0 && (
        <ul class="commands">
          {view.manualCommands.map((command) => (
            <CommandLine key={command} command={command} t={t} copyText={copyText} />
          ))}
        </ul>
      )}
      {view.canRestart && view.restartCost && (
        <p class="muted" data-testid="restart-cost">
          {view.restartCost}
        </p>
      )}
      {(view.canRestart || acting || view.canStart || view.canCheckAgain || view.canOpenGui) && (
        <div class="actions">
          {(view.canRestart || view.restarting) && (
            <button type="button" class="primary" disabled={acting} onClick={onRestart}>
              {view.restarting ? t('restartBusy') : t('restartButton')}
            </button>
          )}
          {(view.canStart || view.starting) && (
            <button type="button" class="primary" disabled={acting} onClick={onStart}>
              {view.starting ? t('startBusy') : t('startButton')}
            </button>
          )}
          {view.canOpenGui && (
            <button type="button" class="primary" onClick={onOpenGui}>
              {t('openGuiButton')}
            </button>
          )}
          {view.canCheckAgain && !acting && (
            <button type="button" onClick={onCheckAgain}>
              {t('checkAgainButton')}
            </button>
          )}
        </div>
      )}
      {view.canRestart && view.alternative && (
        <div class="alternative" data-testid="alternative">
          <p class="muted">{view.alternative.note}</p>
          <ul class="commands">
            {view.alternative.commands.map((command) => (
              <CommandLine key={command} command={command} t={t} copyText={copyText} />
            ))}
          </ul>
        </div>
      )}
      {diagnostics && <DiagnosticsCopy t={t} report={diagnostics} />}
    </section>
  );
}

function CommandLine({
  command,
  t,
  copyText,
}: {
  command: string;
  t: Translate;
  copyText: (text: string) => Promise<void>;
}) {
  const [copied, setCopied] = useState(false);
  return (
    <li>
      <code>{command}</code>
      <button
        type="button"
        onClick={() => {
          void copyText(command).then(() => {
            setCopied(true);
          });
        }}
      >
        {copied ? t('copied') : t('copyButton')}
      </button>
    </li>
  );
}

/**
 * How far a stop has come against how long the stop settings let it take. A stop may outlast
 * that (configd's queue, a slow `top`); the bar then stays full and says so.
 */
function StopProgress({
  from,
  expectedMs,
  t,
  now,
}: {
  from: number;
  expectedMs: number;
  t: Translate;
  now: () => number;
}) {
  useTicking();
  const elapsedMs = Math.max(0, now() - from);
  const elapsed = Math.floor(elapsedMs / 1_000);
  const limit = Math.max(1, Math.round(expectedMs / 1_000));
  const over = elapsedMs > expectedMs;
  const caption = over ? t('stopProgressOver', [elapsed]) : t('stopProgress', [elapsed, limit]);
  return (
    <div class="stop-progress">
      <progress max={limit} value={Math.min(elapsed, limit)} aria-label={caption} />
      <p class="muted">{caption}</p>
    </div>
  );
}

function useTicking(): void {
  const [, setTick] = useState(0);
  useEffect(() => {
    const timer = setInterval(() => {
      setTick((tick) => tick + 1);
    }, 1_000);
    return () => {
      clearInterval(timer);
    };
  }, []);
}

/** Whole seconds until `deadline`, ticking once a second; null without a deadline. */
function useCountdown(deadline: number | null, now: () => number): number | null {
  const [, setTick] = useState(0);
  useEffect(() => {
    if (deadline === null) return undefined;
    const timer = setInterval(() => {
      setTick((tick) => tick + 1);
    }, 1_000);
    return () => {
      clearInterval(timer);
    };
  }, [deadline]);
  return deadline === null ? null : Math.max(0, Math.ceil((deadline - now()) / 1_000));
}
