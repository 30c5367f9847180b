/**
 * The remediation journal: one entry per firewall while a "Restart HAProxy" click is not
 * finished, in `storage.local` so that it survives the service worker being stopped and the
 * browser being closed (`storage.session` would not). PIDs, times and steps only: no token, no
 * credential, nothing the firewall said beyond PIDs and error kinds.
 */
import * as v from 'valibot';
import type { StopSettings } from '../../core/model.ts';
import type { RemediationState } from '../../shared/check-state.ts';
import {
  CheckIdSchema,
  OriginSchema,
  PidSchema,
  RemediationSchema,
  StopSettingsSchema,
  TabIdSchema,
  TimeSchema,
} from '../../shared/check-state-schema.ts';
import { createSerialQueue } from '../../shared/serial-queue.ts';

export const JOURNAL_KEY = 'remediation-journal';

export interface RemediationJournal {
  readonly version: 1;
  readonly checkId: string;
  readonly origin: string;
  /** The tab the click came from; a tab id means nothing after a browser restart. */
  readonly tabId: number | null;
  /** The last time a run of this remediation was seen making progress. */
  readonly aliveAt: number;
  /** The stop settings the click was made with: how long stop may take. */
  readonly stopSettings: StopSettings | null;
  /** `show info` PID before the click, for the check's baseline. */
  readonly currentPidBefore: number | null;
  readonly remediation: RemediationState;
}

/** The part of `browser.storage.local` the journal needs (passed in: testable without a browser). */
export interface StorageArea {
  get(key: string): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
}

const JournalSchema = v.object({
  version: v.literal(1),
  checkId: CheckIdSchema,
  origin: OriginSchema,
  tabId: TabIdSchema,
  aliveAt: TimeSchema,
  stopSettings: v.nullable(StopSettingsSchema),
  currentPidBefore: v.nullable(PidSchema),
  remediation: RemediationSchema,
});

/**
 * The entries stored under JOURNAL_KEY that are well-formed and filed under their own origin;
 * anything else (an older layout, a hand-edited value) is dropped rather than acted on.
 */
export function readJournals(stored: unknown): RemediationJournal[] {
  if (typeof stored !== 'object' || stored === null || Array.isArray(stored)) return [];
  const journals: RemediationJournal[] = [];
  for (const [origin, value] of Object.entries(stored)) {
    const parsed = v.safeParse(JournalSchema, value);
    if (parsed.success && parsed.output.origin === origin) journals.push(parsed.output);
  }
  return journals;
}

export interface JournalStore {
  load(): Promise<RemediationJournal[]>;
  save(journal: RemediationJournal): Promise<void>;
  clear(origin: string): Promise<void>;
}

export function createJournalStore(area: StorageArea): JournalStore {
  // One read-modify-write at a time: two firewalls' remediations may save at once.
  const queue = createSerialQueue();
  const update = (change: (entries: Record<string, unknown>) => void): Promise<void> =>
    queue.run(async () => {
      const stored: unknown = (await area.get(JOURNAL_KEY))[JOURNAL_KEY];
      const entries: Record<string, unknown> =
        typeof stored === 'object' && stored !== null && !Array.isArray(stored)
          ? { ...stored }
          : {};
      change(entries);
      await area.set({ [JOURNAL_KEY]: entries });
    });
  return {
    // After the writes queued before it, so a load never misses a save it follows.
    load: () => queue.run(async () => readJournals((await area.get(JOURNAL_KEY))[JOURNAL_KEY])),
    save: (journal) =>
      update((entries) => {
        entries[journal.origin] = journal;
      }),
    clear: (origin) =>
      update((entries) => {
        Reflect.deleteProperty(entries, origin);
      }),
  };
}
