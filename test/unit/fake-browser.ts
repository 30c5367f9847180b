/**
 * The parts of `browser.*` the background and the extension pages use, in memory: two storage
 * areas, the granted host patterns, tabs with their URLs, and the runtime's identity. Each test
 * builds its own and hands it to `vi.mock('webextension-polyfill', …)`.
 */
export const EXTENSION_ID = 'hrg-test-extension';
export const EXTENSION_BASE = `chrome-extension://${EXTENSION_ID}/`;

type Listener = (...args: unknown[]) => void;

function event() {
  const listeners = new Set<Listener>();
  return {
    addListener: (listener: Listener) => listeners.add(listener),
    removeListener: (listener: Listener) => listeners.delete(listener),
    fire: (...args: unknown[]) => {
      for (const listener of listeners) listener(...args);
    },
  };
}

export class FakeStorageArea {
  readonly items = new Map<string, unknown>();
  accessLevel: string | null = null;

  get(keys: string | string[] | null): Promise<Record<string, unknown>> {
    const wanted = keys === null ? [...this.items.keys()] : Array.isArray(keys) ? keys : [keys];
    const result: Record<string, unknown> = {};
    for (const key of wanted) {
      // A structured copy, as the browsers hand out: no test can mutate stored state by reference.
      if (this.items.has(key)) result[key] = structuredClone(this.items.get(key));
    }
    return Promise.resolve(result);
  }

  set(values: Record<string, unknown>): Promise<void> {
    for (const [key, value] of Object.entries(values)) this.items.set(key, structuredClone(value));
    return Promise.resolve();
  }

  remove(keys: string | string[]): Promise<void> {
    for (const key of Array.isArray(keys) ? keys : [keys]) this.items.delete(key);
    return Promise.resolve();
  }
}

export function createFakeBrowser({ origins = [] as string[] } = {}) {
  const granted = new Set(origins);
  const tabs = new Map<number, { id: number; url?: string }>();
  const sent: { tabId: number; message: unknown; options?: unknown }[] = [];
  const permissionsRemoved = event();
  const fake = {
    runtime: {
      id: EXTENSION_ID,
      getURL: (path: string) => EXTENSION_BASE + path.replace(/^\//, ''),
    },
    storage: { local: new FakeStorageArea(), session: new FakeStorageArea() },
    permissions: {
      getAll: () => Promise.resolve({ origins: [...granted], permissions: ['storage'] }),
      onRemoved: permissionsRemoved,
    },
    tabs: {
      get: (tabId: number) => {
        const tab = tabs.get(tabId);
        return tab
          ? Promise.resolve({ ...tab })
          : Promise.reject(new Error(`No tab with id: ${tabId}.`));
      },
      sendMessage: (tabId: number, message: unknown, options?: unknown) => {
        sent.push({ tabId, message, options });
        return Promise.resolve();
      },
    },
    i18n: { getMessage: (key: string) => key },
  };
  return {
    browser: fake,
    sent,
    grant(pattern: string) {
      granted.add(pattern);
    },
    revoke(pattern: string) {
      granted.delete(pattern);
      permissionsRemoved.fire({ origins: [pattern] });
    },
    /** A tab showing `url` (undefined: a page the extension has no access to). */
    setTab(id: number, url: string | undefined) {
      tabs.set(id, url === undefined ? { id } : { id, url });
    },
    closeTab(id: number) {
      tabs.delete(id);
    },
  };
}

export type FakeBrowser = ReturnType<typeof createFakeBrowser>;
