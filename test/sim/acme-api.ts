/**
 * `/api/acmeclient/...`: the ACME client's actions that restart HAProxy (docs/opnsense.md §8) and
 * the certificate list its page shows. Privilege "Services: ACME Client". The answers' shapes
 * are **unconfirmed** (the extension reads only their status): `{"status":"ok"}`-style, as the
 * plugin's other actions answer.
 */
import { PRIVILEGE } from './auth.ts';
import type { Answer, ApiCall, Route } from './api.ts';

const json = (data: unknown): Answer => ({ kind: 'json', data });
const isPost = (call: ApiCall) => call.method === 'POST';

/** `sign/<uuid>` and `automation/<uuid>`: the automations run after the answer. */
function certificateAction(): Route {
  return {
    privilege: PRIVILEGE.acme,
    handle(call) {
      if (!isPost(call)) return json({ status: 'failed' });
      const [uuid] = call.params;
      return json({
        status: call.ctx.acme.scheduleAutomations(uuid ?? '') ? 'ok' : 'failed',
      });
    },
  };
}

export const ACME_CONTROLLERS: Readonly<Record<string, Readonly<Record<string, Route>>>> = {
  'acmeclient/settings': {
    fetchhaproxyintegration: {
      privilege: PRIVILEGE.acme,
      async handle(call) {
        if (!isPost(call)) return json({ status: 'failed' });
        // Restarts HAProxy before it answers, when the integration changed HAProxy items.
        const restarted = await call.ctx.acme.integrate();
        return json({ status: 'ok', restarted });
      },
    },
  },
  'acmeclient/certificates': {
    search: {
      privilege: PRIVILEGE.acme,
      handle({ ctx }) {
        const rows = ctx.acme.certificates.map(({ uuid, name }) => ({
          uuid,
          enabled: '1',
          name,
          statusCode: '200',
        }));
        return json({ rows, rowCount: rows.length, total: rows.length, current: 1 });
      },
    },
    sign: certificateAction(),
    automation: certificateAction(),
  },
  'acmeclient/service': {
    signallcerts: {
      privilege: PRIVILEGE.acme,
      handle(call) {
        if (!isPost(call)) return json({ status: 'failed' });
        call.ctx.acme.scheduleAutomations(null);
        return json({ status: 'ok' });
      },
    },
  },
};
