/**
 * #18 item 2 in real Chromium with the built extension, the stand-in over HTTPS and real haproxy:
 * "Issue or renew" on the ACME client's certificates page answers at once, and the certificate's
 * automation restarts HAProxy seconds later in the background (docs/opnsense.md §8). That rc
 * restart keeps an orphan (§2). The extension follows the newest PID after the request, sees the
 * restart, and its one look shows `!!` on the ACME page's tab; the warning panel is on the next
 * HAProxy page of that firewall.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orphanFromTheShell } from '../support/behind-the-gui.ts';
import { waitFor } from '../../support/wait.ts';
import { chromiumSuite } from '../support/chromium-suite.ts';
import { badgeText, checkFor, tabIdOf } from '../support/extension-state.ts';
import { logIn, openHaproxyPage, waitForAlert } from '../support/opnsense-page.ts';
import {
  PROCESS_LIST_PATH,
  portOf,
  startRequestLog,
  type RequestLog,
} from '../support/request-log.ts';

const suite = chromiumSuite();
let requestLog: RequestLog;
beforeAll(() => {
  requestLog = startRequestLog();
});
afterAll(() => {
  requestLog.close();
});

const worker = () => suite.browser.serviceWorker;
const RESTART_DELAY_MS = 4_000;

describe('an ACME renewal that restarts HAProxy later, in Chromium', () => {
  it('keeps an orphan: !! on the ACME page tab, then the warning on the next HAProxy page', async () => {
    const sim = await suite.startSim({
      users: ['user0'],
      acme: { restartDelayMs: RESTART_DELAY_MS },
    });
    const { orphanPid } = await orphanFromTheShell(sim);
    const page = await suite.newPage();
    await logIn(page, sim.url, sim.credentials.admin.user, sim.credentials.admin.password);
    await page.goto(`${sim.url}/ui/acmeclient/certificates`);
    const renew = page.locator('#grid-certificates .command-sign').first();
    await renew.waitFor();
    const tabId = await tabIdOf(worker(), page.url());

    const clickedAt = Date.now();
    await renew.click();
    await page.locator('#acmeStatus', { hasText: 'sign: ok' }).waitFor();
    // The request has answered; the automation's restart has not run yet, and nothing was looked at.
    expect(sim.acme.restarts()).toEqual({ done: 0, pending: 1 });
    expect(await badgeText(worker(), tabId)).toBe('');

    await expect.poll(() => badgeText(worker(), tabId), { timeout: 60_000 }).toBe('!!');
    // The look came after the automation launched its restart. The restart's promise ends only
    // after the new process is up, so on a loaded machine `done` may lag the badge: wait for it.
    expect(sim.acme.restarts().pending).toBe(0);
    await waitFor(() => sim.acme.restarts().done, {
      until: (done) => done === 1,
      what: 'the automation restart to end',
      timeoutMs: 30_000,
    });
    expect(await sim.haproxyPids()).toContain(orphanPid);
    const check = await checkFor(worker(), sim.url);
    expect(check).toMatchObject({ tabId, trigger: 'acme', phase: 'done' });
    expect(check?.verdict?.kind).toBe('duplicate');
    // The follow read only statistics/info until the restart; one look took the process list.
    const extension = requestLog.requests(portOf(sim.url), {
      since: clickedAt,
      sender: 'extension',
    });
    expect(extension.filter((request) => PROCESS_LIST_PATH.test(request.path))).toHaveLength(1);

    await openHaproxyPage(page, sim.url);
    const alert = await waitForAlert(page, /side by side/);
    expect(await alert.locator(`tr[data-pid="${orphanPid}"]`).getAttribute('data-role')).toBe(
      'orphan',
    );
  });
});
