/**
 * Runtime shapes of check-state.ts, for what is read back from storage or received in a message:
 * a stored check or journal entry an older version left, or one edited by hand, is dropped rather
 * than rendered or acted on. The background's bundle only: the content script, which runs on every
 * HAProxy page load, checks the little it relies on with `isCheckRecord` instead.
 */
import * as v from 'valibot';
import type { CheckTrigger, Verdict } from '../core/model.ts';
import type { OpnsenseErrorKind } from '../opnsense/errors.ts';
import type { CheckError, CheckRecord, RemediationState } from './check-state.ts';

/** Epoch ms or a duration in ms. */
export const TimeSchema = v.pipe(v.number(), v.finite());
export const PidSchema = v.pipe(v.number(), v.integer(), v.minValue(1));
export const CheckIdSchema = v.pipe(v.string(), v.minLength(1), v.maxLength(100));
export const OriginSchema = v.pipe(v.string(), v.url(), v.maxLength(500));
export const TabIdSchema = v.nullable(v.pipe(v.number(), v.integer()));

const time = TimeSchema;
const nullableTime = v.nullable(time);
const pid = PidSchema;
const pids = v.pipe(v.array(pid), v.maxLength(1_000));
const answer = v.nullable(v.picklist(['ok', 'error', 'lost']));

export const CheckTriggerSchema = v.picklist([
  'apply',
  'restart',
  'start',
  'remediation',
  'manual',
  'acme',
  'page-open',
  'watch',
  'ha-backup',
] satisfies CheckTrigger[]);

export const CheckErrorSchema = v.object({
  // Any short kind: the view falls back to a generic text for a kind it does not know.
  kind: v.pipe(
    v.string(),
    v.maxLength(50),
    v.transform((kind) => kind as OpnsenseErrorKind),
  ),
  privilege: v.nullable(v.pipe(v.string(), v.maxLength(200))),
  status: v.nullable(v.number()),
  endpoint: v.pipe(v.string(), v.maxLength(500)),
}) satisfies v.GenericSchema<unknown, CheckError>;

export const StopSettingsSchema = v.object({
  mode: v.picklist(['hard', 'graceful', 'seamless']),
  hardStopAfterMs: nullableTime,
});

export const RemediationSchema = v.object({
  kind: v.picklist(['restart', 'start']),
  step: v.picklist([
    'stopping',
    'following',
    'starting',
    'checking',
    'done',
    'failed',
    'stopped',
    'cut-off',
  ]),
  startedAt: time,
  pidsBefore: pids,
  stopExpectedMs: nullableTime,
  stopSentAt: nullableTime,
  stopEndedAt: nullableTime,
  stopAnswer: answer,
  giveUpAt: nullableTime,
  startSentAt: nullableTime,
  startAnswer: answer,
  newPid: v.nullable(pid),
  outageMs: nullableTime,
  interruption: v.nullable(v.picklist(['finished', 'left-to-admin'])),
  remainingPids: pids,
  error: v.nullable(CheckErrorSchema),
}) satisfies v.GenericSchema<unknown, RemediationState>;

const HaproxyProcessSchema = v.object({
  pid,
  threads: v.number(),
  argv: v.array(v.string()),
  predecessorPids: v.array(v.number()),
  signalMode: v.nullable(v.picklist(['hard', 'graceful'])),
  handoverSocket: v.nullable(v.string()),
  commandCut: v.boolean(),
  lastPidMayBeCut: v.boolean(),
});

const ClassifiedProcessSchema = v.object({
  process: HaproxyProcessSchema,
  role: v.picklist(['current', 'predecessor', 'orphan']),
  deadline: nullableTime,
  reason: v.string(),
});

const VerdictSchema = v.variant('kind', [
  v.object({ kind: v.literal('clean'), current: ClassifiedProcessSchema }),
  v.object({
    kind: v.literal('draining'),
    processes: v.array(ClassifiedProcessSchema),
    deadline: time,
  }),
  v.object({ kind: v.literal('duplicate'), processes: v.array(ClassifiedProcessSchema) }),
  v.object({ kind: v.literal('not-reloaded'), current: ClassifiedProcessSchema }),
  v.object({ kind: v.literal('stopped') }),
  v.object({
    kind: v.literal('unverifiable'),
    reason: v.picklist([
      'no-current-info',
      'current-not-in-list',
      'current-stopping',
      'list-incomplete',
      'status-contradicts-list',
      'service-disabled',
      'pid-reused',
      'successor-starting',
      'baseline-contradicts',
    ]),
    processes: v.array(HaproxyProcessSchema),
  }),
]) satisfies v.GenericSchema<unknown, Verdict>;

export const CheckRecordSchema = v.object({
  id: CheckIdSchema,
  origin: OriginSchema,
  tabId: TabIdSchema,
  clickedOn: v.exactOptional(OriginSchema),
  trigger: CheckTriggerSchema,
  startedAt: time,
  phase: v.picklist(['waiting-for-reload', 'observing', 'remediating', 'done']),
  baseline: v.nullable(
    v.object({
      trigger: CheckTriggerSchema,
      takenAt: time,
      pids: v.nullable(v.array(v.number())),
      currentPid: v.nullable(v.number()),
    }),
  ),
  outcome: v.nullable(
    v.object({
      step: v.picklist(['configtest', 'reconfigure', 'service-action']),
      ok: v.boolean(),
      detail: v.string(),
    }),
  ),
  configtestAlerts: v.exactOptional(v.nullable(v.string())),
  failure: v.nullable(v.picklist(['configtest-failed', 'reload-failed', 'action-failed'])),
  verdict: v.nullable(VerdictSchema),
  verdictAt: nullableTime,
  error: v.nullable(CheckErrorSchema),
  stopSettings: v.nullable(StopSettingsSchema),
  showInfo: v.exactOptional(
    v.nullable(
      v.object({
        pid,
        uptimeSeconds: v.pipe(v.number(), v.integer(), v.minValue(0)),
        stopping: v.boolean(),
        version: v.nullable(v.pipe(v.string(), v.maxLength(64))),
      }),
    ),
  ),
  remediation: v.nullable(RemediationSchema),
  nextObservationAt: nullableTime,
  processListCalls: v.number(),
  apiCalls: v.number(),
}) satisfies v.GenericSchema<unknown, CheckRecord>;

/** The check stored or sent as `value`, or null when it is not one. */
export function parseCheckRecord(value: unknown): CheckRecord | null {
  const parsed = v.safeParse(CheckRecordSchema, value);
  return parsed.success ? parsed.output : null;
}
