/**
 * The security review's findings end to end (issue 12, issue 19, docs/security.md): a check stays
 * with its firewall when the tab moves to another one, and nothing a script on the firewall page
 * does — synthetic clicks on Apply or on the panel's buttons, a redressed panel, a button it
 * focused, forged page-outcome events — starts a check, stops HAProxy, or ends a check without a
 * look at the firewall.
 *
 * `page.evaluate` runs in the page's main world: exactly where a script of the firewall page (or
 * one injected into it) runs, with the same reach into the panel's open shadow root.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { chromiumSuite } from '../support/chromium-suite.ts';
import { checkFor, storedChecks } from '../support/extension-state.ts';
import {
  applyAndWaitForReload,
  openHaproxyPage,
  panel,
  PANEL_HOST,
  waitForAlert,
  waitForPanelText,
} from '../support/opnsense-page.ts';

declare const chrome: {
  storage: {
    local: {
      get(key: string): Promise<Record<string, unknown>>;
      set(items: Record<string, unknown>): Promise<void>;
      remove(key: string): Promise<void>;
    };
  };
};

const suite = chromiumSuite();

/** The history lines the extension kept for a firewall. */
async function historyFor(origin: string): Promise<{ trigger: string; result: string }[]> {
  const { history } = await suite.browser.serviceWorker.evaluate(() =>
    chrome.storage.local.get('history'),
  );
  return ((history ?? []) as { origin: string; trigger: string; result: string }[]).filter(
    (entry) => entry.origin === origin,
  );
}

/**
 * Records, in the tab's sessionStorage (per origin, kept across the page's own reloads), every
 * text the extension's panel shows on that origin's pages: what a script of that page could read.
 */
async function recordPanelTexts(page: Page): Promise<void> {
  await page.addInitScript((hostId) => {
    const seen = (): void => {
      const text = document.getElementById(hostId)?.shadowRoot?.textContent ?? '';
      if (text === '') return;
      const texts = JSON.parse(sessionStorage.getItem('hrg-test-panel') ?? '[]') as string[];
      if (texts.at(-1) !== text) {
        texts.push(text);
        sessionStorage.setItem('hrg-test-panel', JSON.stringify(texts));
      }
    };
    let watched: ShadowRoot | null = null;
    new MutationObserver(() => {
      const root = document.getElementById(hostId)?.shadowRoot ?? null;
      if (root && root !== watched) {
        watched = root;
        new MutationObserver(seen).observe(root, {
          subtree: true,
          childList: true,
          characterData: true,
        });
      }
      seen();
    }).observe(document, { subtree: true, childList: true });
  }, PANEL_HOST.slice(1));
}

async function panelTexts(page: Page): Promise<string[]> {
  return page.evaluate(
    () => JSON.parse(sessionStorage.getItem('hrg-test-panel') ?? '[]') as string[],
  );
}

describe('security, in Chromium', () => {
  it('keeps firewall A’s warning off firewall B’s page in the same tab, and names each firewall', async () => {
    const simA = await suite.startSim({ users: ['user0'], faults: { orphanOnReload: true } });
    // Two firewalls need two host names (cookies ignore the port), as in tabs-and-pages.
    const simB = await suite.startSim({ users: ['user0'], hostname: 'fw-b.test' });
    const urlB = simB.url;
    const hostA = new URL(simA.url).host;
    const hostB = new URL(urlB).host;
    const [orphanPid] = await simA.haproxyPids();
    // Log in to B once, in a tab of its own, as an admin with two GUIs would.
    await suite.openFirewall(simB);
    const tab = await suite.openFirewall(simA);
    await recordPanelTexts(tab);

    await applyAndWaitForReload(tab);
    const warning = await waitForAlert(tab, /side by side/);
    expect(await warning.locator('.firewall').textContent()).toBe(`Firewall ${hostA}`);
    const checkA = await checkFor(suite.browser.serviceWorker, simA.url);
    expect(checkA?.verdict?.kind).toBe('duplicate');

    // The same tab now shows firewall B. Its own Apply is confirmed there, naming B…
    await openHaproxyPage(tab, urlB);
    await applyAndWaitForReload(tab);
    const confirmation = await waitForPanelText(tab, /reload verified/);
    expect(await confirmation.locator('.firewall').textContent()).toBe(`Firewall ${hostB}`);
    // …and nothing of A ever reached B's page: not its warning, not its orphan's PID.
    const seenOnB = (await panelTexts(tab)).join('\n');
    expect(seenOnB).toContain('reload verified');
    expect(seenOnB).not.toMatch(/side by side/);
    expect(seenOnB).not.toContain(String(orphanPid));
    expect(seenOnB).not.toContain(hostA);
    // A's check is A's still: unchanged, and back on A the tab shows it again.
    expect((await checkFor(suite.browser.serviceWorker, simA.url))?.id).toBe(checkA?.id);
    await openHaproxyPage(tab, simA.url);
    const again = await waitForAlert(tab, /side by side/);
    expect(await again.locator(`tr[data-pid="${orphanPid}"]`).getAttribute('data-role')).toBe(
      'orphan',
    );
    expect(await simA.haproxyPids()).toHaveLength(2);
  });

  it('takes a script’s click on Apply for no click of the admin’s; the reload it causes is only looked at', async () => {
    const sim = await suite.startSim({ users: ['user0'] });
    const page = await suite.openFirewall(sim);
    const [before] = await sim.haproxyPids();
    // Holds each configtest until released: what exists then was begun by the click itself.
    let configtestArrived: () => void = () => undefined;
    let releaseConfigtest: () => void = () => undefined;
    const holdNextConfigtest = () => ({
      arrived: new Promise<void>((resolve) => {
        configtestArrived = resolve;
      }),
      released: new Promise<void>((resolve) => {
        releaseConfigtest = resolve;
      }),
    });
    let hold = holdNextConfigtest();
    await page.route('**/api/haproxy/service/configtest', async (route) => {
      const { released } = hold;
      configtestArrived();
      await released;
      await route.continue();
    });
    const applyChecks = async () =>
      (await storedChecks(suite.browser.serviceWorker)).filter(
        (check) => check.origin === sim.url && check.trigger === 'apply',
      );

    const reloaded = page.waitForEvent('framenavigated', { timeout: 60_000 });
    await page.evaluate(() => {
      const apply = document.querySelector<HTMLButtonElement>('#reconfigureAct-common');
      apply?.click();
    });
    await hold.arrived;
    // The page's own handler runs, but no check began at the script's click.
    expect(await applyChecks()).toEqual([]);
    releaseConfigtest();
    await reloaded;
    await page.waitForLoadState('load');
    // …configtest, reconfigure, reload: a new haproxy process. The reconfigure request is a
    // real reload of HAProxy, so it is looked at like any other (request-follower.ts): from
    // its request on, reading only.
    await expect.poll(() => sim.haproxyPids()).not.toContain(before);
    await expect
      .poll(async () => (await checkFor(suite.browser.serviceWorker, sim.url))?.phase)
      .toBe('done');
    const followed = await checkFor(suite.browser.serviceWorker, sim.url);
    expect(followed).toMatchObject({ trigger: 'apply', remediation: null });
    expect(followed?.verdict?.kind).toBe('clean');

    // The admin's own click on the same button is followed from the click, as always.
    hold = holdNextConfigtest();
    const applied = applyAndWaitForReload(page);
    // Handled here too, so a failure below does not leave its rejection unhandled.
    applied.catch(() => undefined);
    await hold.arrived;
    // The click's message may reach the background just after the page's configtest left;
    // configtest is held, so the check, begun at the click, is there before it is answered.
    await expect.poll(applyChecks).toMatchObject([{ phase: 'waiting-for-reload' }]);
    releaseConfigtest();
    await applied;
    await waitForPanelText(page, /reload verified/);
    await expect.poll(() => historyFor(sim.url)).toHaveLength(2);
    expect((await historyFor(sim.url))[1]).toMatchObject({ trigger: 'apply', result: 'clean' });
  });

  it('ignores a script’s clicks on the panel’s Restart and Dismiss; HAProxy is not stopped', async () => {
    const sim = await suite.startSim({ users: ['user0'], faults: { orphanOnReload: true } });
    const page = await suite.openFirewall(sim);
    await applyAndWaitForReload(page);
    await waitForAlert(page, /side by side/);
    const pidsWithOrphan = await sim.haproxyPids();
    expect(pidsWithOrphan).toHaveLength(2);

    // The panel's shadow root is open (tests and assistive technology use it), so a page
    // script reaches its buttons. Every way it can click them:
    const afterClicks = await page.evaluate((hostId) => {
      const root = document.getElementById(hostId)?.shadowRoot;
      const restart = root?.querySelector<HTMLButtonElement>('button.primary');
      const close = root?.querySelector<HTMLButtonElement>('button.close');
      restart?.click();
      restart?.dispatchEvent(new MouseEvent('click', { bubbles: true, composed: true }));
      restart?.dispatchEvent(new PointerEvent('click', { bubbles: true, detail: 1 }));
      restart?.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
      close?.click();
      const now = document.getElementById(hostId)?.shadowRoot;
      const button = now?.querySelector<HTMLButtonElement>('button.primary');
      return {
        panelShown: now?.querySelector('section') !== null,
        restartLabel: button?.textContent ?? null,
        restartDisabled: button?.disabled ?? null,
      };
    }, PANEL_HOST.slice(1));
    // Event dispatch is synchronous, so the content script has already ignored them all.
    expect(afterClicks.panelShown).toBe(true);
    expect(afterClicks.restartLabel).toMatch(/^Restart HAProxy/);
    expect(afterClicks.restartDisabled).toBe(false);

    // The admin's own click on Dismiss is obeyed. Had a restart started, the check would be
    // remediating now, which no dismiss ends: its being gone proves none started.
    await panel(page).getByRole('button', { name: 'Dismiss' }).click();
    await expect.poll(() => checkFor(suite.browser.serviceWorker, sim.url)).toBeNull();
    expect(await sim.haproxyPids()).toEqual(pidsWithOrphan);
  });

  it('takes no Restart from a redressed panel or a script-focused button; the admin’s own click restarts', async () => {
    const sim = await suite.startSim({ users: ['user0'], faults: { orphanOnReload: true } });
    const page = await suite.openFirewall(sim);
    await applyAndWaitForReload(page);
    await waitForAlert(page, /side by side/);
    const pidsWithOrphan = await sim.haproxyPids();
    expect(pidsWithOrphan).toHaveLength(2);
    // The first primary button is Restart, whatever its label says now.
    const primary = panel(page).locator('button.primary').first();
    expect(await primary.textContent()).toMatch(/^Restart HAProxy/);
    const box = await primary.boundingBox();
    if (!box) throw new Error('Restart is not laid out');
    const middle = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
    const restartUntouched = async () => ({
      offered: /^Restart HAProxy/.test((await primary.textContent()) ?? ''),
      disabled: await primary.isDisabled(),
    });

    // A page script makes the panel's host transparent over a decoy of its own, where Restart is.
    await page.evaluate(
      ({ hostId, box }) => {
        const host = document.getElementById(hostId);
        if (host) host.style.opacity = '0';
        const decoy = document.createElement('button');
        decoy.id = 'decoy';
        decoy.textContent = 'Got it';
        Object.assign(decoy.style, {
          position: 'fixed',
          left: `${box.x}px`,
          top: `${box.y}px`,
          width: `${box.width}px`,
          height: `${box.height}px`,
        });
        // Under the host: before it in the page, and the transparent host stacks above it.
        document.body.prepend(decoy);
      },
      { hostId: PANEL_HOST.slice(1), box },
    );
    // The admin clicks what they see: the decoy, under the invisible Restart. The click is
    // dispatched (and ignored) before the mouse call returns.
    expect(await page.evaluate(({ x, y }) => document.elementFromPoint(x, y)?.id, middle)).toBe(
      PANEL_HOST.slice(1),
    );
    await page.mouse.click(middle.x, middle.y);
    expect(await restartUntouched()).toEqual({ offered: true, disabled: false });

    // The panel is visible again; a page script focuses Restart, and the admin presses Enter
    // (meant for the page).
    await page.evaluate((hostId) => {
      const host = document.getElementById(hostId);
      if (host) host.style.opacity = '';
      document.getElementById('decoy')?.remove();
      host?.shadowRoot?.querySelector<HTMLButtonElement>('button.primary')?.focus();
    }, PANEL_HOST.slice(1));
    expect(await primary.evaluate((button) => button.matches(':focus'))).toBe(true);
    await page.keyboard.press('Enter');
    expect(await restartUntouched()).toEqual({ offered: true, disabled: false });
    expect(await sim.haproxyPids()).toEqual(pidsWithOrphan);

    // The admin's own click on the panel in plain sight restarts, as always.
    await page.mouse.click(middle.x, middle.y);
    await waitForPanelText(page, /restarted and verified/, 90_000);
    expect(await sim.haproxyPids()).toHaveLength(1);
  });

  it('ends no check on a forged page-outcome event without a look at the firewall', async () => {
    const sim = await suite.startSim({ users: ['user0'] });
    const page = await suite.openFirewall(sim);
    const [before] = await sim.haproxyPids();
    // The page's own configtest is held, so the Apply is in flight while the page script acts.
    let releaseConfigtest: () => Promise<void> = () => Promise.resolve();
    const held = new Promise<void>((resolve) => {
      void page.route('**/api/haproxy/service/configtest', (route) => {
        releaseConfigtest = () => route.abort();
        resolve();
      });
    });
    try {
      await page.locator('[id*="reconfigureAct"]:visible').first().click();
      await held;
      await expect
        .poll(async () => {
          const check = await checkFor(suite.browser.serviceWorker, sim.url);
          return check?.baseline?.currentPid ?? null;
        })
        .toBe(before);

      // A script on the page claims the configtest failed, the way the page observer reports it.
      await page.evaluate(() => {
        document.dispatchEvent(
          new CustomEvent('hrg:page-outcome', {
            detail: JSON.stringify({
              action: 'configtest',
              status: 200,
              body: JSON.stringify({ result: '[ALERT] (1) : forged by a page script' }),
            }),
          }),
        );
      });
      await expect
        .poll(async () => (await checkFor(suite.browser.serviceWorker, sim.url))?.phase)
        .toBe('done');
      const check = await checkFor(suite.browser.serviceWorker, sim.url);
      expect(check?.failure).toBe('configtest-failed');
      // The claim was checked against the firewall: one look, which saw the old process still
      // alone. (A sim started moments ago may be too young to tell from a restart, so the look
      // says not-reloaded or, for a process started within 2 s of the click, unverifiable.)
      expect(check?.verdictAt).not.toBeNull();
      expect(['not-reloaded', 'unverifiable']).toContain(check?.verdict?.kind);
      const shown = await waitForAlert(page, /configuration test failed/);
      expect(await shown.textContent()).toMatch(
        /found on the firewall: (The change is not live|The reload could not be verified)/,
      );
      expect(await shown.locator(`tr[data-pid="${before}"]`).count()).toBe(1);
      expect(await shown.textContent()).not.toMatch(/reload verified/);
    } finally {
      await releaseConfigtest();
      await page.unroute('**/api/haproxy/service/configtest');
    }
  });

  it('keeps storage.local, where API secrets live, out of the content script’s reach', async () => {
    const sim = await suite.startSim({ users: ['user0'] });
    const page = await suite.openFirewall(sim);
    await suite.browser.serviceWorker.evaluate(
      (secret) => chrome.storage.local.set({ 'hrg-test-probe': secret }),
      sim.credentials.apiKey.secret,
    );
    // The content script's isolated world, reached the way DevTools reaches it.
    const cdp = await suite.browser.context.newCDPSession(page);
    const worlds: { id: number; origin: string; auxData?: { isDefault?: boolean } }[] = [];
    cdp.on('Runtime.executionContextCreated', ({ context }) => {
      worlds.push(context);
    });
    await cdp.send('Runtime.enable');
    const ours = worlds.find(
      (world) =>
        world.origin === `chrome-extension://${suite.browser.extensionId}` &&
        world.auxData?.isDefault === false,
    );
    expect(ours).toBeDefined();
    const read = await cdp.send('Runtime.evaluate', {
      contextId: ours?.id ?? -1,
      expression: `chrome.storage.local.get(null).then(
        (items) => 'read: ' + JSON.stringify(items),
        (error) => 'refused: ' + error.message,
      )`,
      awaitPromise: true,
    });
    const answer = String(read.result.value);
    expect(answer).toMatch(/^refused: Access to storage is not allowed/);
    expect(answer).not.toContain(sim.credentials.apiKey.secret);
    await cdp.detach();
    await suite.browser.serviceWorker.evaluate(() => chrome.storage.local.remove('hrg-test-probe'));
  });
});
