/**
 * Following an ACME request's HAProxy restart by the newest PID alone, cheaply: pure decisions,
 * no browser, no timers (restart-follower.ts runs them). The ACME client restarts HAProxy for its
 * HAProxy integration before it answers, and for a certificate's automations in the background,
 * seconds to minutes after the answer (docs/opnsense.md §8). A full look (the process list: `top`
 * samples for 1–2 s on the firewall) after every such request would mostly find nothing new, so
 * the follow reads only `statistics/info` (`show info` of the newest process, one socket call) and
 * hands over to a full check once the newest PID changed. It is bounded in time and in calls, and
 * goes on only while a tab of that firewall is open: the admin is working on it.
 */
import * as v from 'valibot';
import type { CurrentProcessInfo } from '../../core/model.ts';
import {
  CheckIdSchema,
  OriginSchema,
  PidSchema,
  TimeSchema,
} from '../../shared/check-state-schema.ts';
import type { AcmeRestartTiming } from './reload-requests.ts';

/** One follow, as kept in `storage.session` (it outlives a stopped service worker). */
export interface RestartFollow {
  readonly id: string;
  readonly origin: string;
  /** The tab where the admin clicked: its badge tells, its check is adopted by a HAProxy page. */
  readonly tabId: number;
  readonly timing: AcmeRestartTiming;
  /** Epoch ms the request was sent: a process started after it is the restart. */
  readonly since: number;
  /** Epoch ms the follow began (the request's answer). */
  readonly startedAt: number;
  /** The newest PID first read, before the restart; null until one was read. */
  readonly basePid: number | null;
  /** `statistics/info` calls made so far. */
  readonly calls: number;
  /** Epoch ms of the next call. */
  readonly dueAt: number;
  /** The last call found no process answering: the restart's stop had run, its start not yet. */
  readonly lastSawNone: boolean;
}

const RestartFollowSchema = v.object({
  id: CheckIdSchema,
  origin: OriginSchema,
  tabId: v.pipe(v.number(), v.integer()),
  timing: v.picklist(['at-once', 'later']),
  since: TimeSchema,
  startedAt: TimeSchema,
  basePid: v.nullable(PidSchema),
  calls: v.pipe(v.number(), v.integer(), v.minValue(0)),
  dueAt: TimeSchema,
  lastSawNone: v.boolean(),
}) satisfies v.GenericSchema<unknown, RestartFollow>;

/** The follows in a stored value; one an older version left in another shape is dropped. */
export function parseFollows(value: unknown): RestartFollow[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((item) => {
    const parsed = v.safeParse(RestartFollowSchema, item);
    return parsed.success ? [parsed.output] : [];
  });
}

interface Bounds {
  readonly timeMs: number;
  readonly calls: number;
}

/**
 * `at-once`: the restart ran before the answer, so the first read tells; a second call only when
 * the first one failed. `later`: the automations run after the answer; ten minutes covers a
 * renewal's DNS or HTTP challenge, and 25 calls the schedule of `nextDelayMs` over that time.
 */
export const FOLLOW_BOUNDS: Readonly<Record<AcmeRestartTiming, Bounds>> = {
  'at-once': { timeMs: 15_000, calls: 2 },
  later: { timeMs: 10 * 60_000, calls: 25 },
};

/**
 * `Uptime_sec` is whole seconds, cut down, so the start time read from it is up to a second late.
 * A `later` follow's first read counts as the restart only with this much to spare: the same
 * click's integration request may have restarted HAProxy just before this request was sent, and
 * that is not this request's restart.
 */
export const FIRST_READ_SLACK_MS = 1_500;

/** Often while a renewal usually restarts (its first minute), then less and less. */
export function nextDelayMs(timing: AcmeRestartTiming, elapsedMs: number): number {
  if (timing === 'at-once') return 3_000;
  if (elapsedMs < 60_000) return 5_000;
  if (elapsedMs < 180_000) return 20_000;
  return 60_000;
}

export function startFollow(input: {
  readonly id: string;
  readonly origin: string;
  readonly tabId: number;
  readonly timing: AcmeRestartTiming;
  readonly since: number;
  readonly now: number;
}): RestartFollow {
  return {
    ...input,
    startedAt: input.now,
    basePid: null,
    calls: 0,
    dueAt: input.now,
    lastSawNone: false,
  };
}

export type StopReason = 'time' | 'calls' | 'closed' | 'not-restarted' | 'refused';

export type BeforeCall =
  | { readonly kind: 'call' }
  | { readonly kind: 'stop'; readonly reason: StopReason }
  /** The bound passed while no process answered: one full look tells whether HAProxy is down. */
  | { readonly kind: 'look' };

/** Whether the next call may be made; `firewallOpen`: a tab shows the firewall's GUI now. */
export function beforeCall(follow: RestartFollow, now: number, firewallOpen: boolean): BeforeCall {
  const bounds = FOLLOW_BOUNDS[follow.timing];
  const timeUp = now - follow.startedAt >= bounds.timeMs;
  const callsUp = follow.calls >= bounds.calls;
  if ((timeUp || callsUp) && follow.lastSawNone && firewallOpen) return { kind: 'look' };
  if (timeUp) return { kind: 'stop', reason: 'time' };
  if (callsUp) return { kind: 'stop', reason: 'calls' };
  if (!firewallOpen) return { kind: 'stop', reason: 'closed' };
  return { kind: 'call' };
}

/** What one `statistics/info` call gave. */
export type Reading =
  | {
      readonly kind: 'info';
      readonly info: CurrentProcessInfo | null;
      /** When the answer arrived. */
      readonly at: number;
      /**
       * When the call was sent (default `at`). The start is dated from it: `Uptime_sec` was read
       * after it, so an answer slowed down on its way back (a loaded firewall or browser) cannot
       * make a process that started before the request look as if it started after.
       */
      readonly sentAt?: number;
    }
  /** `permanent`: the firewall refuses (logged out, no privilege): calling again cannot help. */
  | { readonly kind: 'error'; readonly permanent: boolean; readonly at: number };

export type AfterCall =
  /** The newest process is a new one: a full look now. */
  | { readonly kind: 'restarted' }
  | { readonly kind: 'wait'; readonly follow: RestartFollow }
  | { readonly kind: 'stop'; readonly reason: StopReason };

/**
 * Whether the process surely started after `since`: `Uptime_sec` is cut down to whole seconds, so
 * the start lies up to a second before `at - Uptime_sec`; only the earliest it can be counts. A
 * reload moments before the request (a shell, the watch) is then never taken for its restart.
 */
function startedAfter(info: CurrentProcessInfo, at: number, since: number): boolean {
  return at - (info.uptimeSeconds + 1) * 1000 > since;
}

export function afterCall(follow: RestartFollow, reading: Reading): AfterCall {
  const counted = { ...follow, calls: follow.calls + 1 };
  const wait = (next: RestartFollow): AfterCall => ({
    kind: 'wait',
    follow: { ...next, dueAt: reading.at + nextDelayMs(next.timing, reading.at - next.startedAt) },
  });
  if (reading.kind === 'error') {
    return reading.permanent ? { kind: 'stop', reason: 'refused' } : wait(counted);
  }
  const { info } = reading;
  if (info === null) return wait({ ...counted, lastSawNone: true });
  const seen = { ...counted, lastSawNone: false };
  if (follow.basePid !== null) {
    return info.pid !== follow.basePid ? { kind: 'restarted' } : wait(seen);
  }
  // The first PID read. The `at-once` restart has run by now, if it ran at all.
  const slack = follow.timing === 'at-once' ? 0 : FIRST_READ_SLACK_MS;
  if (startedAfter(info, reading.sentAt ?? reading.at, follow.since + slack)) {
    return { kind: 'restarted' };
  }
  if (follow.timing === 'at-once') return { kind: 'stop', reason: 'not-restarted' };
  return wait({ ...seen, basePid: info.pid });
}
