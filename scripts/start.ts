/**
 * `npm start`: the stand-in OPNsense with real haproxy, and Chromium with the extension on it.
 *
 * With a display, opens a Chromium window logged in to the stand-in and leaves it to you.
 * Without one (a server, CI), plays the bug report headless — user0 only, add user1–user3, Apply
 * with an orphan left behind, "Restart HAProxy" — and writes screenshots and a report to
 * demo-output/. Everything it starts is stopped on exit, Ctrl-C included.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { startSim, type Sim } from '../test/sim/index.ts';
import { measure } from '../test/sim/test-helpers.ts';
import {
  launchChromiumWithExtension,
  type ExtensionBrowser,
} from '../test/e2e/support/chromium.ts';
import {
  addUserInGui,
  applyAndWaitForReload,
  logInAndOpenHaproxy,
  waitForAlert,
  waitForPanelText,
} from '../test/e2e/support/opnsense-page.ts';

const OUTPUT = 'demo-output';
const headed = Boolean(process.env.DISPLAY) && process.argv[2] !== '--headless';

let sim: Sim | null = null;
let browser: ExtensionBrowser | null = null;

async function cleanUp(): Promise<void> {
  await browser?.close();
  browser = null;
  await sim?.stop();
  sim = null;
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void cleanUp().then(() => process.exit(130));
  });
}

async function interactive(running: Sim, opened: ExtensionBrowser): Promise<void> {
  const page = await opened.context.newPage();
  await logInAndOpenHaproxy(page, running.url, running.credentials.admin);
  console.log(`
HAProxy Reload Guard demo
  OPNsense stand-in: ${running.url}  (user ${running.credentials.admin.user}, password ${running.credentials.admin.password})
    HTTPS with a self-signed certificate made at start, like a fresh OPNsense: the browser warned
    once and the warning was accepted for you (SHA-256 ${running.certificateFingerprint256 ?? '-'}).
    The browser maps *.test to 127.0.0.1; from a shell use ${running.loopbackUrl}.
  HAProxy frontend:  http://${running.frontend.host}:${running.frontend.port}/  (users userN / userN-pass)
  Fault "orphan on reload" is on: add a user under Users, click Apply, and watch the panel.
  Switch faults: curl -sk -X POST ${running.loopbackUrl}/__sim/faults -H 'Content-Type: application/json' -d '{"orphanOnReload":false}'
Close the browser window or press Ctrl-C to stop everything.`);
  await new Promise<void>((resolve) =>
    opened.context.on('close', () => {
      resolve();
    }),
  );
}

async function headless(running: Sim, opened: ExtensionBrowser): Promise<void> {
  mkdirSync(OUTPUT, { recursive: true });
  const lines: string[] = ['# HAProxy Reload Guard: the bug report, replayed', ''];
  const note = (line: string) => {
    console.log(line);
    lines.push(line);
  };
  const page = await opened.context.newPage();
  await logInAndOpenHaproxy(page, running.url, running.credentials.admin);
  note(
    `- Opened ${running.url}: HTTPS with a self-signed certificate; the browser's warning page was clicked through, as an admin does once.`,
  );
  const [firstPid] = await running.haproxyPids();
  note(
    `- HAProxy runs as PID ${firstPid} with user0 only; the stand-in leaves the old process behind on reload.`,
  );
  for (const name of ['user1', 'user2', 'user3']) await addUserInGui(page, name);
  note('- Added user1, user2, user3 in the Users tab and clicked Apply.');
  const appliedAt = Date.now();
  await applyAndWaitForReload(page);
  const alert = await waitForAlert(page, /side by side/);
  note(
    `- ${Date.now() - appliedAt} ms after the click the extension warned: "${(await alert.locator('h2').textContent()) ?? ''}"`,
  );
  await page.screenshot({ path: `${OUTPUT}/1-duplicate-panel.png` });
  const pids = await running.haproxyPids();
  const before = await measure(running, 'user1');
  note(
    `- haproxy processes: ${pids.join(', ')}; user1 logged in ${before.ok}/${before.total} times through the frontend.`,
  );
  const clickedAt = Date.now();
  await page.getByRole('button', { name: /^Restart HAProxy/ }).click();
  await waitForPanelText(page, /restarted and verified/, 90_000);
  await page.screenshot({ path: `${OUTPUT}/2-restarted-and-verified.png` });
  const after = await measure(running, 'user1');
  note(
    `- "Restart HAProxy" → verified clean in ${Date.now() - clickedAt} ms; processes now: ${(await running.haproxyPids()).join(', ')}; user1 ${after.ok}/${after.total}.`,
  );
  lines.push('', 'Screenshots: 1-duplicate-panel.png, 2-restarted-and-verified.png');
  writeFileSync(`${OUTPUT}/report.md`, `${lines.join('\n')}\n`);
  console.log(`\nReport and screenshots in ${OUTPUT}/`);
}

try {
  sim = await startSim({ users: ['user0'], faults: { orphanOnReload: true } });
  browser = await launchChromiumWithExtension('dist/chrome-e2e', { headless: !headed });
  await (headed ? interactive(sim, browser) : headless(sim, browser));
} finally {
  await cleanUp();
}
