/**
 * When "Restart HAProxy" and "Start HAProxy" are offered: one rule, which the panel and the popup
 * show (src/ui/check-view.ts) and the background enforces whoever asks
 * (src/background/checks/check-access.ts), so a message can never get a restart or a start the
 * panel would not have offered.
 */
import type { CheckRecord, RemediationState } from './check-state.ts';
import { standingFailure } from './page-failure.ts';

/** A remediation that changed nothing on the firewall, or ended on an error: worth the same click again. */
function retryable(remediation: RemediationState): boolean {
  const nothingSent = remediation.stopSentAt === null && remediation.startSentAt === null;
  return remediation.step === 'failed' && (nothingSent || remediation.error !== null);
}

/**
 * A final `duplicate` verdict: the orphan keeps serving the old configuration. Or a restart that
 * failed before it stopped anything, or on an error: it may be tried again. Not a restart whose
 * stop and start went through and left survivors (the panel gives the shell commands then), a
 * failed Start, a check still running, or anything clean, stopped or unknown: a restart there
 * would only take HAProxy down for nothing.
 */
export function restartOffered(record: CheckRecord): boolean {
  if (record.phase !== 'done') return false;
  const remediation = record.remediation;
  if (remediation && remediation.step !== 'done') {
    return remediation.kind === 'restart' && retryable(remediation);
  }
  return record.error === null && record.verdict?.kind === 'duplicate';
}

/**
 * HAProxy is stopped (or may be, after a restart cut off after stop): a `stopped` verdict that no
 * page-reported failure or error overrides, a remediation that ended with none running or was cut
 * off, or a Start that failed before it started anything, or on an error.
 */
export function startOffered(record: CheckRecord): boolean {
  if (record.phase === 'remediating') return false;
  const remediation = record.remediation;
  if (remediation && remediation.step !== 'done') {
    if (remediation.step === 'stopped' || remediation.step === 'cut-off') return true;
    return remediation.kind === 'start' && retryable(remediation);
  }
  if (record.phase !== 'done' || record.error !== null || standingFailure(record) !== null) {
    return false;
  }
  return record.verdict?.kind === 'stopped';
}
