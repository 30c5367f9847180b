// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CheckRecord } from '../../../src/shared/check-state.ts';
import { CLEAN_AUTO_HIDE_MS } from '../../../src/ui/check-view.ts';
import { getMessageFrom, loadCatalogue } from '../ui/catalogue.ts';
import { checkRecord, cleanVerdict } from '../check-fixtures.ts';
import { personClick } from './person-click.ts';

// The content UI reads its strings through the polyfill; give it the real English catalogue.
vi.mock('webextension-polyfill', () => ({
  default: { i18n: { getMessage: getMessageFrom(loadCatalogue('en')) } },
}));
const { createCheckUi } = await import('../../../src/content/check-ui.tsx');

const NOW = Date.UTC(2026, 10, 24, 9, 0, 0);

function cleanCheck(verdictAt: number): CheckRecord {
  return checkRecord({ startedAt: verdictAt - 1_000, verdict: cleanVerdict(41_233), verdictAt });
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
  vi.clearAllMocks();
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

describe('the panel’s buttons', () => {
  function duplicateCheck(): CheckRecord {
    const clean = cleanCheck(NOW);
    if (clean.verdict?.kind !== 'clean') throw new Error('fixture');
    return {
      ...clean,
      verdict: {
        kind: 'duplicate',
        processes: [clean.verdict.current, { ...clean.verdict.current, role: 'orphan' }],
      },
    };
  }
  const button = (text: RegExp) =>
    [...(host()?.shadowRoot?.querySelectorAll('button') ?? [])].find((candidate) =>
      text.test(candidate.textContent),
    );

  it('ignore clicks a script on the page dispatches into the open shadow root', () => {
    const ui = createCheckUi(document, actions);
    ui.show(duplicateCheck());
    button(/^Restart HAProxy/)?.click();
    button(/^Check again/)?.dispatchEvent(new MouseEvent('click', { bubbles: true }));
    host()?.shadowRoot?.querySelector<HTMLButtonElement>('button.close')?.click();
    expect(actions.restart).not.toHaveBeenCalled();
    expect(actions.checkAgain).not.toHaveBeenCalled();
    expect(actions.dismiss).not.toHaveBeenCalled();
    expect(button(/^Restart HAProxy/)?.disabled).toBe(false);
  });

  it('act on a person’s click', () => {
    const ui = createCheckUi(document, actions);
    ui.show(duplicateCheck());
    const restart = button(/^Restart HAProxy/);
    if (!restart) throw new Error('no restart button');
    personClick(restart);
    expect(actions.restart).toHaveBeenCalledWith('c1');
    expect(button(/^Restarting/)?.disabled).toBe(true);
  });

  it('check again on a person’s click', () => {
    const ui = createCheckUi(document, actions);
    ui.show(duplicateCheck());
    const checkAgain = button(/^Check again/);
    if (!checkAgain) throw new Error('no check-again button');
    personClick(checkAgain);
    expect(actions.checkAgain).toHaveBeenCalledTimes(1);
  });

  it('name the firewall the check is about', () => {
    const ui = createCheckUi(document, actions);
    ui.show(duplicateCheck());
    expect(host()?.shadowRoot?.querySelector('.firewall')?.textContent).toBe('Firewall fw.lan');
  });
});
