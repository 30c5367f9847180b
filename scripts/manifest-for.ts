import type { ManifestV3Export } from '@crxjs/vite-plugin';

type Manifest = Exclude<ManifestV3Export, Promise<unknown> | ((...args: never[]) => unknown)>;

export type BuildTarget = 'chrome' | 'firefox' | 'chrome-e2e';

export type BaseManifest = Manifest & { background: { service_worker: string; type?: 'module' } };

/** Firefox id; keep stable, it identifies the add-on on addons.mozilla.org. */
export const GECKO_ID = 'haproxy-reload-guard@opnsense-tools.invalid';

/**
 * Derives the per-browser manifest from the shared `manifest.json`.
 * The e2e variant differs from Chrome only by granting at install the loopback origins and the
 * `notifications` permission, so the end-to-end tests reach the stand-in OPNsense and turn a watch
 * on without a permission prompt.
 */
export function manifestFor(target: BuildTarget, base: BaseManifest, version: string): Manifest {
  const manifest: Manifest = { ...base, version };
  if (target === 'firefox') {
    // Firefox MV3 has no background service worker; it runs the same module as an event page.
    manifest.background = { scripts: [base.background.service_worker], type: 'module' };
    manifest.browser_specific_settings = {
      gecko: {
        id: GECKO_ID,
        // 142 is the first version that validates data_collection_permissions cleanly.
        strict_min_version: '142.0',
        data_collection_permissions: { required: ['none'] },
      },
    };
  }
  if (target !== 'firefox') {
    // Chromium only: requests to firewalls go through an offscreen document, the one context
    // that gets the certificate exception the admin accepted (src/background/transport).
    // Firefox has no offscreen API and would warn about the unknown permission.
    const permissions = (base.permissions as string[] | undefined) ?? [];
    manifest.permissions = [...permissions, 'offscreen'] as Manifest['permissions'];
  }
  if (target === 'chrome-e2e') {
    // The stand-in firewalls of the end-to-end tests answer under *.test host names (mapped to
    // 127.0.0.1 by the test browser) and on loopback.
    manifest.host_permissions = [
      'https://*.test/*',
      'http://*.test/*',
      'http://127.0.0.1/*',
      'http://localhost/*',
    ];
    // Turning a watch on requests the optional `notifications` permission; headless Chromium
    // cannot answer the prompt, so the request would never settle. Granted at install here, the
    // request resolves at once without a prompt, as it does for an admin who allowed it before.
    const permissions = (manifest.permissions as string[] | undefined) ?? [];
    const optional = (manifest.optional_permissions as string[] | undefined) ?? [];
    manifest.permissions = [...permissions, 'notifications'] as Manifest['permissions'];
    manifest.optional_permissions = optional.filter(
      (permission) => permission !== 'notifications',
    ) as Manifest['optional_permissions'];
  }
  return manifest;
}
