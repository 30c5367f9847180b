import { describe, expect, it } from 'vitest';
import {
  OFFSCREEN_IDLE_CLOSE_MS,
  createOffscreenDocument,
} from '../../../../src/background/transport/offscreen-document.ts';
import { ManualClock } from '../manual-clock.ts';

/** Behaves like chrome.offscreen: one document at a time, a second create throws. */
function fakeChromium({ openAtStart = false } = {}) {
  let open = openAtStart;
  const calls: string[] = [];
  return {
    calls,
    isOpen: () => open,
    offscreen: {
      async createDocument(parameters: { url: string; reasons: string[]; justification: string }) {
        calls.push(`create ${parameters.url} ${parameters.reasons.join(',')}`);
        await Promise.resolve();
        if (open) throw new Error('Only a single offscreen document may be created.');
        open = true;
      },
      closeDocument() {
        calls.push('close');
        open = false;
        return Promise.resolve();
      },
    },
    hasDocument: () => Promise.resolve(open),
  };
}

describe('offscreen document', () => {
  it('opens once for concurrent callers and closes after being idle', async () => {
    const clock = new ManualClock();
    const chromium = fakeChromium();
    const doc = createOffscreenDocument({
      ...chromium,
      path: 'src/offscreen/index.html',
      setTimer: clock.setTimer,
      clearTimer: clock.clearTimer,
    });
    await Promise.all([doc.ensure(), doc.ensure(), doc.ensure()]);
    expect(chromium.calls).toEqual(['create src/offscreen/index.html DOM_SCRAPING']);
    await clock.runFor(OFFSCREEN_IDLE_CLOSE_MS - 1);
    expect(chromium.isOpen()).toBe(true);
    await clock.runFor(1);
    expect(chromium.calls.at(-1)).toBe('close');
    expect(chromium.isOpen()).toBe(false);
    await doc.ensure();
    expect(chromium.isOpen()).toBe(true);
  });

  it('each use postpones the close', async () => {
    const clock = new ManualClock();
    const chromium = fakeChromium();
    const doc = createOffscreenDocument({
      ...chromium,
      path: 'p.html',
      setTimer: clock.setTimer,
      clearTimer: clock.clearTimer,
    });
    await doc.ensure();
    await clock.runFor(OFFSCREEN_IDLE_CLOSE_MS - 1_000);
    await doc.ensure();
    await clock.runFor(OFFSCREEN_IDLE_CLOSE_MS - 1_000);
    expect(chromium.calls).not.toContain('close');
  });

  it('uses a document left open by an earlier service worker instead of failing', async () => {
    const clock = new ManualClock();
    const chromium = fakeChromium({ openAtStart: true });
    const doc = createOffscreenDocument({
      ...chromium,
      path: 'p.html',
      setTimer: clock.setTimer,
      clearTimer: clock.clearTimer,
    });
    await doc.ensure();
    expect(chromium.calls).toEqual([]);
  });

  it('survives losing the race to open it', async () => {
    const clock = new ManualClock();
    const chromium = fakeChromium();
    let first = true;
    const doc = createOffscreenDocument({
      ...chromium,
      // Says "not open" once, as when another context opened it a moment later.
      hasDocument: () => {
        const answer = first ? false : chromium.isOpen();
        first = false;
        return Promise.resolve(answer);
      },
      offscreen: {
        ...chromium.offscreen,
        async createDocument(parameters) {
          await chromium.offscreen.createDocument(parameters);
          throw new Error('Only a single offscreen document may be created.');
        },
      },
      path: 'p.html',
      setTimer: clock.setTimer,
      clearTimer: clock.clearTimer,
    });
    await expect(doc.ensure()).resolves.toBeUndefined();
  });

  it('reports a failure to open, and tries again next time', async () => {
    const clock = new ManualClock();
    const chromium = fakeChromium();
    let fail = true;
    const doc = createOffscreenDocument({
      ...chromium,
      offscreen: {
        ...chromium.offscreen,
        createDocument(parameters) {
          if (fail) return Promise.reject(new Error('no'));
          return chromium.offscreen.createDocument(parameters);
        },
      },
      path: 'p.html',
      setTimer: clock.setTimer,
      clearTimer: clock.clearTimer,
    });
    await expect(doc.ensure()).rejects.toThrow('no');
    fail = false;
    await doc.ensure();
    expect(chromium.isOpen()).toBe(true);
  });
});
