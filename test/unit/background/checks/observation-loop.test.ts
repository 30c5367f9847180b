/**
 * The look-and-retry policy on its own, with a real store and a fake firewall: which errors are
 * retried, that a look nobody asked for is one look, the look anyway when the page never
 * reports, no look once access is gone, and every API call counted once. The baseline's timing
 * rule is tested here too (baseline-capture.ts).
 */
import { describe, expect, it } from 'vitest';
import { BASELINE_LIST_MAX_MS } from '../../../../src/background/checks/baseline-capture.ts';
import { createCheckStore } from '../../../../src/background/checks/check-store.ts';
import {
  createObservationLoop,
  OUTCOME_TIMEOUT_MS,
  RETRY_LIMIT,
  type ObservationLoop,
} from '../../../../src/background/checks/observation-loop.ts';
import { createOpnsenseClient } from '../../../../src/opnsense/client.ts';
import type { CheckRecord } from '../../../../src/shared/check-state.ts';
import { FakeFirewall } from '../fake-firewall.ts';
import { ManualClock } from '../manual-clock.ts';

const ORIGIN = 'https://fw.example.lan';
const TAB = 3;

function setup() {
  const clock = new ManualClock();
  const firewall = new FakeFirewall(clock.now, clock.setTimer);
  firewall.start();
  clock.advance(3_600_000);
  const enabled = new Set([ORIGIN]);
  const finished: CheckRecord[] = [];
  let nextId = 0;
  let loop: ObservationLoop | null = null;
  const store = createCheckStore({
    now: clock.now,
    setTimer: clock.setTimer,
    clearTimer: clock.clearTimer,
    publish: () => Promise.resolve(),
    finished: () => Promise.resolve(),
    forget: () => Promise.resolve(),
    due: (id) => void loop?.observe(id),
    dropped: (id) => loop?.forget(id),
  });
  loop = createObservationLoop({
    store,
    clientFor: ({ origin }) =>
      Promise.resolve(
        createOpnsenseClient({
          origin,
          auth: { kind: 'session', csrfToken: null },
          fetch: firewall.fetch,
        }),
      ),
    now: clock.now,
    newId: () => `check-${++nextId}`,
    defaultDrainWindowMs: () => Promise.resolve(300_000),
    stillEnabled: (origin) => Promise.resolve(enabled.has(origin)),
    async finish(record) {
      store.cancel(record.id);
      const done = { ...record, phase: 'done' as const };
      await store.update(done);
      finished.push(done);
    },
  });
  return { clock, firewall, store, loop, enabled, finished };
}

type Setup = ReturnType<typeof setup>;
const ended = (env: Setup) => () => env.finished.length > 0;

describe('observation loop', () => {
  it('gives up at once on an error no retry fixes', async () => {
    const env = setup();
    env.firewall.overrides.set('get_activity', { status: 401, body: '' });
    await env.loop.begin(ORIGIN, TAB, 'manual');
    await env.clock.runUntil(ended(env));
    expect(env.finished[0]?.error?.kind).toBe('session-expired');
    expect(env.firewall.count('get_activity')).toBe(1);
  });

  it('tries a passing error again, RETRY_LIMIT looks in all, then reports it', async () => {
    const env = setup();
    env.firewall.overrides.set('get_activity', { status: 500, body: '' });
    await env.loop.begin(ORIGIN, TAB, 'manual');
    await env.clock.runUntil(ended(env));
    expect(env.finished[0]?.error?.kind).toBe('server');
    expect(env.firewall.count('get_activity')).toBe(RETRY_LIMIT);
  });

  it('looks once for a look nobody asked for, even on a passing error', async () => {
    const env = setup();
    env.firewall.overrides.set('get_activity', { status: 500, body: '' });
    await env.loop.begin(ORIGIN, null, 'page-open');
    await env.clock.runUntil(ended(env));
    expect(env.firewall.count('get_activity')).toBe(1);
  });

  it('looks anyway when the page never reports the outcome of Apply', async () => {
    const env = setup();
    const { id } = await env.loop.begin(ORIGIN, TAB, 'apply', true);
    await env.clock.runFor(OUTCOME_TIMEOUT_MS - 1);
    expect(env.firewall.count('get_activity')).toBe(0);
    await env.clock.runUntil(ended(env));
    expect(env.store.get(id)?.verdict?.kind).toBe('not-reloaded');
  });

  it('drops a check whose firewall is no longer enabled, without a request', async () => {
    const env = setup();
    const { id } = await env.loop.begin(ORIGIN, TAB, 'manual');
    env.enabled.clear();
    await env.clock.runFor(60_000);
    expect(env.store.get(id)).toBeUndefined();
    expect(env.firewall.requests).toHaveLength(0);
  });

  it('counts every call once, the baseline included', async () => {
    const env = setup();
    const { id } = await env.loop.begin(ORIGIN, TAB, 'apply');
    await env.clock.flush();
    await env.loop.pageOutcome(TAB, ORIGIN, { step: 'configtest', ok: true, detail: '' });
    env.firewall.reload();
    await env.loop.pageOutcome(TAB, ORIGIN, { step: 'reconfigure', ok: true, detail: 'ok' });
    await env.clock.runUntil(ended(env));
    expect(env.store.get(id)?.verdict?.kind).toBe('clean');
    expect(env.store.get(id)?.apiCalls).toBe(env.firewall.requests.length);
  });

  it('keeps a baseline process list only if it answered soon after the click, but counts it', async () => {
    const env = setup();
    env.firewall.latencyMs.set('get_activity', BASELINE_LIST_MAX_MS + 500);
    const { id } = await env.loop.begin(ORIGIN, TAB, 'apply');
    await env.clock.runFor(BASELINE_LIST_MAX_MS + 1_000);
    const record = env.store.get(id);
    expect(record?.baseline?.pids).toBeNull();
    expect(record?.baseline?.currentPid).toBe(env.firewall.pidfilePid);
    expect(record?.processListCalls).toBe(1);
    expect(record?.apiCalls).toBe(env.firewall.requests.length);
  });
});
