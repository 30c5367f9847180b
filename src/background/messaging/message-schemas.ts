/**
 * Runtime shapes of the messages the background accepts. A content script runs next to a page we
 * do not control, so nothing it sends is trusted before it passes these schemas.
 */
import * as v from 'valibot';

const trigger = v.picklist(['apply', 'restart', 'start']);

export const ContentMessageSchema = v.variant('type', [
  v.object({ type: v.literal('content-ready') }),
  v.object({ type: v.literal('action-clicked'), trigger }),
  v.object({
    type: v.literal('page-outcome'),
    outcome: v.object({
      step: v.picklist(['configtest', 'reconfigure', 'service-action']),
      ok: v.boolean(),
      detail: v.pipe(v.string(), v.maxLength(2_000)),
    }),
  }),
  v.object({ type: v.literal('check-now') }),
  v.object({
    type: v.literal('remediate'),
    checkId: v.pipe(v.string(), v.maxLength(100)),
    csrfToken: v.nullable(v.pipe(v.string(), v.maxLength(500))),
  }),
  v.object({
    type: v.literal('start-haproxy'),
    checkId: v.pipe(v.string(), v.maxLength(100)),
    csrfToken: v.nullable(v.pipe(v.string(), v.maxLength(500))),
  }),
  v.object({ type: v.literal('dismiss'), checkId: v.pipe(v.string(), v.maxLength(100)) }),
  v.object({ type: v.literal('open-gui'), checkId: v.pipe(v.string(), v.maxLength(100)) }),
]);

export const ExtensionPageMessageSchema = v.variant('type', [
  v.object({ type: v.literal('tab-summary'), tabId: v.number() }),
  v.object({ type: v.literal('check-now-for-tab'), tabId: v.number() }),
  v.object({ type: v.literal('start-for-tab'), tabId: v.number() }),
  v.object({ type: v.literal('open-gui-for-tab'), tabId: v.number() }),
]);
