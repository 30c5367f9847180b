// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CheckRecord } from '../../../src/shared/check-state.ts';
import { CLEAN_AUTO_HIDE_MS } from '../../../src/ui/check-view.ts';
import { getMessageFrom, loadCatalogue } from '../ui/catalogue.ts';

// The content UI reads its strings through the polyfill; give it the real English catalogue.
vi.mock('webextension-polyfill', () => ({
  default: { i18n: { getMessage: getMessageFrom(loadCatalogue('en')) } },
}));
const { createCheckUi } = await import('../../../src/content/check-ui.tsx');

const NOW = Date.UTC(2026, 10, 24, 9, 0, 0);

function cleanCheck(verdictAt: number): CheckRecord {
  return {
    id: 'c1',
    origin: 'https://fw.lan',
    tabId: 1,
    trigger: 'apply',
    startedAt: verdictAt - 1_000,
    phase: 'done',
    baseline: null,
    outcome: null,
    failure: null,
    verdict: {
      kind: 'clean',
      current: {
        process: {
          pid: 41_233,
          threads: 1,
          argv: ['/usr/local/sbin/haproxy'],
          predecessorPids: [],
          signalMode: null,
          handoverSocket: null,
          commandCut: false,
          lastPidMayBeCut: false,
        },
        role: 'current',
        deadline: null,
        reason: 'owns-stats-socket',
      },
    },
    verdictAt,
    error: null,
    stopSettings: null,
    remediation: null,
    nextObservationAt: null,
    processListCalls: 1,
    apiCalls: 4,
  };
}

const actions = {
  checkAgain: vi.fn(),
  dismiss: vi.fn(),
  restart: vi.fn(),
  start: vi.fn(),
  openGui: vi.fn(),
};
const host = () => document.getElementById('haproxy-reload-guard');

beforeEach(() => {
  vi.useFakeTimers({ now: NOW });
});
afterEach(() => {
  vi.useRealTimers();
  document.body.innerHTML = '';
});

describe('the clean confirmation', () => {
  it('shows, then hides itself once its moment is over', () => {
    const ui = createCheckUi(document, actions);
    ui.show(cleanCheck(NOW));
    expect(host()?.shadowRoot?.textContent).toContain('PID 41233');
    vi.advanceTimersByTime(CLEAN_AUTO_HIDE_MS + 1);
    expect(host()).toBeNull();
  });

  it('is not shown again on the next page load after its moment', () => {
    const ui = createCheckUi(document, actions);
    ui.show(cleanCheck(NOW - CLEAN_AUTO_HIDE_MS - 1_000));
    expect(host()).toBeNull();
  });

  it('keeps only the rest of its time when a reload shows it again', () => {
    const ui = createCheckUi(document, actions);
    ui.show(cleanCheck(NOW - CLEAN_AUTO_HIDE_MS + 2_000));
    expect(host()).not.toBeNull();
    vi.advanceTimersByTime(2_001);
    expect(host()).toBeNull();
  });
});
