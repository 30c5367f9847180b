/** The offscreen document learns whom to obey from its own URL, and only an own-origin worker. */
import { describe, expect, it } from 'vitest';
import { offscreenPageUrl, workerUrlFromPage } from '../../../src/offscreen/worker-url.ts';

const BASE = 'chrome-extension://abc/';
const WORKER = `${BASE}service-worker-loader.js`;

describe('the worker URL in the offscreen page’s URL', () => {
  it('round-trips', () => {
    const page = new URL(offscreenPageUrl('src/offscreen/index.html', WORKER), BASE).href;
    expect(workerUrlFromPage(page)).toBe(WORKER);
  });

  it.each([
    ['no worker named', `${BASE}src/offscreen/index.html`],
    ['a worker of another origin', `${BASE}x.html?worker=https%3A%2F%2Fevil.example%2Fsw.js`],
    ['another extension', `${BASE}x.html?worker=chrome-extension%3A%2F%2Fother%2Fsw.js`],
    ['not a URL', `${BASE}x.html?worker=%%%`],
  ])('obeys nobody for %s', (_name, page) => {
    expect(workerUrlFromPage(page)).toBe('');
  });
});
