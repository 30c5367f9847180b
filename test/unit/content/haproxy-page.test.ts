// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PAGE_OUTCOME_EVENT } from '../../../src/content/page-observer-event.ts';
import { getMessageFrom, loadCatalogue } from '../ui/catalogue.ts';
import { checkRecord, classified } from '../check-fixtures.ts';
import { personClick } from './person-click.ts';

type Listener = (message: unknown) => unknown;
const messageListeners = new Set<Listener>();
const sent: unknown[] = [];
/** What the background answers to `content-ready`. */
let readyAnswer: unknown = null;

vi.mock('webextension-polyfill', () => ({
  default: {
    i18n: { getMessage: getMessageFrom(loadCatalogue('en')) },
    runtime: {
      sendMessage: (message: { type: string }) => {
        sent.push(message);
        return Promise.resolve(message.type === 'content-ready' ? readyAnswer : undefined);
      },
      onMessage: {
        addListener: (listener: Listener) => messageListeners.add(listener),
        removeListener: (listener: Listener) => messageListeners.delete(listener),
      },
    },
  },
}));
const { init, untilLeft } = await import('../../../src/content/haproxy-page.ts');

const host = () => document.getElementById('haproxy-reload-guard');
const duplicateCheck = () =>
  checkRecord({
    origin: location.origin,
    verdict: {
      kind: 'duplicate',
      processes: [classified(41233, 'current'), classified(40001, 'orphan')],
    },
    verdictAt: Date.now(),
  });
const outcomeEvent = () =>
  new CustomEvent(PAGE_OUTCOME_EVENT, {
    detail: JSON.stringify({ action: 'reconfigure', status: 200, body: '{"status":"ok"}' }),
  });
/** Lets the answer to `content-ready` arrive. */
const flushMicrotasks = () => new Promise((resolve) => setImmediate(resolve));

let controller: AbortController;
beforeEach(() => {
  sent.length = 0;
  readyAnswer = null;
  document.body.innerHTML = '<button id="reconfigureAct">Apply</button>';
  controller = new AbortController();
});
afterEach(() => {
  controller.abort();
  messageListeners.clear();
  document.body.innerHTML = '';
});

describe('the HAProxy page feature', () => {
  it('listens while its signal lives', async () => {
    init(controller.signal);
    readyAnswer = null;
    await flushMicrotasks();
    personClick(document.getElementById('reconfigureAct') as Element);
    document.dispatchEvent(outcomeEvent());
    for (const listener of messageListeners) {
      listener({ type: 'check-update', check: duplicateCheck() });
    }
    expect(sent.map((message) => (message as { type: string }).type)).toEqual([
      'content-ready',
      'action-clicked',
      'page-outcome',
    ]);
    expect(messageListeners.size).toBe(1);
    expect(host()).not.toBeNull();
  });

  it('removes every listener and the panel once its signal aborts', async () => {
    readyAnswer = duplicateCheck();
    init(controller.signal);
    await flushMicrotasks();
    expect(host()).not.toBeNull();

    controller.abort();
    sent.length = 0;
    personClick(document.getElementById('reconfigureAct') as Element);
    document.dispatchEvent(outcomeEvent());
    expect(sent).toEqual([]);
    expect(messageListeners.size).toBe(0);
    expect(host()).toBeNull();
  });

  it('shows nothing for an answer that is not a check, and does not fail on it', async () => {
    readyAnswer = { id: 7, phase: 'done' };
    init(controller.signal);
    await flushMicrotasks();
    for (const listener of messageListeners) {
      listener({ type: 'check-update', check: { ...duplicateCheck(), phase: 'exploded' } });
      listener({ type: 'check-update', check: 'not a check' });
      listener({ type: 'check-update' });
    }
    expect(host()).toBeNull();
  });
});

describe('untilLeft', () => {
  function pagehide(persisted: boolean): Event {
    return Object.assign(new Event('pagehide'), { persisted });
  }

  it('aborts when the page is left for good', () => {
    const page = new EventTarget();
    const signal = untilLeft(page);
    page.dispatchEvent(pagehide(false));
    expect(signal.aborted).toBe(true);
  });

  it('keeps the page as it is when the back-forward cache keeps it', () => {
    const page = new EventTarget();
    const signal = untilLeft(page);
    page.dispatchEvent(pagehide(true));
    expect(signal.aborted).toBe(false);
  });
});
