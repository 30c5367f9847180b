/**
 * Keeps the registered content scripts in step with the hosts the admin granted: one entry for
 * the isolated-world script (UI, button hooks) and one for the tiny main-world observer (reads the
 * outcome of the page's own jQuery requests). Both run only on the HAProxy pages of granted hosts.
 *
 * Not webext-dynamic-content-scripts: it copies `manifest.content_scripts`, and this extension
 * declares none (nothing may run anywhere before the admin enables a firewall); it also cannot
 * narrow the match to the HAProxy pages or register a MAIN-world script.
 */
import type { Permissions, Scripting } from 'webextension-polyfill';
import { haproxyPagePatterns } from '../../shared/origins.ts';
import { createSerialQueue } from '../../shared/serial-queue.ts';

export const CONTENT_SCRIPT_ID = 'hrg-content';
export const PAGE_OBSERVER_ID = 'hrg-page-observer';

export interface ContentScriptFiles {
  /** The isolated-world content script, as built (a path inside the extension). */
  readonly content: string;
  /** The main-world page observer, as built. */
  readonly pageObserver: string;
}

type ScriptingApi = Pick<
  Scripting.Static,
  'getRegisteredContentScripts' | 'registerContentScripts' | 'unregisterContentScripts'
>;
type PermissionsApi = Pick<Permissions.Static, 'getAll'>;

/** The HAProxy-page patterns for every granted http(s) host, sorted and without duplicates. */
export function matchesForGrantedOrigins(origins: readonly string[]): string[] {
  const patterns = new Set<string>();
  for (const origin of origins) {
    if (!/^(https?|\*):/.test(origin)) continue;
    for (const pattern of haproxyPagePatterns(origin)) patterns.add(pattern);
  }
  return [...patterns].sort();
}

/**
 * Registers, updates or removes our two scripts so they match exactly the granted hosts.
 * Idempotent; safe to call on every start and on every permission change.
 */
export function createContentScriptSync(
  scripting: ScriptingApi,
  permissions: PermissionsApi,
  files: ContentScriptFiles,
): () => Promise<string[]> {
  // Start-up, install and permission events can fire together; two overlapping runs would both
  // see nothing registered and the second registration would fail with a duplicate id.
  const queue = createSerialQueue();
  return () => queue.run(() => syncContentScripts(scripting, permissions, files));
}

/** One synchronisation pass; callers that may overlap use createContentScriptSync. */
export async function syncContentScripts(
  scripting: ScriptingApi,
  permissions: PermissionsApi,
  files: ContentScriptFiles,
): Promise<string[]> {
  const { origins = [] } = await permissions.getAll();
  const matches = matchesForGrantedOrigins(origins);
  const registered = await scripting.getRegisteredContentScripts({
    ids: [CONTENT_SCRIPT_ID, PAGE_OBSERVER_ID],
  });
  // Compared in full, so an update that changes a file or the injection time re-registers the
  // scripts that `persistAcrossSessions` kept from the previous version.
  const wanted = scriptsFor(matches, files);
  const upToDate =
    registered.length === wanted.length &&
    wanted.every((script) => {
      const current = registered.find((candidate) => candidate.id === script.id);
      return (
        current !== undefined &&
        JSON.stringify([...(current.matches ?? [])].sort()) === JSON.stringify(script.matches) &&
        JSON.stringify(current.js) === JSON.stringify(script.js) &&
        current.runAt === script.runAt &&
        (current.world ?? 'ISOLATED') === (script.world ?? 'ISOLATED')
      );
    });
  if (upToDate) return matches;
  if (registered.length > 0) {
    await scripting.unregisterContentScripts({ ids: registered.map((script) => script.id) });
  }
  if (matches.length === 0) return matches;
  await scripting.registerContentScripts(wanted);
  return matches;
}

function scriptsFor(
  matches: string[],
  files: ContentScriptFiles,
): Scripting.RegisteredContentScript[] {
  return [
    {
      id: PAGE_OBSERVER_ID,
      matches,
      js: [files.pageObserver],
      // Both at document_start, each waiting for DOMContentLoaded itself: Chrome holds the load
      // event for later injections (measured: load 1.7-2.1x later on the HAProxy page).
      runAt: 'document_start',
      world: 'MAIN',
      persistAcrossSessions: true,
    },
    {
      id: CONTENT_SCRIPT_ID,
      matches,
      js: [files.content],
      runAt: 'document_start',
      persistAcrossSessions: true,
    },
  ];
}
