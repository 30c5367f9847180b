import { beforeEach, describe, expect, it, vi } from 'vitest';
import { checkRecord, cleanVerdict } from '../../check-fixtures.ts';
import { createFakeBrowser, type FakeBrowser } from '../../fake-browser.ts';

let fake: FakeBrowser = createFakeBrowser();
vi.mock('webextension-polyfill', () => ({
  default: new Proxy(
    {},
    { get: (_target, key) => fake.browser[key as keyof FakeBrowser['browser']] },
  ),
}));
const { loadChecks, storeCheck } =
  await import('../../../../src/background/checks/stored-checks.ts');

beforeEach(() => {
  fake = createFakeBrowser();
});

describe('loadChecks', () => {
  it('gives back the checks stored', async () => {
    const check = checkRecord({ verdict: cleanVerdict(41233), verdictAt: 1 });
    await storeCheck(check);
    expect(await loadChecks()).toEqual([check]);
  });

  it('drops a stored check it cannot read, and reads the others', async () => {
    const check = checkRecord({ id: 'good' });
    await storeCheck(check);
    await fake.browser.storage.session.set({
      'check:old': { id: 'old', origin: 'https://fw.lan', phase: 'polling' },
      'check:null': null,
      'check:text': 'x',
      unrelated: { id: 'other' },
    });
    expect(await loadChecks()).toEqual([check]);
  });
});
