/**
 * The last look the extension took at each firewall: when, what it found, and what started it.
 * The page-open look and the watch use it to ask nothing of a firewall looked at recently; the
 * options page shows it on each firewall's card. Times, a result label and a trigger only, in
 * `storage.local` so it outlives the browser (a watch interval can be longer than a session).
 */
import browser from 'webextension-polyfill';
import type { CheckTrigger } from '../core/model.ts';
import { verdictResult } from '../core/verdict-result.ts';
import type { CheckRecord } from './check-state.ts';
import { isOriginKey } from './origins.ts';
import { standingFailure } from './page-failure.ts';

export interface LastLook {
  /** Epoch ms of the answer. */
  readonly at: number;
  /** A verdict kind, a page failure, or `error:<kind>`, as in the history. */
  readonly result: string;
  readonly trigger: CheckTrigger;
}

const LAST_LOOK_KEY = 'lastLooks';

/** What a check's newest answer says, or null while it has none. Pure. */
export function lastLookOf(record: CheckRecord): LastLook | null {
  if (record.error && record.phase === 'done') {
    return {
      at: record.verdictAt ?? record.startedAt,
      result: `error:${record.error.kind}`,
      trigger: record.trigger,
    };
  }
  if (record.verdictAt === null || !record.verdict) return null;
  return {
    at: record.verdictAt,
    result: standingFailure(record) ?? verdictResult(record.verdict),
    trigger: record.trigger,
  };
}

/** Keeps the newest look per origin, dropping malformed entries an older version left. */
export function parseLastLooks(stored: unknown): Record<string, LastLook> {
  const looks: Record<string, LastLook> = {};
  if (typeof stored !== 'object' || stored === null) return looks;
  for (const [origin, value] of Object.entries(stored)) {
    if (!isOriginKey(origin)) continue;
    const look = value as Partial<Record<keyof LastLook, unknown>> | null;
    if (
      typeof look?.at === 'number' &&
      Number.isFinite(look.at) &&
      typeof look.result === 'string' &&
      typeof look.trigger === 'string'
    ) {
      looks[origin] = { at: look.at, result: look.result, trigger: look.trigger as CheckTrigger };
    }
  }
  return looks;
}

export async function loadLastLooks(): Promise<Record<string, LastLook>> {
  return parseLastLooks((await browser.storage.local.get(LAST_LOOK_KEY))[LAST_LOOK_KEY]);
}

/** Records a look unless a newer one of that firewall is stored. */
export async function noteLastLook(origin: string, look: LastLook): Promise<void> {
  const looks = await loadLastLooks();
  const previous = looks[origin];
  if (previous && previous.at > look.at) return;
  if (previous?.at === look.at && previous.result === look.result) return;
  await browser.storage.local.set({ [LAST_LOOK_KEY]: { ...looks, [origin]: look } });
}

export async function forgetLastLook(origin: string): Promise<void> {
  const looks = await loadLastLooks();
  if (!(origin in looks)) return;
  const rest = Object.fromEntries(Object.entries(looks).filter(([key]) => key !== origin));
  await browser.storage.local.set({ [LAST_LOOK_KEY]: rest });
}
