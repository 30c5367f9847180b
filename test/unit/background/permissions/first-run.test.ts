import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  openWelcomeOnInstall,
  WELCOME_PAGE,
} from '../../../../src/background/permissions/first-run.ts';

function tabs() {
  const opened: string[] = [];
  return {
    opened,
    deps: {
      openTab: (url: string) => {
        opened.push(url);
        return Promise.resolve({ id: opened.length });
      },
      pageUrl: (path: string) => `chrome-extension://abcdef/${path}`,
    },
  };
}

describe('the first run', () => {
  it('opens the welcome page once on install', async () => {
    const { opened, deps } = tabs();
    await expect(openWelcomeOnInstall('install', deps)).resolves.toBe(true);
    expect(opened).toEqual([`chrome-extension://abcdef/${WELCOME_PAGE}`]);
  });

  it.each(['update', 'chrome_update', 'browser_update', 'shared_module_update'])(
    'opens nothing on %s',
    async (reason) => {
      const { opened, deps } = tabs();
      await expect(openWelcomeOnInstall(reason, deps)).resolves.toBe(false);
      expect(opened).toEqual([]);
    },
  );

  it('names a page that exists and that the build lists as an input', () => {
    expect(existsSync(WELCOME_PAGE)).toBe(true);
    expect(readFileSync('vite.config.ts', 'utf8')).toContain(`'${WELCOME_PAGE}'`);
  });
});
