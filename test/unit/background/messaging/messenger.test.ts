/**
 * The background's message handling with the real check runner against a fake firewall and an
 * in-memory browser: who may see, end, dismiss or restart which check.
 */
import { createJournalStore } from '../../../../src/background/remediation/remediation-journal.ts';
import { MemoryArea } from '../runner-env.ts';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Runtime } from 'webextension-polyfill';
import { createOpnsenseClient } from '../../../../src/opnsense/client.ts';
import type { CheckRecord } from '../../../../src/shared/check-state.ts';
import {
  createFakeBrowser,
  EXTENSION_BASE,
  EXTENSION_ID,
  type FakeBrowser,
} from '../../fake-browser.ts';
import { FakeFirewall } from '../fake-firewall.ts';
import { ManualClock } from '../manual-clock.ts';

let fake: FakeBrowser = createFakeBrowser();
vi.mock('webextension-polyfill', () => ({
  default: new Proxy(
    {},
    { get: (_target, key) => fake.browser[key as keyof FakeBrowser['browser']] },
  ),
}));
const { createMessenger } = await import('../../../../src/background/messaging/messenger.ts');
const { isOriginEnabled } =
  await import('../../../../src/background/permissions/enabled-origins.ts');
const { createCheckRunner } = await import('../../../../src/background/checks/check-runner.ts');
const { createRateLimiter, CHECKS_PER_WINDOW } =
  await import('../../../../src/shared/rate-limit.ts');
const { forgetCheck, loadChecks, storeCheck } =
  await import('../../../../src/background/checks/stored-checks.ts');

const A = 'https://fw-a.lan:8443';
const B = 'https://fw-b.lan';
const PAGE_A = `${A}/ui/haproxy#users`;
const PAGE_B = `${B}/ui/haproxy`;

function setup() {
  fake = createFakeBrowser({ origins: ['https://fw-a.lan/*', 'https://fw-b.lan/*'] });
  const clock = new ManualClock();
  const firewalls = new Map(
    [A, B].map((origin) => [origin, new FakeFirewall(clock.now, clock.setTimer)]),
  );
  for (const firewall of firewalls.values()) firewall.start();
  clock.advance(3_600_000);
  let next = 0;
  const runner = createCheckRunner({
    clientFor: (origin, csrfToken) =>
      Promise.resolve(
        createOpnsenseClient({
          origin,
          auth: { kind: 'session', csrfToken },
          fetch:
            firewalls.get(origin)?.fetch ??
            (() => Promise.reject(new TypeError('Failed to fetch'))),
        }),
      ),
    now: clock.now,
    setTimer: clock.setTimer,
    clearTimer: clock.clearTimer,
    publish: storeCheck,
    finished: () => Promise.resolve(),
    defaultDrainWindowMs: () => Promise.resolve(300_000),
    newId: () => `check-${++next}`,
    forget: forgetCheck,
    stillEnabled: isOriginEnabled,
    journal: createJournalStore(new MemoryArea()),
    csrfTokenFor: () => Promise.resolve(null),
  });
  const badges: { tabId: number; check: CheckRecord | null }[] = [];
  const openedGuis: { origin: string; tabId: number | null }[] = [];
  const handle = createMessenger({
    runner,
    ready: Promise.resolve(),
    showBadge: (tabId, check) => {
      badges.push({ tabId, check });
      return Promise.resolve();
    },
    newChecks: createRateLimiter<number>({ now: clock.now }),
    openGui: (origin, tabId) => {
      openedGuis.push({ origin, tabId });
      return Promise.resolve();
    },
  });
  const fromTab = (
    tabId: number,
    url: string,
    message: unknown,
    extra: Partial<Runtime.MessageSender> = {},
  ) => {
    fake.setTab(tabId, url);
    // What the browser fills in for our content script in the top frame of that tab.
    const sender = { id: EXTENSION_ID, tab: { id: tabId }, url, frameId: 0, ...extra };
    return handle(message, sender as Runtime.MessageSender);
  };
  const fromPopup = (message: unknown) =>
    handle(message, { id: EXTENSION_ID, url: `${EXTENSION_BASE}src/popup/index.html` });
  return { clock, firewalls, runner, fromTab, fromPopup, badges, openedGuis };
}
type Env = ReturnType<typeof setup>;

/** An Apply on tab 7 of firewall A that leaves an orphan: a final duplicate. */
async function duplicateOnA(env: Env, tabId = 7): Promise<CheckRecord> {
  const firewall = env.firewalls.get(A);
  await env.fromTab(tabId, PAGE_A, { type: 'action-clicked', trigger: 'apply' });
  await env.clock.flush();
  await env.fromTab(tabId, PAGE_A, {
    type: 'page-outcome',
    outcome: { step: 'configtest', ok: true, detail: '' },
  });
  firewall?.reload({ orphan: true });
  await env.fromTab(tabId, PAGE_A, {
    type: 'page-outcome',
    outcome: { step: 'reconfigure', ok: true, detail: 'ok' },
  });
  await env.clock.runUntil(() => env.runner.forTab(tabId, A)?.phase === 'done');
  const check = env.runner.forTab(tabId, A);
  expect(check?.verdict?.kind).toBe('duplicate');
  if (!check) throw new Error('no check');
  return check;
}

let env: Env;
beforeEach(() => {
  env = setup();
});

describe('a tab that moves to another firewall', () => {
  it('gets nothing of the first firewall’s check on the second firewall’s page', async () => {
    const check = await duplicateOnA(env);
    // Same tab, now on firewall B: its page load must not be answered with A's warning.
    expect(await env.fromTab(7, PAGE_B, { type: 'content-ready' })).toBeNull();
    expect(env.badges.at(-1)).toEqual({ tabId: 7, check: null });
    // Back on A, the tab finds its check again.
    expect(await env.fromTab(7, PAGE_A, { type: 'content-ready' })).toMatchObject({ id: check.id });
  });

  it('cannot end the first firewall’s check with the second firewall’s page report', async () => {
    await env.fromTab(7, PAGE_A, { type: 'action-clicked', trigger: 'apply' });
    await env.fromTab(7, PAGE_B, {
      type: 'page-outcome',
      outcome: { step: 'reconfigure', ok: false, detail: 'failed' },
    });
    const check = env.runner.forTab(7, A);
    expect(check?.phase).toBe('waiting-for-reload');
    expect(check?.failure).toBeNull();
  });

  it('cannot restart or dismiss the first firewall’s check from the second firewall’s page', async () => {
    const check = await duplicateOnA(env);
    expect(
      await env.fromTab(7, PAGE_B, { type: 'remediate', checkId: check.id, csrfToken: 't' }),
    ).toBe(false);
    await env.fromTab(7, PAGE_B, { type: 'dismiss', checkId: check.id });
    expect(env.runner.get(check.id)?.phase).toBe('done');
    expect(env.firewalls.get(A)?.count('/service/stop')).toBe(0);
  });

  it('shows the popup the check of the firewall the tab shows now', async () => {
    await duplicateOnA(env);
    fake.setTab(7, PAGE_B);
    const summary = (await env.fromPopup({ type: 'tab-summary', tabId: 7 })) as {
      check: unknown;
      origin: string;
    };
    expect(summary.origin).toBe(B);
    expect(summary.check).toBeNull();
  });
});

describe('restart', () => {
  it('runs for a final duplicate, asked from its own tab on its own firewall', async () => {
    const check = await duplicateOnA(env);
    const restarted = env.fromTab(7, PAGE_A, {
      type: 'remediate',
      checkId: check.id,
      csrfToken: 't',
    });
    await env.clock.runUntil(() => env.runner.get(check.id)?.remediation?.step === 'done');
    expect(await restarted).toBe(true);
    expect(env.firewalls.get(A)?.count('/service/stop')).toBe(1);
  });

  it('is refused from another tab of the same firewall', async () => {
    const check = await duplicateOnA(env);
    expect(
      await env.fromTab(8, PAGE_A, { type: 'remediate', checkId: check.id, csrfToken: 't' }),
    ).toBe(false);
    expect(env.firewalls.get(A)?.count('/service/stop')).toBe(0);
  });

  it('is refused for a check that is not a final duplicate', async () => {
    await env.fromTab(7, PAGE_A, { type: 'check-now' });
    const running = env.runner.forTab(7, A);
    expect(running?.phase).toBe('observing');
    expect(
      await env.fromTab(7, PAGE_A, { type: 'remediate', checkId: running?.id, csrfToken: 't' }),
    ).toBe(false);
    await env.clock.runUntil(() => env.runner.forTab(7, A)?.phase === 'done');
    expect(env.runner.forTab(7, A)?.verdict?.kind).toBe('clean');
    expect(
      await env.fromTab(7, PAGE_A, { type: 'remediate', checkId: running?.id, csrfToken: 't' }),
    ).toBe(false);
    expect(env.firewalls.get(A)?.count('/service/stop')).toBe(0);
  });
});

describe('open the firewall GUI (to accept its certificate)', () => {
  it('opens the GUI of the check’s own firewall from its own tab, and nothing from another firewall’s page', async () => {
    const check = await duplicateOnA(env);
    await env.fromTab(7, PAGE_B, { type: 'open-gui', checkId: check.id });
    await env.fromTab(8, PAGE_A, { type: 'open-gui', checkId: check.id });
    expect(env.openedGuis).toEqual([]);
    await env.fromTab(7, PAGE_A, { type: 'open-gui', checkId: check.id });
    expect(env.openedGuis).toEqual([{ origin: A, tabId: 7 }]);
  });

  it('opens, from the popup, the GUI of the firewall its tab shows', async () => {
    await env.fromTab(7, PAGE_A, { type: 'content-ready' });
    await env.fromPopup({ type: 'open-gui-for-tab', tabId: 7 });
    expect(env.openedGuis).toEqual([{ origin: A, tabId: 7 }]);
  });
});

describe('dismiss', () => {
  it('forgets the check in storage.session too, so a restarted background does not bring it back', async () => {
    const check = await duplicateOnA(env);
    expect((await loadChecks()).map((stored) => stored.id)).toEqual([check.id]);
    await env.fromTab(7, PAGE_A, { type: 'dismiss', checkId: check.id });
    expect(env.runner.get(check.id)).toBeUndefined();
    expect(await loadChecks()).toEqual([]);
  });

  it('forgets an unfinished check as well', async () => {
    await env.fromTab(7, PAGE_A, { type: 'action-clicked', trigger: 'apply' });
    const check = env.runner.forTab(7, A);
    await env.fromTab(7, PAGE_A, { type: 'dismiss', checkId: check?.id });
    expect(await loadChecks()).toEqual([]);
  });

  it('is refused from another tab', async () => {
    const check = await duplicateOnA(env);
    await env.fromTab(8, PAGE_A, { type: 'dismiss', checkId: check.id });
    expect(env.runner.get(check.id)).toBeDefined();
  });
});

describe('new checks per tab', () => {
  it(`allows ${CHECKS_PER_WINDOW} a minute on one tab, then refuses until the window moves on`, async () => {
    for (let i = 0; i < CHECKS_PER_WINDOW + 3; i++) {
      await env.fromTab(7, PAGE_A, { type: 'action-clicked', trigger: 'apply' });
      env.clock.advance(1_000);
    }
    const firewall = env.firewalls.get(A);
    // Each accepted click reads the baseline (statistics/info) once.
    expect(firewall?.count('/statistics/info')).toBe(CHECKS_PER_WINDOW);
    // Another tab is not held up by this one.
    await env.fromTab(8, PAGE_A, { type: 'check-now' });
    expect(env.runner.forTab(8, A)).not.toBeNull();
    env.clock.advance(60_000);
    const before = env.runner.forTab(7, A)?.id;
    await env.fromTab(7, PAGE_A, { type: 'check-now' });
    expect(env.runner.forTab(7, A)?.id).not.toBe(before);
  });

  it('counts the popup’s "Check now" for the tab it checks', async () => {
    fake.setTab(7, PAGE_A);
    const answers = [];
    for (let i = 0; i < CHECKS_PER_WINDOW + 1; i++) {
      answers.push(await env.fromPopup({ type: 'check-now-for-tab', tabId: 7 }));
    }
    expect(answers.filter((answer) => answer !== null)).toHaveLength(CHECKS_PER_WINDOW);
    expect(answers.at(-1)).toBeNull();
  });
});

describe('senders', () => {
  it.each<[string, string, Partial<Runtime.MessageSender>]>([
    ['another extension', PAGE_A, { id: 'someone-else' }],
    ['a frame inside the page', PAGE_A, { frameId: 3 }],
    ['a page that is not the HAProxy page', `${A}/ui/core/service`, {}],
    ['a look-alike path', `${A}/ui/haproxyfoo`, {}],
    ['a firewall that is not enabled', 'https://fw-c.lan/ui/haproxy', {}],
  ])('ignores %s', async (_name, url, extra) => {
    const answer = await env.fromTab(7, url, { type: 'check-now' }, extra);
    expect(answer ?? null).toBeNull();
    expect(env.runner.all()).toEqual([]);
  });

  it('ignores a message of an unknown shape', () => {
    expect(env.fromTab(7, PAGE_A, { type: 'remediate', checkId: 42 })).toBeUndefined();
  });
});
