/**
 * The core's HA API on the master of a pair (docs/opnsense.md §8): `core/hasync` (the HA
 * settings, with the peer and its XMLRPC password) and `core/hasync_status` (Status › High
 * Availability: sync, then act on the backup's services over XMLRPC).
 */
import { PRIVILEGE } from './auth.ts';
import type { Answer, ApiCall, Route } from './api.ts';
import type { OpnsenseVersion } from './context.ts';
import { hasyncJson, type HaBackupNode } from './ha.ts';

const json = (data: unknown, status = 200): Answer => ({ kind: 'json', status, data });

/**
 * The first release that has each controller: the MVC HA settings came with 24.7 (the model's
 * pfsyncversion offers "24.7 or above"), the status controller with 25.1's new Status › High
 * Availability page; 24.x has the legacy `/status_habackup.php` instead.
 */
export const HA_CONTROLLER_SINCE: Readonly<Record<string, OpnsenseVersion>> = {
  'core/hasync': '24.7',
  'core/hasync_status': '25.7',
};

const ORDER: readonly OpnsenseVersion[] = ['24.1', '24.7', '25.7'];

export function availableIn(since: OpnsenseVersion, version: OpnsenseVersion): boolean {
  return ORDER.indexOf(version) >= ORDER.indexOf(since);
}

/** `system ha exec exec_sync` + `reload_templates`: what every remote action does first. */
export function syncAndReloadTemplates(call: Pick<ApiCall, 'ctx'>, backup: HaBackupNode): void {
  backup.sync(call.ctx.model);
  backup.reloadTemplates();
}

/**
 * `opnsense.<action>_service` returns service_control_*'s sentence; ha_xmlrpc_exec.php wraps it
 * as `{"response": …, "status": "ok"}`. The wording of the sentence is **unconfirmed**.
 * Without a reachable backup xmlrpc_execute yields nothing: `response` is null.
 */
async function remoteServiceAction(
  call: ApiCall,
  action: 'start' | 'stop' | 'restart',
  name: string,
): Promise<Answer> {
  const backup = call.ctx.ha.backup ?? null;
  if (backup === null) return json({ response: null, status: 'ok' });
  syncAndReloadTemplates(call, backup);
  const result = await backup.control(action, name);
  const done = { start: 'started', stop: 'stopped', restart: 'restarted' }[action];
  return json({
    response: result === null ? null : `${name} has been ${done}.`,
    status: 'ok',
  });
}

/** HasyncStatusController's start/stop/restart: POST only, the answer comes after the action. */
function remoteAction(action: 'start' | 'stop' | 'restart'): Route {
  return {
    privilege: PRIVILEGE.haBackup,
    handle(call) {
      if (call.method !== 'POST') return json({ status: 'failed' });
      return remoteServiceAction(call, action, call.params[0] ?? '');
    },
  };
}

export const HA_CONTROLLERS: Readonly<Record<string, Readonly<Record<string, Route>>>> = {
  'core/hasync': {
    get: {
      privilege: PRIVILEGE.haSettings,
      // ApiMutableModelControllerBase::getAction: the model on GET, `[]` otherwise.
      handle: (call) => json(call.method === 'GET' ? hasyncJson(call.ctx.ha.settings) : []),
    },
  },
  'core/hasync_status': {
    version: {
      privilege: PRIVILEGE.haBackup,
      handle({ ctx }) {
        // firmware_version over XMLRPC, `_my_version` added for the page's mismatch warning
        // (the sim's base and kernel carry the firmware's version).
        const version = ctx.ha.backup?.firmwareVersion() ?? null;
        if (version === null) return json({ response: null });
        return json({
          response: {
            firmware: { version, _my_version: ctx.opnsenseVersion },
            base: { version },
            kernel: { version },
          },
        });
      },
    },
    services: {
      privilege: PRIVILEGE.haBackup,
      handle({ ctx }) {
        // searchRecordsetBase over `system ha services_cached` (list_services of the backup),
        // each record given a `uid` of name[_id].
        const rows = (ctx.ha.backup?.listServices() ?? []).map((s) => ({ ...s, uid: s.name }));
        return json({ total: rows.length, rowCount: rows.length, current: 1, rows });
      },
    },
    start: remoteAction('start'),
    stop: remoteAction('stop'),
    restart: remoteAction('restart'),
    restartall: {
      privilege: PRIVILEGE.haBackup,
      async handle(call) {
        if (call.method !== 'POST') return json({ status: 'failed' });
        const backup = call.ctx.ha.backup ?? null;
        const services = backup?.listServices() ?? [];
        if (backup === null || services.length === 0) {
          return remoteServiceAction(call, 'restart', call.params[0] ?? '');
        }
        syncAndReloadTemplates(call, backup);
        // One after the other, as the controller's loop runs configd for each.
        for (const service of services) await backup.control('restart', service.name);
        return json({ status: 'ok', count: services.length });
      },
    },
  },
};
