/**
 * The HA/CARP pair (docs/opnsense.md §8): the master's HA settings name the backup and carry the
 * XMLRPC password; Status › High Availability syncs the master's HAProxy section to the backup
 * and runs an rc restart there (the backup's own restart path: an orphan on the backup survives
 * it), never touching the master's haproxy; 24.x does the same through `/status_habackup.php`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_FLAGS, CHROMIUM_PATH } from '../e2e/support/chromium.ts';
import { listSimHaproxyProcesses } from './cleanup.ts';
import { startSimPair, type Sim } from './index.ts';
import { isAlive } from './proc.ts';
import { api, basicAuth, login, measure, simPairPerTest, sorted } from './test-helpers.ts';
import { simFetch } from './sim-fetch.ts';
import { waitFor } from '../support/wait.ts';

const startPair = simPairPerTest();

const keyOf = (sim: Sim) => ({
  headers: { authorization: basicAuth(sim.credentials.apiKey.key, sim.credentials.apiKey.secret) },
});

/** The backup's generated (staging) file, as the sync and the template reload leave it. */
async function stagingOf(sim: Sim): Promise<string> {
  const state = (await (await simFetch(sim)('/__sim/state')).json()) as { dir: string };
  return readFileSync(join(state.dir, 'haproxy.conf.staging'), 'utf8');
}

/** The only haproxy of a sim, once there is exactly one. */
async function onlyPid(sim: Sim): Promise<number> {
  const pids = await sim.haproxyPids();
  expect(pids).toHaveLength(1);
  return pids[0] ?? 0;
}

describe('hasync/get on the master', () => {
  it('names the backup and carries the XMLRPC password; System: High Availability only', async () => {
    const pair = await startPair();
    const { master, backup } = pair;
    expect(master.hostname).toBe('fw.test');
    expect(backup.hostname).toBe('fw-backup.test');
    expect(master.url).not.toBe(backup.url);

    const admin = await login(master);
    const got = await api(master, 'GET', '/api/core/hasync/get', { session: admin });
    expect(got.status).toBe(200);
    expect(got.json).toMatchObject({
      hasync: {
        synchronizetoip: backup.url,
        username: 'root',
        password: pair.xmlrpcPassword,
        pfsyncversion: { '1400': { selected: 1 } },
        disablepreempt: '0',
        verifypeer: '0',
      },
    });
    expect(pair.xmlrpcPassword).toMatch(/^xmlrpc-/);
    // The same with the master's API key; each node has its own key and sessions.
    expect((await api(master, 'GET', '/api/core/hasync/get', keyOf(master))).status).toBe(200);
    expect((await api(master, 'GET', '/api/core/hasync/get', keyOf(backup))).status).toBe(401);
    await expect(login(backup)).resolves.toBeDefined();
    expect((await api(backup, 'GET', '/api/core/hasync/get', { session: admin })).status).toBe(401);

    // Without "System: High Availability": the empty 403 of an ACL refusal.
    const limited = await login(master, master.credentials.limited);
    const refused = await api(master, 'GET', '/api/core/hasync/get', { session: limited });
    expect(refused.status).toBe(403);
    expect(refused.text).toBe('');
    const status = await api(master, 'GET', '/api/core/hasync_status/services', {
      session: limited,
    });
    expect(status.status).toBe(403);

    // The backup is a standalone node as far as its own HA settings go.
    const own = await api(backup, 'GET', '/api/core/hasync/get', keyOf(backup));
    expect(own.json).toMatchObject({ hasync: { synchronizetoip: '', password: '' } });
  });

  it('synchronizetoip: a URL, a bare address, or one the browser cannot reach', async () => {
    const pair = await startPair({ synchronizeTo: 'unreachable' });
    const read = async () =>
      (
        (await api(pair.master, 'GET', '/api/core/hasync/get', keyOf(pair.master))).json as {
          hasync: { synchronizetoip: string };
        }
      ).hasync.synchronizetoip;
    expect(await read()).toBe('192.0.2.2');
    pair.setSynchronizeTo('address');
    expect(await read()).toBe('fw-backup.test');
    pair.setSynchronizeTo({ value: 'https://10.0.0.2:4443' });
    expect(await read()).toBe('https://10.0.0.2:4443');
    expect(pair.synchronizeToIp()).toBe('https://10.0.0.2:4443');
  });
});

describe('Status › High Availability API (25.x)', () => {
  it('restart/haproxy/ syncs, then rc-restarts the backup only, and answers after it', async () => {
    const pair = await startPair();
    const { master, backup } = pair;
    const masterPid = await onlyPid(master);
    const backupPid = await onlyPid(backup);
    // Saved on the master, not applied there: config.xml is what XMLRPC syncs.
    await master.addUser('user1');
    expect(await stagingOf(backup)).not.toContain('user1');

    const session = await login(master);
    const services = await api(master, 'GET', '/api/core/hasync_status/services', { session });
    expect(services.json).toMatchObject({
      total: 1,
      rows: [{ name: 'haproxy', uid: 'haproxy', status: true }],
    });
    // Without the CSRF token: the same empty 403, nothing restarted.
    const noToken = await api(master, 'POST', '/api/core/hasync_status/restart/haproxy/', {
      session,
      csrf: false,
    });
    expect(noToken.status).toBe(403);
    expect(await backup.haproxyPids()).toEqual([backupPid]);

    const restarted = await api(master, 'POST', '/api/core/hasync_status/restart/haproxy/', {
      session,
    });
    expect(restarted.status).toBe(200);
    expect(restarted.json).toEqual({ response: 'haproxy has been restarted.', status: 'ok' });
    // Answered after the restart: the backup already runs a new process, on the synced config.
    expect(isAlive(backupPid)).toBe(false);
    const newBackupPid = await onlyPid(backup);
    expect(newBackupPid).not.toBe(backupPid);
    expect(await stagingOf(backup)).toContain('user1');
    expect((await measure(backup, 'user1', 10)).ok).toBe(10);
    // The master's haproxy is untouched and still runs its previous configuration.
    expect(await master.haproxyPids()).toEqual([masterPid]);
    expect((await measure(master, 'user1', 10)).ok).toBe(0);
    // Only the backup's own API saw its process; the master's request log shows the restart.
    expect(backup.requests().some((r) => r.path.includes('hasync'))).toBe(false);

    // GET does nothing.
    const get = await api(master, 'GET', '/api/core/hasync_status/restart/haproxy/', { session });
    expect(get.json).toEqual({ status: 'failed' });
    expect(await backup.haproxyPids()).toEqual([newBackupPid]);
  });

  it('with an orphan on the backup, the restart replaces only its pidfile process', async () => {
    const pair = await startPair({ backup: { faults: { orphanOnReload: true } } });
    const { master, backup } = pair;
    const [orphan = 0] = await backup.haproxyPids();
    expect(await backup.shell('configctl haproxy reload')).toBe('OK');
    await waitFor(async () => (await backup.haproxyPids()).length === 2, {
      what: 'an orphan on the backup',
      timeoutMs: 5000,
    });
    const current = (await backup.haproxyPids()).find((p) => p !== orphan) ?? 0;
    const masterPids = await master.haproxyPids();

    const restarted = await api(master, 'POST', '/api/core/hasync_status/restart/haproxy/', {
      ...keyOf(master),
      headers: { ...keyOf(master).headers, 'Content-Type': 'application/json' },
    });
    expect(restarted.json).toEqual({ response: 'haproxy has been restarted.', status: 'ok' });
    expect(isAlive(current)).toBe(false);
    const after = await backup.haproxyPids();
    expect(after).toHaveLength(2);
    expect(after).toContain(orphan);
    expect(await master.haproxyPids()).toEqual(masterPids);
  });

  it('restart_all restarts every service of the backup; start/haproxy/ starts a stopped one', async () => {
    const pair = await startPair();
    const { master, backup } = pair;
    const session = await login(master);
    const before = await onlyPid(backup);
    const all = await api(master, 'POST', '/api/core/hasync_status/restart_all', { session });
    expect(all.json).toEqual({ status: 'ok', count: 1 });
    expect(isAlive(before)).toBe(false);
    await onlyPid(backup);

    expect(await backup.shell('configctl haproxy stop')).toBe('OK');
    expect(
      (await api(master, 'GET', '/api/core/hasync_status/services', { session })).json,
    ).toMatchObject({ rows: [{ name: 'haproxy', status: false }] });
    const started = await api(master, 'POST', '/api/core/hasync_status/start/haproxy/', {
      session,
    });
    expect(started.json).toEqual({ response: 'haproxy has been started.', status: 'ok' });
    await onlyPid(backup);
  });
});

describe('24.x', () => {
  it('has no hasync_status API and no 25.x page; hasync/get only from 24.7', async () => {
    const pair = await startPair({
      master: { opnsenseVersion: '24.7' },
      backup: { opnsenseVersion: '24.7' },
    });
    const session = await login(pair.master);
    const restart = await api(pair.master, 'POST', '/api/core/hasync_status/restart/haproxy/', {
      session,
    });
    expect(restart.status).toBe(404);
    expect((await api(pair.master, 'GET', '/api/core/hasync/get', { session })).json).toMatchObject(
      { hasync: { synchronizetoip: pair.backup.url } },
    );
    const page = await simFetch(pair.master)('/ui/core/hasync_status', {
      headers: { cookie: session.cookie },
    });
    expect(page.status).toBe(404);
  });

  it('24.1: hasync_status and hasync are unknown controllers', async () => {
    const pair = await startPair({
      master: { opnsenseVersion: '24.1' },
      backup: { opnsenseVersion: '24.1' },
    });
    const got = await api(pair.master, 'GET', '/api/core/hasync/get', keyOf(pair.master));
    expect(got.status).toBe(400);
    const status = await api(pair.master, 'GET', '/api/core/hasync_status/services', {
      ...keyOf(pair.master),
    });
    expect(status.json).toEqual({
      message: 'controller OPNsense\\Core\\Api\\HasyncStatusController not found',
      status: 400,
    });
  });

  it.each(['24.1', '24.7'] as const)(
    '%s: /status_habackup.php syncs on exec_sync and restarts on action=restart, with the form CSRF field',
    async (opnsenseVersion) => {
      const pair = await startPair({ master: { opnsenseVersion }, backup: { opnsenseVersion } });
      const { master, backup } = pair;
      const session = await login(master);
      const fetch = simFetch(master);
      const page = await fetch('/status_habackup.php', { headers: { cookie: session.cookie } });
      expect(page.status).toBe(200);
      const html = await page.text();
      expect(html).toContain('data-service_action="restart"');
      expect(html).toContain('data-service_name="haproxy"');
      expect(html).toContain('data-service_action="restart_all"');
      const field = /name=\\"([0-9a-f]{16})\\" value=\\"([^"\\]+)\\"/.exec(html);
      expect(field?.[2]).toBe(session.csrfToken);
      const csrf = { [field?.[1] ?? '']: field?.[2] ?? '' };

      const post = (form: Record<string, string>, headers: Record<string, string> = {}) =>
        fetch('/status_habackup.php', {
          method: 'POST',
          headers: {
            cookie: session.cookie,
            'Content-Type': 'application/x-www-form-urlencoded',
            ...headers,
          },
          body: new URLSearchParams(form).toString(),
        });

      await master.addUser('user1');
      const backupPid = await onlyPid(backup);
      // Without the field (nor the header): the empty 403, nothing synced.
      const refused = await post({ action: 'exec_sync' });
      expect(refused.status).toBe(403);
      expect(await refused.text()).toBe('');
      expect(await stagingOf(backup)).not.toContain('user1');

      // exec_sync syncs the configuration and restarts nothing.
      const synced = await post({ action: 'exec_sync', ...csrf });
      expect(await synced.json()).toEqual({ status: 'done' });
      expect(await backup.haproxyPids()).toEqual([backupPid]);
      const templates = await post({ action: 'reload_templates', ...csrf });
      expect(await templates.json()).toEqual({ status: 'done' });
      expect(await stagingOf(backup)).toContain('user1');

      const restarted = await post({ action: 'restart', service: 'haproxy', id: '', ...csrf });
      expect(await restarted.json()).toEqual({ response: 'haproxy has been restarted.' });
      expect(isAlive(backupPid)).toBe(false);
      await onlyPid(backup);
      expect((await measure(backup, 'user1', 10)).ok).toBe(10);
      // The page's own $.post carries the header instead: accepted as well.
      const viaHeader = await post(
        { action: 'restart', service: 'haproxy', id: '' },
        { 'X-CSRFToken': session.csrfToken },
      );
      expect(viaHeader.status).toBe(200);

      const limited = await login(master, master.credentials.limited);
      const forbidden = await fetch('/status_habackup.php', {
        headers: { cookie: limited.cookie },
      });
      expect(forbidden.status).toBe(403);
    },
  );
});

describe('the pages in a browser', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: [...CHROMIUM_FLAGS, '--host-resolver-rules=MAP *.test 127.0.0.1'],
    });
  });
  afterAll(async () => {
    await browser.close();
  });

  async function openLoggedIn(sim: Sim, path: string) {
    const context = await browser.newContext({ ignoreHTTPSErrors: true });
    const page = await context.newPage();
    await page.goto(`${sim.url}/`);
    await page.fill('#usernamefld', sim.credentials.admin.user);
    await page.fill('#passwordfld', sim.credentials.admin.password);
    await page.click('button[name="login"]');
    await page.waitForSelector('#service_status_container', { state: 'attached' });
    await page.goto(`${sim.url}${path}`);
    return { page, close: () => context.close() };
  }

  async function clickAndWait(page: Page, selector: string, path: string) {
    const [response] = await Promise.all([
      page.waitForResponse((r) => new URL(r.url()).pathname === path),
      page.click(selector),
    ]);
    return { request: response.request(), json: (await response.json()) as unknown };
  }

  /** The token the layout's ajaxSetup sends, read from the page's script. */
  const tokenOf = (page: Page) =>
    page.evaluate(() => {
      const script = [...document.scripts].find((s) => s.text.includes('X-CSRFToken'));
      return /"X-CSRFToken", "([^"]+)"/.exec(script?.text ?? '')?.[1] ?? null;
    });

  it('25.x: "Synchronize and Restart" and "Synchronize and reconfigure all" restart the backup', async () => {
    const pair = await startPair();
    const { master, backup } = pair;
    const masterPids = await master.haproxyPids();
    const gui = await openLoggedIn(master, '/ui/core/hasync_status');
    try {
      const token = await tokenOf(gui.page);
      const restart = '#grid_services tr[data-row-id="haproxy"] [data-service_action="restart"]';
      await gui.page.waitForSelector(restart);
      expect(await gui.page.getAttribute(restart, 'title')).toBe('Synchronize and Restart');
      expect(await gui.page.textContent('#sync_container')).toContain(
        'Synchronize and reconfigure all',
      );

      const before = await onlyPid(backup);
      const one = await clickAndWait(gui.page, restart, '/api/core/hasync_status/restart/haproxy/');
      expect(one.request.method()).toBe('POST');
      expect(one.request.headers()['x-csrftoken']).toBe(token);
      expect(one.json).toEqual({ response: 'haproxy has been restarted.', status: 'ok' });
      expect(isAlive(before)).toBe(false);

      const second = await onlyPid(backup);
      const all = await clickAndWait(
        gui.page,
        '#act_restart_all',
        '/api/core/hasync_status/restart_all',
      );
      expect(all.request.headers()['x-csrftoken']).toBe(token);
      expect(all.json).toEqual({ status: 'ok', count: 1 });
      expect(isAlive(second)).toBe(false);
      expect(await master.haproxyPids()).toEqual(masterPids);
    } finally {
      await gui.close();
    }
  });

  it('24.7: the legacy page posts exec_sync, reload_templates, then restart, and reloads', async () => {
    const pair = await startPair({
      master: { opnsenseVersion: '24.7' },
      backup: { opnsenseVersion: '24.7' },
    });
    const { master, backup } = pair;
    const gui = await openLoggedIn(master, '/status_habackup.php');
    try {
      const bodies: string[] = [];
      gui.page.on('request', (r) => {
        if (r.method() === 'POST' && new URL(r.url()).pathname === '/status_habackup.php') {
          bodies.push(r.postData() ?? '');
        }
      });
      const before = await onlyPid(backup);
      await Promise.all([
        gui.page.waitForEvent('load'),
        gui.page.click('[data-service_action="restart"][data-service_name="haproxy"]'),
      ]);
      expect(bodies.map((b) => new URLSearchParams(b).get('action'))).toEqual([
        'exec_sync',
        'reload_templates',
        'restart',
      ]);
      expect(new URLSearchParams(bodies[2]).get('service')).toBe('haproxy');
      expect(isAlive(before)).toBe(false);
      await onlyPid(backup);
    } finally {
      await gui.close();
    }
  });
});

describe('cleanup', () => {
  it('a master that fails to start takes the backup down with it', async () => {
    const mine = () =>
      sorted(
        listSimHaproxyProcesses()
          .filter((p) => p.owner === process.pid)
          .map((p) => p.pid),
      );
    const before = mine();
    await expect(startSimPair({ master: { hostname: 'not a host' } })).rejects.toThrow(
      /not a host name/,
    );
    expect(mine()).toEqual(before);
  });

  it('stop() ends both nodes and their haproxy processes', async () => {
    const pair = await startPair();
    const pids = [...(await pair.master.haproxyPids()), ...(await pair.backup.haproxyPids())];
    expect(pids).toHaveLength(2);
    await pair.stop();
    expect(pids.filter(isAlive)).toEqual([]);
  });
});
