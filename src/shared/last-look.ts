/**
 * The last look the extension took at each firewall: when, what it found, what started it, and
 * which process was the newest. The page-open look and the watch use it to take no full look at a
 * firewall looked at recently (a HAProxy page opened then asks only whether the newest process
 * changed); the options page shows it on each firewall's card. Times, a PID, a result label and a
 * trigger only, in `storage.local` so it outlives the browser (a watch interval can be longer than
 * a session).
 */
import * as v from 'valibot';
import browser from 'webextension-polyfill';
import { newestProcessOf, type NewestProcess } from '../core/newest-process.ts';
import { lookResult } from './check-result.ts';
import type { CheckRecord } from './check-state.ts';
import { PidSchema, TimeSchema } from './check-state-schema.ts';
import { isOriginKey } from './origins.ts';

export interface LastLook {
  /** Epoch ms of the answer. */
  readonly at: number;
  /** A verdict kind, a page failure, or `error:<kind>`, as in the history. */
  readonly result: string;
  /** A CheckTrigger; read back from storage, whatever an older or newer version wrote. */
  readonly trigger: string;
  /**
   * The newest haproxy process that look saw (`statistics/info`), null when none ran. Absent when
   * unknown: the look ended in an error before any answer, or an older version stored it.
   */
  readonly newest?: NewestProcess | null;
}

const LAST_LOOK_KEY = 'lastLooks';

const LastLookSchema = v.object({
  at: TimeSchema,
  result: v.string(),
  trigger: v.string(),
}) satisfies v.GenericSchema<unknown, LastLook>;

const NewestSchema = v.nullable(
  v.object({ pid: PidSchema, startedAt: TimeSchema }),
) satisfies v.GenericSchema<unknown, NewestProcess | null>;

/**
 * The newest process a check's last answer named, dated on that answer; undefined when it has
 * none (no answer yet, or a check stored by a version that did not keep `show info`). Pure.
 */
export function newestOfCheck(record: CheckRecord): NewestProcess | null | undefined {
  if (record.verdictAt === null || record.showInfo === undefined) return undefined;
  return newestProcessOf(record.showInfo, record.verdictAt);
}

/** What a check's newest answer says, or null while it has none. Pure. */
export function lastLookOf(record: CheckRecord): LastLook | null {
  const answered = record.error !== null && record.phase === 'done';
  if (!answered && (record.verdictAt === null || !record.verdict)) return null;
  const result = lookResult(record);
  if (result === null) return null;
  const look = { at: record.verdictAt ?? record.startedAt, result, trigger: record.trigger };
  const newest = newestOfCheck(record);
  return newest === undefined ? look : { ...look, newest };
}

/** Keeps the newest look per origin, dropping malformed entries an older version left. */
export function parseLastLooks(stored: unknown): Record<string, LastLook> {
  const looks: Record<string, LastLook> = {};
  if (typeof stored !== 'object' || stored === null) return looks;
  for (const [origin, value] of Object.entries(stored)) {
    if (!isOriginKey(origin)) continue;
    const look = v.safeParse(LastLookSchema, value);
    if (!look.success) continue;
    // A newest process that does not parse is unknown, not a reason to forget when the look was.
    const newest = v.safeParse(NewestSchema, (value as { newest?: unknown }).newest);
    looks[origin] = newest.success ? { ...look.output, newest: newest.output } : look.output;
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
