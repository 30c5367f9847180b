/**
 * Turns what the page's own request answered into an outcome, the way the page itself judges it
 * (docs/opnsense.md §3): configtest fails when its output contains `ALERT`; reconfigure succeeds when
 * `status` is "ok"; the service actions succeed when they answer at all.
 */
import { isRecord } from '../core/json-fields.ts';
import type { PageOutcome } from '../shared/check-state.ts';

const DETAIL_LIMIT = 2_000;

export function interpretPageResponse(raw: string): PageOutcome | null {
  let message: unknown;
  try {
    message = JSON.parse(raw);
  } catch {
    return null;
  }
  if (!isRecord(message)) return null;
  const { action, status, body } = message;
  if (typeof action !== 'string' || typeof status !== 'number' || typeof body !== 'string') {
    return null;
  }
  let answer: Readonly<Record<string, unknown>> = {};
  try {
    const parsed: unknown = JSON.parse(body);
    if (isRecord(parsed)) answer = parsed;
  } catch {
    // Not JSON: judged by the HTTP status below.
  }
  const httpOk = status >= 200 && status < 300;
  switch (action) {
    case 'configtest': {
      const result = typeof answer.result === 'string' ? answer.result : '';
      const alerts = result
        .split('\n')
        .filter((line) => line.includes('ALERT'))
        .join('\n');
      return {
        step: 'configtest',
        ok: httpOk && typeof answer.result === 'string' && alerts === '',
        detail: (alerts || (httpOk ? '' : `HTTP ${status}`)).slice(0, DETAIL_LIMIT),
      };
    }
    case 'reconfigure': {
      const reported = typeof answer.status === 'string' ? answer.status.trim() : '';
      return {
        step: 'reconfigure',
        ok: httpOk && reported.toLowerCase() === 'ok',
        detail: (reported || `HTTP ${status}`).slice(0, DETAIL_LIMIT),
      };
    }
    case 'start':
    case 'restart': {
      const response = typeof answer.response === 'string' ? answer.response.trim() : '';
      return {
        step: 'service-action',
        ok: httpOk && 'response' in answer,
        detail: (response || `HTTP ${status}`).slice(0, DETAIL_LIMIT),
      };
    }
    default:
      return null;
  }
}
