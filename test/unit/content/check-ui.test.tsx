// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CheckRecord } from '../../../src/shared/check-state.ts';
import { CLEAN_AUTO_HIDE_MS } from '../../../src/ui/check-view.ts';
import { getMessageFrom, loadCatalogue } from '../ui/catalogue.ts';
import { checkRecord, cleanVerdict } from '../check-fixtures.ts';
import { personClick, personEvent } from './person-click.ts';
import { placeInSight } from './panel-in-sight.ts';

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

  /** The duplicate warning, its Restart button laid out in plain sight. */
  function shownRestart() {
    const ui = createCheckUi(document, actions);
    ui.show(duplicateCheck());
    const restart = button(/^Restart HAProxy/);
    const panelHost = host();
    if (!restart || !panelHost) throw new Error('no restart button');
    return { restart, panelHost, placed: placeInSight(panelHost, restart) };
  }

  it('act on a person’s click', () => {
    const { restart, placed } = shownRestart();
    personClick(restart, { detail: 1, clientX: placed.x, clientY: placed.y });
    expect(actions.restart).toHaveBeenCalledWith('c1');
    expect(button(/^Restarting/)?.disabled).toBe(true);
  });

  it('ignore a person’s click on Restart made transparent over a decoy', () => {
    const { restart, panelHost, placed } = shownRestart();
    panelHost.style.opacity = '0';
    personClick(restart, { detail: 1, clientX: placed.x, clientY: placed.y });
    expect(actions.restart).not.toHaveBeenCalled();
    expect(button(/^Restart HAProxy/)?.disabled).toBe(false);
  });

  it('ignore a person’s click that reaches Restart from under something of the page', () => {
    const { restart, placed } = shownRestart();
    const decoy = document.createElement('div');
    document.body.append(decoy);
    placed.cover(decoy);
    personClick(restart, { detail: 1, clientX: placed.x, clientY: placed.y });
    expect(actions.restart).not.toHaveBeenCalled();
  });

  it('ignore the admin’s Enter on a Restart a page script focused, take it after the admin’s Tab', () => {
    const { restart } = shownRestart();
    restart.focus();
    personEvent(restart, new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    personClick(restart, { detail: 0 });
    expect(actions.restart).not.toHaveBeenCalled();

    restart.blur();
    personEvent(document.body, new KeyboardEvent('keydown', { key: 'Tab', bubbles: true }));
    restart.focus();
    personEvent(restart, new KeyboardEvent('keyup', { key: 'Tab', bubbles: true }));
    personClick(restart, { detail: 0 });
    expect(actions.restart).toHaveBeenCalledWith('c1');
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
