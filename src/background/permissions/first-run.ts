/**
 * The first run: the welcome page opens once, when the extension is installed. An update, a
 * browser update or a reload of the unpacked extension opens nothing: the admin has seen it.
 */

/** Built from src/welcome/index.html (listed as a build input in vite.config.ts). */
export const WELCOME_PAGE = 'src/welcome/index.html';

export interface FirstRunDeps {
  /** Opens a tab on an absolute URL (`tabs.create`). */
  openTab(url: string): Promise<unknown>;
  /** The extension's URL of a packaged page (`runtime.getURL`). */
  pageUrl(path: string): string;
}

/**
 * Call from `runtime.onInstalled` with its `reason`. Resolves to whether the welcome page was
 * opened. The page itself requests nothing: access to a firewall is asked for only when the
 * admin submits its form.
 */
export async function openWelcomeOnInstall(reason: string, deps: FirstRunDeps): Promise<boolean> {
  if (reason !== 'install') return false;
  await deps.openTab(deps.pageUrl(WELCOME_PAGE));
  return true;
}
