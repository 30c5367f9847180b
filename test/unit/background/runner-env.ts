/**
 * A check runner on a fake firewall with manual time, and the browser around it: `storage.local`
 * (journal) and `storage.session` (checks) as in-memory areas that outlive a "worker". A worker
 * can be stopped at any step, the way Chrome stops an idle service worker: from then on nothing it
 * does reaches storage, its timers never fire, and a request it sends is either carried out
 * without an answer ('in-flight') or never leaves ('before-send'). A second worker then starts
 * from what storage holds, as the real one does.
 */
import { createCheckRunner } from '../../../src/background/checks/check-runner.ts';
import {
  createJournalStore,
  type RemediationJournal,
  type StorageArea,
} from '../../../src/background/remediation/remediation-journal.ts';
import { createOpnsenseClient } from '../../../src/opnsense/client.ts';
import type { CheckRecord, RemediationState } from '../../../src/shared/check-state.ts';
import { FakeFirewall } from './fake-firewall.ts';
import { ManualClock, NO_TIMER } from './manual-clock.ts';

export const ORIGIN = 'https://fw.example.lan:8443';
/** A second firewall, on another host: the one a tab may move to. */
export const OTHER_ORIGIN = 'https://fw-b.example.lan';
export const TAB = 7;

/** `browser.storage.local` in memory; values are copied as the browser serialises them. */
export class MemoryArea implements StorageArea {
  readonly items = new Map<string, unknown>();

  get(key: string): Promise<Record<string, unknown>> {
    const value = this.items.get(key);
    return Promise.resolve(value === undefined ? {} : { [key]: structuredClone(value) });
  }

  set(items: Record<string, unknown>): Promise<void> {
    for (const [key, value] of Object.entries(items)) this.items.set(key, structuredClone(value));
    return Promise.resolve();
  }
}

export function createEnv() {
  const clock = new ManualClock();
  const firewall = new FakeFirewall(clock.now, clock.setTimer);
  firewall.start();
  clock.advance(3_600_000);
  const local = new MemoryArea();
  let nextId = 0;
  return {
    clock,
    firewall,
    local,
    journal: createJournalStore(local),
    /** `storage.session`: gone with the browser, kept across workers. */
    session: new Map<string, CheckRecord>(),
    history: [] as CheckRecord[],
    /** Ids removed from storage.session, in order. */
    forgotten: [] as string[],
    /** The firewalls the admin still grants access to. */
    enabled: new Set([ORIGIN, OTHER_ORIGIN]),
    newId: () => `check-${++nextId}`,
  };
}

export type Env = ReturnType<typeof createEnv>;
export type StopMode = 'in-flight' | 'before-send';

export function startWorker(
  env: Env,
  { pageToken = 'page-token' }: { pageToken?: string | null } = {},
) {
  let state: 'alive' | 'dying' | 'dead' = 'alive';
  let dieAfter: { matches: (state: RemediationState) => boolean; mode: StopMode } | null = null;
  const published: CheckRecord[] = [];
  const finished: CheckRecord[] = [];
  const tokens: (string | null)[] = [];
  const never = () => new Promise<never>(() => undefined);

  const fetch: typeof globalThis.fetch = (input, init) => {
    if (state === 'dead') return never();
    if (state === 'dying') {
      state = 'dead';
      void env.firewall.fetch(input, init).catch(() => undefined);
      return never();
    }
    return env.firewall.fetch(input, init);
  };
  const runner = createCheckRunner({
    clientFor: (origin, csrfToken) => {
      tokens.push(csrfToken);
      return Promise.resolve(
        createOpnsenseClient({ origin, auth: { kind: 'session', csrfToken }, fetch }),
      );
    },
    now: env.clock.now,
    // A stopping worker still reaches its next request (which is where it dies).
    setTimer: (callback, delayMs) =>
      state === 'dead' ? NO_TIMER : env.clock.setTimer(callback, delayMs),
    clearTimer: env.clock.clearTimer,
    publish: (record) => {
      if (state === 'dead') return Promise.resolve();
      env.session.set(record.id, record);
      published.push(record);
      return Promise.resolve();
    },
    finished: (record) => {
      if (state !== 'dead') {
        finished.push(record);
        env.history.push(record);
      }
      return Promise.resolve();
    },
    defaultDrainWindowMs: () => Promise.resolve(300_000),
    newId: env.newId,
    journal: {
      load: () => env.journal.load(),
      save: async (journal: RemediationJournal) => {
        if (state === 'dead') return never();
        await env.journal.save(journal);
        if (dieAfter?.matches(journal.remediation)) {
          state = dieAfter.mode === 'in-flight' ? 'dying' : 'dead';
        }
      },
      clear: (origin) => (state === 'dead' ? never() : env.journal.clear(origin)),
    },
    csrfTokenFor: () => Promise.resolve(pageToken),
    forget: (id) => {
      if (state !== 'dead') {
        env.forgotten.push(id);
        env.session.delete(id);
      }
      return Promise.resolve();
    },
    stillEnabled: (origin) => Promise.resolve(env.enabled.has(origin)),
  });

  return {
    runner,
    published,
    finished,
    tokens,
    get stopped() {
      return state === 'dead';
    },
    /** Stops this worker right after it journals a state that `matches`. */
    stopAfterJournaling(matches: (state: RemediationState) => boolean, mode: StopMode) {
      dieAfter = { matches, mode };
    },
    /** Stops it now, as Chrome does after 30 s without events. */
    stop() {
      state = 'dead';
    },
  };
}

export type Worker = ReturnType<typeof startWorker>;

/** A second worker starts from storage: the checks of `storage.session` and the journal. */
export async function restartWorker(
  env: Env,
  { browserRestarted = false }: { browserRestarted?: boolean } = {},
): Promise<Worker> {
  if (browserRestarted) env.session.clear();
  const worker = startWorker(env);
  const journals = await env.journal.load();
  worker.runner.resume(
    [...env.session.values()],
    browserRestarted ? journals.map((journal) => ({ ...journal, tabId: null })) : journals,
  );
  return worker;
}

/** Click Apply, let the baseline arrive, pass configtest, reload the firewall, report reconfigure. */
export async function apply(env: Env, worker: Worker, reload: () => void): Promise<string> {
  const { runner } = worker;
  const { id } = await runner.begin(ORIGIN, TAB, 'apply');
  await env.clock.flush();
  env.clock.advance(700);
  await runner.pageOutcome(TAB, ORIGIN, { step: 'configtest', ok: true, detail: '' });
  reload();
  env.clock.advance(400);
  await runner.pageOutcome(TAB, ORIGIN, { step: 'reconfigure', ok: true, detail: 'ok' });
  return id;
}

/** An Apply that leaves an orphan, checked until the duplicate verdict is final. */
export async function duplicate(env: Env, worker: Worker): Promise<string> {
  const id = await apply(env, worker, () => env.firewall.reload({ orphan: true }));
  await env.clock.runUntil(() => worker.runner.get(id)?.phase === 'done');
  if (worker.runner.get(id)?.verdict?.kind !== 'duplicate') throw new Error('no duplicate');
  return id;
}

export function posts(env: Env, suffix: string): number {
  return env.firewall.requests.filter(
    (request) => request.method === 'POST' && request.path.endsWith(suffix),
  ).length;
}
