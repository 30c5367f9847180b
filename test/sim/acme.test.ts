/**
 * The ACME client's stand-in (docs/opnsense.md §8): its requests answer before the automation's
 * HAProxy restart runs, that restart is an rc restart that keeps an orphan (§2), the HAProxy
 * integration restarts at once and only when it changed something, the pages send what the
 * plugin's pages send, and a restart still pending when the sim stops never runs.
 */
import { expect, it } from 'vitest';
import { waitFor } from '../support/wait.ts';
import { ACME_CERTIFICATES } from './acme.ts';
import { simFetch, type Sim } from './index.ts';
import { api, login, simPerTest } from './test-helpers.ts';

const startSim = simPerTest();
const [CERT] = ACME_CERTIFICATES;
if (!CERT) throw new Error('no ACME certificate in the stand-in');

async function pidfilePid(sim: Sim): Promise<number | null> {
  const state = (await (await simFetch(sim)('/__sim/state')).json()) as {
    pidfilePid: number | null;
  };
  return state.pidfilePid;
}

it('sign answers at once; the automation restarts HAProxy later, and an orphan survives it', async () => {
  const sim = await startSim({ acme: { restartDelayMs: 1_500 } });
  const session = await login(sim);
  const [orphan] = await sim.haproxyPids();
  // The field bug on an earlier reload: a new process started without -sf, the old one kept.
  sim.setFaults({ orphanOnReload: true });
  expect(await sim.shell('configctl haproxy reload')).toBe('OK');
  sim.setFaults({ orphanOnReload: false });
  const before = await pidfilePid(sim);

  const sent = Date.now();
  const sign = await api(sim, 'POST', `/api/acmeclient/certificates/sign/${CERT.uuid}`, {
    session,
  });
  expect(sign.status).toBe(200);
  expect(sign.json).toEqual({ status: 'ok' });
  // Answered before the restart: the pidfile process is still the one from before.
  expect(await pidfilePid(sim)).toBe(before);
  expect(sim.acme.restarts()).toEqual({ done: 0, pending: 1 });

  await waitFor(() => sim.acme.restarts().done === 1, {
    what: 'the automation restart',
    timeoutMs: 15_000,
  });
  expect(Date.now() - sent).toBeGreaterThanOrEqual(1_400);
  const after = await pidfilePid(sim);
  expect(after).not.toBe(before);
  // rc restart signals only the pidfile PID: the orphan is still there.
  expect(await sim.haproxyPids()).toEqual(expect.arrayContaining([orphan, after]));
  expect(await sim.haproxyPids()).toHaveLength(2);
});

it('automation/<uuid> and signallcerts restart later too; an unknown certificate is refused', async () => {
  const sim = await startSim({ acme: { restartDelayMs: 60_000 } });
  const session = await login(sim);
  const automation = await api(
    sim,
    'POST',
    `/api/acmeclient/certificates/automation/${CERT.uuid}`,
    {
      session,
    },
  );
  expect(automation.json).toEqual({ status: 'ok' });
  const all = await api(sim, 'POST', '/api/acmeclient/service/signallcerts', { session });
  expect(all.json).toEqual({ status: 'ok' });
  expect(sim.acme.restarts()).toEqual({ done: 0, pending: 2 });
  const unknown = await api(sim, 'POST', '/api/acmeclient/certificates/sign/nope', { session });
  expect(unknown.json).toEqual({ status: 'failed' });
  // GET does nothing; a POST without the token is refused like every session POST.
  await api(sim, 'GET', `/api/acmeclient/certificates/sign/${CERT.uuid}`, { session });
  const noToken = await api(sim, 'POST', '/api/acmeclient/service/signallcerts', {
    session,
    csrf: false,
  });
  expect(noToken.status).toBe(403);
  expect(sim.acme.restarts()).toEqual({ done: 0, pending: 2 });
});

it('the HAProxy integration restarts before it answers, and only when it changed HAProxy items', async () => {
  const sim = await startSim();
  const session = await login(sim);
  const before = await pidfilePid(sim);
  const path = '/api/acmeclient/settings/fetch_ha_proxy_integration';
  const unchanged = await api(sim, 'POST', path, { session });
  expect(unchanged.json).toEqual({ status: 'ok', restarted: false });
  expect(await pidfilePid(sim)).toBe(before);

  sim.acme.set({ integrationChanges: true });
  const changed = await api(sim, 'POST', path, { session });
  expect(changed.json).toEqual({ status: 'ok', restarted: true });
  const after = await pidfilePid(sim);
  expect(after).not.toBe(before);
  expect(await sim.haproxyPids()).toEqual([after]);
});

it('asks for Services: ACME Client: the haproxy-only user gets 403 on the API and the pages', async () => {
  const sim = await startSim();
  const limited = await login(sim, sim.credentials.limited);
  const sign = await api(sim, 'POST', `/api/acmeclient/certificates/sign/${CERT.uuid}`, {
    session: limited,
  });
  expect(sign.status).toBe(403);
  const page = await simFetch(sim)('/ui/acmeclient/certificates', {
    headers: { cookie: limited.cookie },
  });
  expect(page.status).toBe(403);
  expect(sim.acme.restarts().pending).toBe(0);
});

it('the pages post what the plugin posts: the integration, then sign/<uuid>; automation; signallcerts', async () => {
  const sim = await startSim();
  const session = await login(sim);
  const fetch = simFetch(sim);
  const certificates = await (
    await fetch('/ui/acmeclient/certificates', { headers: { cookie: session.cookie } })
  ).text();
  expect(certificates).toContain(
    "ajaxCall('/api/acmeclient/settings/fetch_ha_proxy_integration', {}, function () {",
  );
  expect(certificates).toContain("ajaxCall('/api/acmeclient/certificates/sign/' + uuid");
  expect(certificates).toContain("ajaxCall('/api/acmeclient/certificates/automation/' + uuid");
  expect(certificates).toContain("ajaxCall('/api/acmeclient/service/signallcerts'");
  const settings = await (
    await fetch('/ui/acmeclient/settings', { headers: { cookie: session.cookie } })
  ).text();
  expect(settings).toContain('/api/acmeclient/settings/fetch_ha_proxy_integration');
  const search = await api(sim, 'POST', '/api/acmeclient/certificates/search', { session });
  expect((search.json as { rows: { uuid: string }[] }).rows.map((row) => row.uuid)).toEqual(
    ACME_CERTIFICATES.map((certificate) => certificate.uuid),
  );
});

it('a restart still pending when the sim stops never runs: no haproxy is started after the stop', async () => {
  const sim = await startSim({ acme: { restartDelayMs: 300 } });
  const session = await login(sim);
  await api(sim, 'POST', '/api/acmeclient/service/signallcerts', { session });
  expect(sim.acme.restarts().pending).toBe(1);
  await sim.stop();
  // Its timer was cleared, not left to fire (simPerTest then checks that no haproxy is left).
  expect(sim.acme.restarts()).toEqual({ done: 0, pending: 0 });
  expect(await sim.haproxyPids()).toEqual([]);
});
