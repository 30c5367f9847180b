/**
 * The last look the extension took at each firewall: when, what it found, and what started it.
 * The page-open look and the watch use it to ask nothing of a firewall looked at recently; the
 * options page shows it on each firewall's card. Times, a result label and a trigger only, in
 * `storage.local` so it outlives the browser (a watch interval can be longer than a session).
 */
import * as v from 'valibot';
import browser from 'webextension-polyfill';
import { lookResult } from './check-result.ts';
import type { CheckRecord } from './check-state.ts';
import { TimeSchema } from './check-state-schema.ts';
import { isOriginKey } from './origins.ts';

export interface LastLook {
  /** Epoch ms of the answer. */
  readonly at: number;
  /** A verdict kind, a page failure, or `error:<kind>`, as in the history. */
  readonly result: string;
  /** A CheckTrigger; read back from storage, whatever an older or newer version wrote. */
  readonly trigger: string;
}

const LAST_LOOK_KEY = 'lastLooks';

const LastLookSchema = v.object({
  at: TimeSchema,
  result: v.string(),
  trigger: v.string(),
}) satisfies v.GenericSchema<unknown, LastLook>;

/** What a check's newest answer says, or null while it has none. Pure. */
export function lastLookOf(record: CheckRecord): LastLook | null {
  const answered = record.error !== null && record.phase === 'done';
  if (!answered && (record.verdictAt === null || !record.verdict)) return null;
  const result = lookResult(record);
  if (result === null) return null;
  return { at: record.verdictAt ?? record.startedAt, result, trigger: record.trigger };
}

/** Keeps the newest look per origin, dropping malformed entries an older version left. */
export function parseLastLooks(stored: unknown): Record<string, LastLook> {
  const looks: Record<string, LastLook> = {};
  if (typeof stored !== 'object' || stored === null) return looks;
  for (const [origin, value] of Object.entries(stored)) {
    if (!isOriginKey(origin)) continue;
    const look = v.safeParse(LastLookSchema, value);
    if (look.success) looks[origin] = look.output;
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
