/**
 * "Copy diagnostics" with its "include the firewall's address" box (unticked by default): the
 * same control on the warning panel and in the popup. The text is built at the click, from the
 * check shown (diagnostics-report.ts).
 */
import { useRef, useState } from 'preact/hooks';
import { copyText } from './clipboard.ts';
import type { Translate } from './i18n.ts';

export interface DiagnosticsCopyProps {
  readonly t: Translate;
  readonly report: (includeAddress: boolean) => string;
}

export function DiagnosticsCopy({ t, report }: DiagnosticsCopyProps) {
  const [includeAddress, setIncludeAddress] = useState(false);
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  const root = useRef<HTMLDivElement>(null);
  return (
    <div class="diagnostics" ref={root} data-testid="diagnostics">
      <button
        type="button"
        onClick={() => {
          if (!root.current) return;
          // Called inside the click: both ways of copying need its user activation.
          copyText(report(includeAddress), root.current).then(
            () => {
              setState('copied');
            },
            () => {
              setState('failed');
            },
          );
        }}
      >
        {state === 'copied' ? t('diagnosticsCopied') : t('diagnosticsButton')}
      </button>
      <label>
        <input
          type="checkbox"
          checked={includeAddress}
          onChange={(event) => {
            setIncludeAddress(event.currentTarget.checked);
            setState('idle');
          }}
        />{' '}
        {t('diagnosticsIncludeAddress')}
      </label>
      {state === 'failed' && (
        <p class="muted" role="status">
          {t('diagnosticsFailed')}
        </p>
      )}
    </div>
  );
}
