/**
 * The pages in a real browser (Debian's Chromium), as an admin uses them over HTTPS under the
 * firewall's name: the HAProxy page's service bar is a status icon only; System › Services and
 * the dashboard widget restart/stop/start through the core service API with the page's token;
 * Save & Apply's "Try anyway?" posts reconfigure and does not reload the page (docs/opnsense.md §3);
 * the widget re-sends a restart that outlasts its 5 s timeout, up to 3 times (§8).
 */
import { chromium, type Browser, type Page, type Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_FLAGS, CHROMIUM_PATH } from '../e2e/support/chromium.ts';
import type { Sim } from './index.ts';
import { isAlive } from './proc.ts';
import { apply, login as apiLogin, simPerTest } from './test-helpers.ts';
import { waitFor } from '../support/wait.ts';

const startSim = simPerTest();
let browser: Browser;

beforeAll(async () => {
  browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    // The certificate warning page is the e2e suites' business; here the page logic is.
    args: [...CHROMIUM_FLAGS, '--host-resolver-rules=MAP *.test 127.0.0.1'],
  });
});
afterAll(async () => {
  await browser.close();
});

/** A fresh browser context, logged in through the login form, then on `path`. */
async function openLoggedIn(sim: Sim, path: string, setup?: (page: Page) => Promise<void>) {
  const context = await browser.newContext({ ignoreHTTPSErrors: true });
  const page = await context.newPage();
  await page.goto(`${sim.url}/`);
  await page.fill('#usernamefld', sim.credentials.admin.user);
  await page.fill('#passwordfld', sim.credentials.admin.password);
  await page.click('button[name="login"]');
  // Only the logged-in layout has the service bar.
  await page.waitForSelector('#service_status_container', { state: 'attached' });
  await setup?.(page);
  await page.goto(`${sim.url}${path}`);
  const token = await page.evaluate(() => {
    const script = [...document.scripts].find((s) => s.text.includes('X-CSRFToken'));
    return /"X-CSRFToken", "([^"]+)"/.exec(script?.text ?? '')?.[1] ?? null;
  });
  expect(token).not.toBeNull();
  return { page, token, close: () => context.close() };
}

/** Clicks and returns the POST it caused, once its answer is in. */
async function clickAndWait(page: Page, selector: string, path: string) {
  const [response] = await Promise.all([
    page.waitForResponse((r) => new URL(r.url()).pathname === path),
    page.click(selector),
  ]);
  return { request: response.request(), json: (await response.json()) as unknown };
}

const csrfOf = (request: Request) => request.headers()['x-csrftoken'];

async function withOrphan(sim: Sim): Promise<[number, number]> {
  const [orphan = 0] = await sim.haproxyPids();
  sim.setFaults({ orphanOnReload: true });
  await apply(sim, await apiLogin(sim));
  sim.setFaults({ orphanOnReload: false });
  await waitFor(async () => (await sim.haproxyPids()).length === 2, {
    what: 'an orphan',
    timeoutMs: 5000,
  });
  return [orphan, (await sim.haproxyPids()).find((p) => p !== orphan) ?? 0];
}

describe('HAProxy page', () => {
  it('shows only a status icon in the service bar, no restart/stop/start buttons', async () => {
    const sim = await startSim();
    const gui = await openLoggedIn(sim, '/ui/haproxy');
    try {
      await gui.page.waitForSelector('#service_status_container .label-success');
      expect(await gui.page.locator('#service_status_container button').count()).toBe(0);
      for (const id of ['#restartService', '#stopService', '#startService']) {
        expect(await gui.page.locator(id).count(), id).toBe(0);
      }
      await sim.shell('configctl haproxy stop');
      await gui.page.reload();
      await gui.page.waitForSelector('#service_status_container .label-danger');
    } finally {
      await gui.close();
    }
  });
});

describe.each([
  {
    name: 'System › Services',
    path: '/ui/core/service',
    button: (action: string) => `#grid-services tr[data-row-id="haproxy"] .command-${action}`,
  },
  {
    name: 'the dashboard widget',
    path: '/',
    button: (action: string) =>
      `#dashboard-services-widget tr[data-service-id="haproxy"] button[data-service-action="${action}"]`,
  },
])('$name', ({ path, button }) => {
  it('restart keeps the orphan, stop kills every haproxy, start brings one up', async () => {
    const sim = await startSim();
    const [orphan, newest] = await withOrphan(sim);
    const gui = await openLoggedIn(sim, path);
    try {
      const restart = await clickAndWait(
        gui.page,
        button('restart'),
        '/api/core/service/restart/haproxy',
      );
      expect(restart.request.method()).toBe('POST');
      expect(csrfOf(restart.request)).toBe(gui.token);
      expect(restart.json).toEqual({ result: 'ok' });
      // rc restart signals only the pidfile PID.
      expect(isAlive(newest)).toBe(false);
      expect(await sim.haproxyPids()).toContain(orphan);
      expect(await sim.haproxyPids()).toHaveLength(2);

      const stop = await clickAndWait(gui.page, button('stop'), '/api/core/service/stop/haproxy');
      expect(csrfOf(stop.request)).toBe(gui.token);
      expect(stop.json).toEqual({ result: 'ok' });
      expect(await sim.haproxyPids()).toEqual([]);

      const start = await clickAndWait(
        gui.page,
        button('start'),
        '/api/core/service/start/haproxy',
      );
      expect(start.json).toEqual({ result: 'ok' });
      expect(await sim.haproxyPids()).toHaveLength(1);
      await gui.page.waitForSelector(button('restart'));
    } finally {
      await gui.close();
    }
  });
});

describe('Save & Apply after a configtest ALERT', () => {
  it('"Try anyway?" → Continue posts reconfigure and does not reload the page; Apply without an ALERT does', async () => {
    const sim = await startSim({ stopMode: 'hard', faults: { configtestAlert: true } });
    const [old = 0] = await sim.haproxyPids();
    // Fake timers: the page's 300 ms reload timer fires only when the test runs the clock.
    const gui = await openLoggedIn(sim, '/ui/haproxy#general-settings', (page) =>
      page.clock.install(),
    );
    const { page } = gui;
    try {
      // Page loads, not hash changes (those are same-document navigations).
      let loads = 0;
      page.on('load', () => {
        loads++;
      });
      await page.waitForSelector('[id="haproxy.general.hardStopAfter"]');
      await page.clock.pauseAt(Date.now() + 1000);

      await page.click('#saveAndReconfigureAct_haproxy-general-settings');
      await page.waitForSelector('.modal-dialog.type-danger', { state: 'visible' });
      expect(await page.textContent('.modal-dialog .modal-body')).toContain('Try anyway?');
      const [reconfigure] = await Promise.all([
        page.waitForResponse((r) => r.url().endsWith('/api/haproxy/service/reconfigure')),
        page.click('.modal-dialog button:has-text("Continue")'),
      ]);
      expect(await reconfigure.json()).toEqual({ status: 'ok' });
      await page.waitForSelector('#saveAndReconfigureAct_progress:not(.fa-spinner)', {
        state: 'attached',
      });
      await page.clock.runFor(5000);
      expect(loads).toBe(0);
      // The reconfigure really reloaded haproxy: the new process ended the old one with -st.
      await waitFor(async () => !(await sim.haproxyPids()).includes(old), {
        what: 'the reload',
        timeoutMs: 5000,
      });

      // Without the ALERT, the common Apply reloads the page 300 ms after "ok".
      sim.setFaults({ configtestAlert: false });
      await page.evaluate(() => {
        window.location.hash = '#users';
      });
      await page.waitForSelector('#reconfigureAct-common', { state: 'visible' });
      await Promise.all([
        page.waitForResponse((r) => r.url().endsWith('/api/haproxy/service/reconfigure')),
        page.click('#reconfigureAct-common'),
      ]);
      await page.waitForSelector('#reconfigureAct_progress:not(.fa-spinner)', {
        state: 'attached',
      });
      expect(loads).toBe(0);
      await Promise.all([page.waitForEvent('load'), page.clock.runFor(5000)]);
      expect(loads).toBe(1);
    } finally {
      await gui.close();
    }
  });
});

describe('the dashboard widget’s timeout (BaseWidget, docs/opnsense.md §8)', () => {
  const RESTART = '/api/core/service/restart/haproxy';
  const restartButton =
    '#dashboard-services-widget tr[data-service-id="haproxy"] button[data-service-action="restart"]';

  it('re-sends a restart that outlasts 5 s, 3 times, then gives up; configd carries out all four, one after the other', async () => {
    // Graceful stop with a client holding on: the first restart drains until hard-stop-after.
    const sim = await startSim({ stopMode: 'graceful', hardStopAfter: '3s' });
    // Fake timers: the widget's 5 s timeouts fire only when the test runs the clock.
    const gui = await openLoggedIn(sim, '/', (page) => page.clock.install());
    const { page } = gui;
    try {
      await page.waitForSelector(restartButton);
      const [before = 0] = await sim.haproxyPids();
      await sim.holdConnection();
      const since = Date.now();
      const restarts = () =>
        sim.requests({ since }).filter((r) => r.method === 'POST' && r.path === RESTART);
      await page.click(restartButton);
      for (let sent = 1; sent <= 4; sent++) {
        await waitFor(() => restarts().length, {
          until: (count) => count === sent,
          what: `request ${String(sent)} of the restart`,
          timeoutMs: 5000,
        });
        // Still draining: no answer yet, so the timeout fires and the widget sends it again.
        await page.clock.runFor(5000);
      }
      await page.clock.runFor(20_000);
      // configd runs one action at a time: a start from the shell waits for the four restarts.
      await sim.shell('configctl haproxy start');
      expect(restarts()).toHaveLength(4);
      // The widget gave up: it refreshes nothing and its buttons stay busy, as the real one does.
      expect(await page.locator(restartButton).isDisabled()).toBe(true);
      const after = await sim.haproxyPids();
      expect(after).toHaveLength(1);
      expect(after).not.toContain(before);
    } finally {
      await gui.close();
    }
  });
});
