/**
 * The background asks a tab's top frame for the token of one named origin, and a tab that moved
 * to another firewall in between (its content script answers null) yields nothing (issue 19,
 * item 3).
 */
import { describe, expect, it, vi } from 'vitest';

vi.mock('webextension-polyfill', () => ({ default: {} }));

const { askTabsForToken } = await import('../../../../src/background/tabs/csrf-from-tab.ts');
import { answerTokenRequest } from '../../../../src/content/token-request.ts';
import type { BackgroundToContentMessage } from '../../../../src/shared/messages.ts';

const A = 'https://fw-a.lan:8443';
const B = 'https://fw-b.lan';

/** Tabs by id with the origin their page shows now, each answering as the content script does. */
function tabs(showing: Record<number, string>, listedAs: Record<number, string> = showing) {
  const sent: { tabId: number; message: BackgroundToContentMessage }[] = [];
  return {
    sent,
    deps: {
      tabsShowingOrigin: (origin: string) =>
        Promise.resolve(
          Object.entries(listedAs)
            .filter(([, shown]) => shown === origin)
            .map(([id]) => Number(id)),
        ),
      sendToTopFrame(tabId: number, message: BackgroundToContentMessage) {
        sent.push({ tabId, message });
        const origin = showing[tabId] ?? '';
        return answerTokenRequest(message, origin, () => `token of ${origin}`) ?? Promise.resolve();
      },
    },
  };
}

describe('askTabsForToken', () => {
  it('names the origin it wants the token of, and asks the preferred tab first', async () => {
    const { deps, sent } = tabs({ 1: A, 2: A });
    expect(await askTabsForToken(deps, A, 2)).toBe(`token of ${A}`);
    expect(sent).toEqual([{ tabId: 2, message: { type: 'csrf-token-request', origin: A } }]);
  });

  it('never takes the token of a tab that moved to another firewall since the query', async () => {
    // Listed as showing A, but the tab shows B by the time the message arrives.
    const { deps, sent } = tabs({ 1: B }, { 1: A });
    expect(await askTabsForToken(deps, A, 1)).toBeNull();
    expect(sent).toHaveLength(1);
  });

  it('goes on to the next tab of the firewall when one has moved', async () => {
    const { deps } = tabs({ 1: B, 2: A }, { 1: A, 2: A });
    expect(await askTabsForToken(deps, A, 1)).toBe(`token of ${A}`);
  });
});
