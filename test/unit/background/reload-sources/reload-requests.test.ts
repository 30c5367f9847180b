import { describe, expect, it } from 'vitest';
import {
  acmeRestartFor,
  RELOAD_REQUEST_PATTERNS,
  formFieldsOf,
  needsRequestBody,
  reloadRequestFor,
} from '../../../../src/background/reload-sources/reload-requests.ts';

describe('reloadRequestFor', () => {
  it.each([
    // The HAProxy page: Apply, Save & Apply, and the reconfigure "Try anyway?" posts.
    ['https://fw.example.lan:8443/api/haproxy/service/reconfigure', 'POST', 'apply'],
    ['https://192.168.1.1/api/haproxy/service/reconfigure', 'post', 'apply'],
    ['http://fw.lan/api/haproxy/service/reconfigure?_=1733100000', 'POST', 'apply'],
    ['https://fw.lan/api/haproxy/service/restart', 'POST', 'restart'],
    ['https://fw.lan/api/haproxy/service/start', 'POST', 'start'],
    // System › Services and the dashboard widget.
    ['https://fw.lan/api/core/service/restart/haproxy', 'POST', 'restart'],
    ['https://fw.lan/api/core/service/start/haproxy', 'POST', 'start'],
    ['https://fw.lan/api/core/service/start/haproxy/', 'POST', 'start'],
    // Dot segments are resolved before the comparison, as the server does.
    ['https://fw.lan/api/haproxy/settings/../service/reconfigure', 'POST', 'apply'],
    // An HA master's Status › High Availability (25.1+): restarts HAProxy on the backup.
    ['https://fw.lan/api/core/hasync_status/restart/haproxy/', 'POST', 'ha-backup'],
    ['https://fw.lan/api/core/hasync_status/start/haproxy/', 'POST', 'ha-backup'],
    ['https://fw.lan/api/core/hasync_status/restart_all', 'POST', 'ha-backup'],
  ])('%s %s is a reload (%s)', (url, method, trigger) => {
    expect(reloadRequestFor(url, method)).toEqual({
      origin: new URL(url).origin,
      trigger,
    });
  });

  it.each([
    // GET does nothing on OPNsense (docs/opnsense.md §4).
    ['https://fw.lan/api/haproxy/service/reconfigure', 'GET'],
    ['https://fw.lan/api/core/service/restart/haproxy', 'GET'],
    // Not reloads: configtest, status, stop (meant), other services, other plugins.
    ['https://fw.lan/api/haproxy/service/configtest', 'POST'],
    ['https://fw.lan/api/haproxy/service/status', 'POST'],
    ['https://fw.lan/api/haproxy/service/stop', 'POST'],
    ['https://fw.lan/api/core/service/stop/haproxy', 'POST'],
    ['https://fw.lan/api/core/service/restart/unbound', 'POST'],
    ['https://fw.lan/api/core/service/restart/haproxy2', 'POST'],
    ['https://fw.lan/api/nginx/service/reconfigure', 'POST'],
    ['https://fw.lan/api/haproxy/service/reconfigureAct', 'POST'],
    ['https://fw.lan/api/haproxy/service/reconfigure/../status', 'POST'],
    ['https://fw.lan/ui/haproxy/service/reconfigure', 'POST'],
    // Hostile or broken input.
    ['not a url', 'POST'],
    ['', 'POST'],
    ['ftp://fw.lan/api/haproxy/service/reconfigure', 'POST'],
    ['chrome-extension://abc/api/haproxy/service/reconfigure', 'POST'],
    ['https://fw.lan/api/haproxy/service/reconfigure', ''],
    ['https://fw.lan/api/haproxy/service/reconfigure', 'PUT'],
    // HA: a stop, another service, the HA settings' own Apply (pfsync only), the service list.
    ['https://fw.lan/api/core/hasync_status/stop/haproxy/', 'POST'],
    ['https://fw.lan/api/core/hasync_status/restart/unbound/', 'POST'],
    ['https://fw.lan/api/core/hasync/reconfigure', 'POST'],
    ['https://fw.lan/api/core/hasync_status/services', 'POST'],
    ['https://fw.lan/api/core/hasync_status/restart_all', 'GET'],
    // The 24.x page without a body that says "restart haproxy" (reloadRequestFor's third argument).
    ['https://fw.lan/status_habackup.php', 'POST'],
  ])('%s %s is not a reload', (url, method) => {
    expect(reloadRequestFor(url, method)).toBeNull();
  });

  it('filters the same paths it recognises, on every host and port', () => {
    for (const pattern of RELOAD_REQUEST_PATTERNS) {
      expect(pattern).toMatch(/^\*:\/\/\*\/(?:api\/|status_habackup\.php)/);
      const url = `https://fw.example.lan:8443${pattern.slice('*://*'.length).replace(/\*$/, '')}`;
      const body = needsRequestBody(url) ? { action: ['restart'], service: ['haproxy'] } : null;
      // The ACME actions that name a certificate need its id after the path.
      const followed =
        reloadRequestFor(url, 'POST', body) ??
        acmeRestartFor(url, 'POST') ??
        acmeRestartFor(`${url}/0a1b2c3d`, 'POST');
      expect(followed).not.toBeNull();
    }
  });
});

describe('the 24.x Status › HA page', () => {
  const page = 'https://fw.lan/status_habackup.php';

  it.each([
    [{ action: ['restart'], service: ['haproxy'] }, 'ha-backup'],
    [{ action: ['exec_sync'] }, null],
    [{ action: ['restart'], service: ['unbound'] }, null],
    [{ action: ['restart'] }, null],
    // Repeated fields say two things at once: not taken as a restart.
    [{ action: ['restart', 'exec_sync'], service: ['haproxy'] }, null],
  ])('body %j: %s', (fields, trigger) => {
    const request = reloadRequestFor(page, 'POST', fields);
    expect(request?.trigger ?? null).toBe(trigger);
  });

  it('reads the form from formData or, failing that, the raw bytes', () => {
    expect(formFieldsOf({ formData: { action: ['restart'], service: ['haproxy'] } })).toEqual({
      action: ['restart'],
      service: ['haproxy'],
    });
    const bytes = new TextEncoder().encode('action=restart&service=haproxy&x=%20').buffer;
    expect(formFieldsOf({ raw: [{ bytes }] })).toEqual({
      action: ['restart'],
      service: ['haproxy'],
      x: [' '],
    });
    expect(formFieldsOf(undefined)).toBeNull();
    expect(formFieldsOf({})).toBeNull();
  });

  it('needs the body only for that page', () => {
    expect(needsRequestBody(page)).toBe(true);
    expect(needsRequestBody('https://fw.lan/api/core/hasync_status/restart_all')).toBe(false);
  });
});

describe('acmeRestartFor', () => {
  it.each([
    // "Issue or renew" posts the integration first, then sign (docs/opnsense.md §8).
    ['https://fw.lan/api/acmeclient/settings/fetch_ha_proxy_integration', 'POST', 'at-once'],
    ['https://fw.lan:4443/api/acmeclient/settings/fetch_ha_proxy_integration/', 'post', 'at-once'],
    [
      'https://fw.lan/api/acmeclient/certificates/sign/6b1f0c2e-9d1a-4f7e-8b3a-2f1e5c7d9a01',
      'POST',
      'later',
    ],
    ['https://fw.lan/api/acmeclient/certificates/automation/6b1f0c2e', 'POST', 'later'],
    ['https://fw.lan/api/acmeclient/certificates/sign/6b1f0c2e/', 'POST', 'later'],
    ['https://fw.lan/api/acmeclient/service/signallcerts', 'POST', 'later'],
  ])('%s %s restarts HAProxy (%s)', (url, method, timing) => {
    expect(acmeRestartFor(url, method)).toEqual({ origin: new URL(url).origin, timing });
  });

  it.each([
    ['https://fw.lan/api/acmeclient/certificates/sign/6b1f0c2e', 'GET'],
    ['https://fw.lan/api/acmeclient/settings/fetch_ha_proxy_integration', 'GET'],
    // No certificate named, or more than one segment after it.
    ['https://fw.lan/api/acmeclient/certificates/sign', 'POST'],
    ['https://fw.lan/api/acmeclient/certificates/sign/a/b', 'POST'],
    ['https://fw.lan/api/acmeclient/certificates/signx/a', 'POST'],
    // Not restarts: the grid, other ACME actions, a revoke.
    ['https://fw.lan/api/acmeclient/certificates/search', 'POST'],
    ['https://fw.lan/api/acmeclient/certificates/revoke/6b1f0c2e', 'POST'],
    ['https://fw.lan/api/acmeclient/settings/fetch_cron_integration', 'POST'],
    ['https://fw.lan/api/acmeclient/service/signallcerts/../status', 'POST'],
    // The HAProxy requests are reloadRequestFor's.
    ['https://fw.lan/api/haproxy/service/reconfigure', 'POST'],
    ['ftp://fw.lan/api/acmeclient/service/signallcerts', 'POST'],
    ['not a url', 'POST'],
  ])('%s %s is not followed as an ACME restart', (url, method) => {
    expect(acmeRestartFor(url, method)).toBeNull();
  });

  it('leaves the ACME requests out of reloadRequestFor: they start no check of their own', () => {
    expect(
      reloadRequestFor('https://fw.lan/api/acmeclient/service/signallcerts', 'POST'),
    ).toBeNull();
  });
});
