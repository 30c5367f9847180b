/**
 * Runtime shapes of what messages.ts describes that an extension page reads back: the history
 * from `storage.local` (written by any version since) and the background's answer to
 * `tab-summary`. An entry that does not fit is dropped, never shown half.
 */
import * as v from 'valibot';
import { CheckRecordSchema, RemediationSchema, TimeSchema } from './check-state-schema.ts';
import type { HistoryEntry, TabSummary } from './messages.ts';

export const HistoryEntrySchema = v.object({
  at: TimeSchema,
  origin: v.string(),
  trigger: v.string(),
  result: v.string(),
  currentPid: v.nullable(v.number()),
  otherPids: v.array(v.number()),
  // Absent in entries older than the restart button.
  remediation: v.exactOptional(
    v.nullable(
      v.object({
        kind: RemediationSchema.entries.kind,
        step: RemediationSchema.entries.step,
        interruption: RemediationSchema.entries.interruption,
        outageMs: v.nullable(v.number()),
      }),
    ),
  ),
}) satisfies v.GenericSchema<unknown, HistoryEntry>;

/** The stored history, without the entries that do not fit. */
export function parseHistory(stored: unknown): HistoryEntry[] {
  if (!Array.isArray(stored)) return [];
  return stored.flatMap((entry: unknown) => {
    const parsed = v.safeParse(HistoryEntrySchema, entry);
    return parsed.success ? [parsed.output] : [];
  });
}

export const TabSummarySchema = v.object({
  url: v.nullable(v.string()),
  origin: v.nullable(v.string()),
  enabled: v.boolean(),
  haproxyPage: v.boolean(),
  check: v.nullable(CheckRecordSchema),
  lastHistory: v.nullable(HistoryEntrySchema),
}) satisfies v.GenericSchema<unknown, TabSummary>;

/** The background's answer to `tab-summary`, or null when it is not one. */
export function parseTabSummary(answer: unknown): TabSummary | null {
  const parsed = v.safeParse(TabSummarySchema, answer);
  return parsed.success ? parsed.output : null;
}
