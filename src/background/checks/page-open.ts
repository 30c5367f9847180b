/**
 * What a HAProxy page shows when it opens: its tab's own check; else the firewall's newest check
 * that needs the admin and was made where no panel runs (System › Services, the dashboard, the
 * watch), taken over by this page; else, when nobody looked at that firewall recently, one look
 * (`page-open`): an orphan left by a reload nobody watched then shows as a warning, and a clean
 * firewall shows nothing.
 */
import type { CheckRecord } from '../../shared/check-state.ts';
import { needsAdmin } from '../../shared/unrequested-look.ts';
import type { CheckRunner } from './check-runner.ts';

/** No page-open look when the firewall was looked at within this window. */
export const PAGE_OPEN_LOOK_WINDOW_MS = 10 * 60_000;

export type PageOpenDecision =
  | { readonly kind: 'own'; readonly check: CheckRecord }
  | { readonly kind: 'adopt'; readonly check: CheckRecord }
  | { readonly kind: 'look' }
  | { readonly kind: 'nothing' };

export interface PageOpenInput {
  /** This tab's newest check of this firewall. */
  readonly own: CheckRecord | null;
  /** The firewall's checks made in no tab or in a tab that shows no HAProxy page of it now. */
  readonly elsewhere: readonly CheckRecord[];
  /** The newest look at this firewall by any check (stored), or null. */
  readonly lastLookAt: number | null;
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
  // A future time (a clock set back) counts as recent: never a burst of looks because of it.
  const recent =
    input.lookUnderWay || (input.lastLookAt !== null && now - input.lastLookAt < windowMs);
  if (recent) return own ? { kind: 'own', check: own } : { kind: 'nothing' };
  return { kind: 'look' };
}

export interface PageOpenDeps {
  readonly runner: Pick<CheckRunner, 'forTab' | 'all' | 'adopt' | 'begin'>;
  lastLookAt(origin: string): Promise<number | null>;
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
  const decision = decidePageOpen({
    own: deps.runner.forTab(tabId, origin),
    elsewhere,
    lastLookAt: await deps.lastLookAt(origin),
    lookUnderWay: checks.some((check) => check.phase !== 'done'),
    now: deps.now(),
  });
  switch (decision.kind) {
    case 'own':
      return decision.check;
    case 'adopt':
      return deps.runner.adopt(decision.check.id, tabId);
    case 'look':
      return deps.runner.begin(origin, tabId, 'page-open');
    case 'nothing':
      return null;
  }
}
