/**
 * When a firewall was last looked at: the newest of the stored last look (it outlives the
 * browser) and the checks in memory. The page-open look and the watch both skip a firewall
 * looked at recently.
 */
import type { CheckRecord } from '../../shared/check-state.ts';
import type { LastLook } from '../../shared/last-look.ts';

export interface LastLookAtDeps {
  loadLastLooks(): Promise<Record<string, LastLook>>;
  /** Every check held now. */
  checks(): readonly CheckRecord[];
}

export function createLastLookAt(deps: LastLookAtDeps) {
  return async function lastLookAt(origin: string): Promise<number | null> {
    const stored = (await deps.loadLastLooks())[origin]?.at ?? null;
    const inMemory = deps
      .checks()
      .filter((record) => record.origin === origin)
      .map((record) => record.verdictAt ?? record.startedAt);
    const all = stored === null ? inMemory : [stored, ...inMemory];
    return all.length === 0 ? null : Math.max(...all);
  };
}
