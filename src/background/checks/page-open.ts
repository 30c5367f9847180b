/**
 * What a HAProxy page shows when it opens: its tab's own check; else the firewall's newest check
 * that needs the admin and was made where no panel runs (System › Services, the dashboard, the
 * watch), taken over by this page; else, when nobody looked at that firewall recently, one look
 * (`page-open`): an orphan left by a reload nobody watched then shows as a warning, and a clean
 * firewall shows nothing. When somebody did look recently, one `statistics/info` call asks
 * whether the newest process is still the one that look saw: if not, a reload happened meanwhile
 * (cron, a shell, an ACME renewal) and the page takes the full look all the same.
 */
import type { CurrentProcessInfo } from '../../core/model.ts';
import {
  newestProcessOf,
  sameNewestProcess,
  type NewestProcess,
} from '../../core/newest-process.ts';
import type { CheckRecord } from '../../shared/check-state.ts';
import { isUnrequested, needsAdmin } from '../../shared/unrequested-look.ts';
import type { CheckRunner } from './check-runner.ts';
import type { LookReference } from './last-look-at.ts';

/** No full page-open look when the firewall was looked at within this window, unless it reloaded. */
export const PAGE_OPEN_LOOK_WINDOW_MS = 10 * 60_000;
/**
 * Not even the one `statistics/info` call when this tab's own Apply, restart or start was decided
 * this recently: the HAProxy page reloads itself right after Apply (docs/opnsense.md §3), moments
 * after the verdict, and that look answers for the reloaded page; no call follows a verdict
 * (docs/benchmarks.md).
 */
export const NO_PROBE_AFTER_LOOK_MS = 30_000;

export type PageOpenDecision =
  | { readonly kind: 'own'; readonly check: CheckRecord }
  | { readonly kind: 'adopt'; readonly check: CheckRecord }
  | { readonly kind: 'look' }
  /**
   * Inside the window, with the last look's newest process known: ask the firewall for its newest
   * process now (decideAfterProbe); `otherwise` is what the page shows when nothing changed.
   */
  | {
      readonly kind: 'probe';
      readonly newest: NewestProcess | null;
      readonly otherwise: CheckRecord | null;
    }
  | { readonly kind: 'nothing' };

export interface PageOpenInput {
  /** This tab's newest check of this firewall. */
  readonly own: CheckRecord | null;
  /** The firewall's checks made in no tab or in a tab that shows no HAProxy page of it now. */
  readonly elsewhere: readonly CheckRecord[];
  /** The newest look at this firewall by any check (stored or in memory), or null. */
  readonly lastLook: LookReference | null;
  /** Whether any check of this firewall is under way now, on any tab. */
  readonly lookUnderWay: boolean;
  readonly now: number;
  readonly windowMs?: number;
}

/** Pure: which of the above applies. */
export function decidePageOpen(input: PageOpenInput): PageOpenDecision {
  const { own, now } = input;
  const windowMs = input.windowMs ?? PAGE_OPEN_LOOK_WINDOW_MS;
  const waiting = [...input.elsewhere]
    .filter((check) => needsAdmin(check))
    .sort((a, b) => b.startedAt - a.startedAt)[0];
  if (own && own.phase !== 'done') return { kind: 'own', check: own };
  if (waiting && (!own || waiting.startedAt > own.startedAt)) {
    return { kind: 'adopt', check: waiting };
  }
  // A look under way reports by itself: nothing to ask meanwhile.
  if (input.lookUnderWay) return own ? { kind: 'own', check: own } : { kind: 'nothing' };
  const last = input.lastLook;
  // A future time (a clock set back) counts as recent: never a burst of looks because of it.
  if (last === null || now - last.at >= windowMs) return { kind: 'look' };
  // Without the last look's newest process there is nothing to compare with, and no full look:
  // that look ended in an error (its panel said what to do; a full look at every page open
  // would repeat it, e.g. for a user without Diagnostics: System Activity, whose statistics/info
  // answers and whose process list never does), or an older version stored it (up to one window
  // after the update). The window's end brings the next look, as before.
  if (last.newest === undefined) return own ? { kind: 'own', check: own } : { kind: 'nothing' };
  if (own && decidedMomentsAgo(own, now)) return { kind: 'own', check: own };
  return { kind: 'probe', newest: last.newest, otherwise: own };
}

/** A finished check of the admin's own action whose verdict is younger than NO_PROBE_AFTER_LOOK_MS. */
function decidedMomentsAgo(check: CheckRecord, now: number): boolean {
  if (check.phase !== 'done' || isUnrequested(check.trigger) || check.verdictAt === null) {
    return false;
  }
  const age = now - check.verdictAt;
  return age >= 0 && age < NO_PROBE_AFTER_LOOK_MS;
}

/** What the one `statistics/info` call of a page open inside the window gave. */
export type ProbeAnswer =
  | { readonly kind: 'answered'; readonly newest: NewestProcess | null }
  /** Session expired, refused, timed out, unreachable: nothing known. */
  | { readonly kind: 'failed' };

/**
 * Pure: after the probe, take the full look (`look`) or show what the page would have shown
 * without it (`stay`). A newest process other than the last look's (another PID, or the same PID
 * started at another time, or one where none ran, or none where one ran) means a reload, start
 * or stop since: the full look tells which. A failed probe proves nothing either way: no
 * all-clear and no warning, as inside the window before; the window's end brings the next look.
 * A look another page began meanwhile answers for both.
 */
export function decideAfterProbe(input: {
  readonly newest: NewestProcess | null;
  readonly probe: ProbeAnswer;
  readonly lookUnderWay: boolean;
}): 'look' | 'stay' {
  if (input.probe.kind === 'failed' || input.lookUnderWay) return 'stay';
  return sameNewestProcess(input.newest, input.probe.newest) ? 'stay' : 'look';
}

export interface PageOpenDeps {
  readonly runner: Pick<CheckRunner, 'forTab' | 'all' | 'adopt' | 'begin'>;
  lastLook(origin: string): Promise<LookReference | null>;
  /** `statistics/info` of the firewall, with the page's credentials; throws when it fails. */
  newestProcess(origin: string): Promise<CurrentProcessInfo | null>;
  /** Whether the tab shows a HAProxy page of this firewall now. */
  tabShowsHaproxyPage(tabId: number, origin: string): Promise<boolean>;
  now(): number;
}

/** Called when a HAProxy page's content script is ready; answers what that page should show. */
export async function openHaproxyPage(
  tabId: number,
  origin: string,
  deps: PageOpenDeps,
): Promise<CheckRecord | null> {
  const checks = deps.runner.all().filter((check) => check.origin === origin);
  const elsewhere: CheckRecord[] = [];
  for (const check of checks) {
    if (check.tabId === tabId) continue;
    if (check.tabId === null || !(await deps.tabShowsHaproxyPage(check.tabId, origin))) {
      elsewhere.push(check);
    }
  }
  const underWay = () =>
    deps.runner.all().some((check) => check.origin === origin && check.phase !== 'done');
  const decision = decidePageOpen({
    own: deps.runner.forTab(tabId, origin),
    elsewhere,
    lastLook: await deps.lastLook(origin),
    lookUnderWay: underWay(),
    now: deps.now(),
  });
  switch (decision.kind) {
    case 'own':
      return decision.check;
    case 'adopt':
      return deps.runner.adopt(decision.check.id, tabId);
    case 'look':
      return deps.runner.begin(origin, tabId, 'page-open');
    case 'probe': {
      const probe = await probeNewest(origin, deps);
      const next = decideAfterProbe({
        newest: decision.newest,
        probe,
        lookUnderWay: underWay(),
      });
      return next === 'look' ? deps.runner.begin(origin, tabId, 'page-open') : decision.otherwise;
    }
    case 'nothing':
      return null;
  }
}

async function probeNewest(origin: string, deps: PageOpenDeps): Promise<ProbeAnswer> {
  try {
    const info = await deps.newestProcess(origin);
    return { kind: 'answered', newest: newestProcessOf(info, deps.now()) };
  } catch {
    return { kind: 'failed' };
  }
}
