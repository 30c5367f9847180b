/**
 * The panel in OPNsense's dark theme, used with the keyboard only: the alert is readable, the
 * restart button is reachable with Tab and fires with Enter, and the panel can be dismissed.
 */
import { describe, expect, it } from 'vitest';
import { chromiumSuite } from '../support/chromium-suite.ts';
import {
  applyAndWaitForReload,
  panel,
  waitForAlert,
  waitForPanelText,
} from '../support/opnsense-page.ts';
import { screenshot } from '../support/screenshots.ts';
import { contrast, luminance } from '../support/contrast.ts';

const suite = chromiumSuite();

describe('the panel in the dark theme, by keyboard, in Chromium', () => {
  it('is dark on a dark page and fully usable with Tab and Enter', async () => {
    const sim = await suite.startSim({ users: ['user0'], faults: { orphanOnReload: true } });
    const page = await suite.openFirewall(sim);
    // The stand-in remembers the theme in a cookie, as OPNsense keeps it per user.
    await page.goto(`${sim.url}/ui/haproxy?theme=dark#users`);
    await applyAndWaitForReload(page);
    const alert = await waitForAlert(page, /side by side/);
    expect(await alert.getAttribute('data-theme')).toBe('dark');
    // Light text on a dark panel: the contrast a reader needs.
    const [text, background] = await alert.evaluate((element) => {
      const style = getComputedStyle(element);
      return [style.color, style.backgroundColor];
    });
    expect(luminance(text)).toBeGreaterThan(0.6);
    expect(luminance(background)).toBeLessThan(0.1);
    await screenshot(page, 'duplicate-panel-dark');
    const restartColours = await page
      .getByRole('button', { name: /^Restart HAProxy/ })
      .evaluate((button) => [
        getComputedStyle(button).color,
        getComputedStyle(button).backgroundColor,
      ]);
    expect(contrast(restartColours[0] ?? '', restartColours[1] ?? '')).toBeGreaterThanOrEqual(4.5);

    // Reach "Restart HAProxy" with the keyboard alone.
    const restart = page.getByRole('button', { name: /^Restart HAProxy/ });
    let presses = 0;
    while (!(await restart.evaluate((button) => button.matches(':focus')))) {
      await page.keyboard.press('Tab');
      presses += 1;
      expect(presses, 'the restart button is reachable with Tab').toBeLessThan(60);
    }
    await page.keyboard.press('Enter');
    await waitForPanelText(page, /restarted and verified/, 90_000);
    expect(await sim.haproxyPids()).toHaveLength(1);

    // Dismiss with the keyboard too.
    const close = page.getByRole('button', { name: 'Dismiss' });
    await close.focus();
    await page.keyboard.press('Enter');
    await panel(page).waitFor({ state: 'detached' });
  });
});
