/**
 * When a firewall was last looked at, and which haproxy process that look saw as the newest: the
 * newest of the stored last look (it outlives the browser) and the checks in memory. The page-open
 * look and the watch both skip a firewall looked at recently; a HAProxy page opened then compares
 * the newest process with the firewall's answer now.
 */
import type { NewestProcess } from '../../core/newest-process.ts';
import type { CheckRecord } from '../../shared/check-state.ts';
import { newestOfCheck, type LastLook } from '../../shared/last-look.ts';

export interface LastLookAtDeps {
  loadLastLooks(): Promise<Record<string, LastLook>>;
  /** Every check held now. */
  checks(): readonly CheckRecord[];
}

/** The last look at a firewall, as far as a page open needs it. */
export interface LookReference {
  readonly at: number;
  /** The newest process it saw; null: none ran; undefined: unknown (an error, an older version). */
  readonly newest: NewestProcess | null | undefined;
}

/**
 * Pure: the newest of the candidates; of two at the same time, one that knows its newest process
 * (the stored look and the check it came from are the same look).
 */
export function newestReference(candidates: readonly LookReference[]): LookReference | null {
  let best: LookReference | null = null;
  for (const candidate of candidates) {
    if (
      best === null ||
      candidate.at > best.at ||
      (candidate.at === best.at && best.newest === undefined)
    ) {
      best = candidate;
    }
  }
  return best;
}

export function createLastLook(deps: LastLookAtDeps) {
  return async function lastLook(origin: string): Promise<LookReference | null> {
    const stored = (await deps.loadLastLooks())[origin];
    const inMemory = deps
      .checks()
      .filter((record) => record.origin === origin)
      .map((record) => ({
        at: record.verdictAt ?? record.startedAt,
        newest: newestOfCheck(record),
      }));
    return newestReference(
      stored ? [{ at: stored.at, newest: stored.newest }, ...inMemory] : inMemory,
    );
  };
}

export function createLastLookAt(deps: LastLookAtDeps) {
  const lastLook = createLastLook(deps);
  return async function lastLookAt(origin: string): Promise<number | null> {
    return (await lastLook(origin))?.at ?? null;
  };
}
