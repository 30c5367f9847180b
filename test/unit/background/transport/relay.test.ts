/**
 * The service-worker side and the offscreen side of the relay, joined by an in-memory message
 * channel that serialises like runtime messaging (JSON), against a real HTTP server.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createRelayFetch } from '../../../../src/background/transport/relay-fetch.ts';
import {
  RELAY_TARGET,
  type RelayMessage,
} from '../../../../src/background/transport/relay-protocol.ts';
import { createOpnsenseClient } from '../../../../src/opnsense/client.ts';
import { OpnsenseError } from '../../../../src/opnsense/errors.ts';
import {
  createRelayHandler,
  type RelayHandlerDeps,
  type RelaySender,
} from '../../../../src/offscreen/relay-handler.ts';
import { EXTENSION_BASE, EXTENSION_ID } from '../../fake-browser.ts';
import { closedOrigin, startStandIn, type StandIn } from '../../opnsense/stand-in-opnsense.ts';

const standIns: StandIn[] = [];
afterEach(async () => {
  await Promise.all(standIns.splice(0).map((standIn) => standIn.close()));
});

const WORKER_URL = `${EXTENSION_BASE}service-worker-loader.js`;
const WORKER: RelaySender = { id: EXTENSION_ID, url: WORKER_URL };

function documentHandler(doFetch: RelayHandlerDeps['fetch'] = (url, init) => fetch(url, init)) {
  return createRelayHandler({ fetch: doFetch, extensionId: EXTENSION_ID, workerUrl: WORKER_URL });
}

/** A relay request as the worker sends it for the client's GET of the service status. */
function statusRequest(origin: string, overrides: Record<string, unknown> = {}) {
  return {
    target: RELAY_TARGET,
    type: 'fetch',
    id: '1',
    url: `${origin}/api/haproxy/service/status`,
    method: 'GET',
    headers: [['accept', 'application/json']],
    body: null,
    credentials: 'include',
    redirect: 'manual',
    ...overrides,
  };
}

function channel({ enabled }: { enabled?: (origin: string) => boolean } = {}) {
  const handle = documentHandler();
  let ensured = 0;
  const sent: RelayMessage[] = [];
  let next = 0;
  const relay = createRelayFetch({
    ensureDocument: () => {
      ensured += 1;
      return Promise.resolve();
    },
    async sendMessage(message) {
      sent.push(message);
      // Runtime messages are structured-cloned/JSON: nothing but data crosses.
      const answer = await handle(JSON.parse(JSON.stringify(message)) as unknown, WORKER);
      return JSON.parse(JSON.stringify(answer ?? null)) as unknown;
    },
    newId: () => `r${String((next += 1))}`,
    isEnabledOrigin: (origin) => Promise.resolve(enabled?.(origin) ?? true),
  });
  return { relay, sent, ensured: () => ensured };
}

describe('offscreen relay', () => {
  it('carries a GET and a POST with their headers, body and credentials mode', async () => {
    const standIn = await startStandIn({
      '/api/haproxy/service/status': { json: { status: 'running' } },
      '/api/haproxy/service/stop': { json: { response: 'OK' } },
    });
    standIns.push(standIn);
    const { relay, ensured } = channel();
    const client = createOpnsenseClient({
      origin: standIn.origin,
      auth: { kind: 'session', csrfToken: 'tok' },
      fetch: relay,
    });
    expect(await client.serviceStatus()).toBe('running');
    expect(await client.serviceAction('stop')).toBe('OK');
    const [get, post] = standIn.received;
    expect(get?.method).toBe('GET');
    expect(post).toMatchObject({ method: 'POST', body: '{}' });
    expect(post?.headers['x-csrftoken']).toBe('tok');
    expect(post?.headers['content-type']).toBe('application/json');
    expect(ensured()).toBe(2);
  });

  it('hands a redirect back as a redirect, without following it', async () => {
    const standIn = await startStandIn({
      '/api/haproxy/service/status': { status: 302, text: '', headers: { Location: '/x' } },
      '/x': { json: { status: 'running' } },
    });
    standIns.push(standIn);
    const client = createOpnsenseClient({
      origin: standIn.origin,
      auth: { kind: 'session', csrfToken: null },
      fetch: channel().relay,
    });
    await expect(client.serviceStatus()).rejects.toMatchObject({ kind: 'redirected' });
    expect(standIn.received.map((request) => request.path)).toEqual([
      '/api/haproxy/service/status',
    ]);
  });

  it('turns a refused connection into a network error', async () => {
    const client = createOpnsenseClient({
      origin: await closedOrigin(),
      auth: { kind: 'session', csrfToken: null },
      fetch: channel().relay,
    });
    const error: unknown = await client.serviceStatus().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpnsenseError);
    expect(error).toMatchObject({ kind: 'network' });
  });

  it('passes the client timeout on: the document aborts its request', async () => {
    const standIn = await startStandIn({ '/api/haproxy/service/status': 'hang' });
    standIns.push(standIn);
    const { relay, sent } = channel();
    const client = createOpnsenseClient({
      origin: standIn.origin,
      auth: { kind: 'session', csrfToken: null },
      fetch: relay,
      timeoutMs: 200,
    });
    await expect(client.serviceStatus()).rejects.toMatchObject({ kind: 'timeout' });
    expect(sent.map((message) => message.type)).toEqual(['fetch', 'abort']);
  });

  it('is a network failure when no document answers', async () => {
    const relay = createRelayFetch({
      ensureDocument: () => Promise.resolve(),
      sendMessage: () => Promise.resolve(undefined),
      newId: () => 'x',
      isEnabledOrigin: () => Promise.resolve(true),
    });
    await expect(
      relay('https://fw.example.lan/api/haproxy/service/status', {
        method: 'GET',
        redirect: 'manual',
      }),
    ).rejects.toBeInstanceOf(TypeError);
  });

  it.each([
    ['another extension message', { type: 'check-now' }],
    ['a relay message without our target', { type: 'fetch', id: '1', url: 'https://a/' }],
    [
      'a non-http URL',
      {
        target: 'hrg-offscreen-relay',
        type: 'fetch',
        id: '1',
        url: 'javascript:alert(1)',
        method: 'GET',
        headers: [],
        body: null,
        credentials: 'include',
        redirect: 'manual',
      },
    ],
    ['a string', 'fetch'],
    ['null', null],
  ])('the document ignores %s', (_name, message) => {
    const handle = documentHandler(() => Promise.reject(new Error('must not fetch')));
    expect(handle(message, WORKER)).toBeUndefined();
  });
});

describe('what the offscreen document carries out (issue 19, item 1)', () => {
  it('obeys the service worker only: a content script’s or another page’s message is ignored', async () => {
    const standIn = await startStandIn({ '/api/haproxy/service/status': { json: {} } });
    standIns.push(standIn);
    const handle = documentHandler();
    const request = statusRequest(standIn.origin);
    const senders: [string, RelaySender | undefined][] = [
      [
        'a content script of a firewall tab',
        { id: EXTENSION_ID, url: `${standIn.origin}/ui/haproxy`, tab: { id: 3 } },
      ],
      ['a content script claiming the worker’s URL', { ...WORKER, tab: { id: 3 } }],
      ['the options page', { id: EXTENSION_ID, url: `${EXTENSION_BASE}src/options/index.html` }],
      ['another extension', { id: 'someone-else', url: WORKER_URL }],
      ['nobody', undefined],
    ];
    for (const [, sender] of senders) expect(handle(request, sender)).toBeUndefined();
    expect(standIn.received).toHaveLength(0);
    await expect(handle(request, WORKER)).resolves.toMatchObject({ ok: true, status: 200 });
    expect(standIn.received).toHaveLength(1);
  });

  it.each<[string, Record<string, unknown>]>([
    ['a path outside the endpoint table', { url: 'https://fw-b.lan/ui/haproxy' }],
    ['the settings page of the GUI', { url: 'https://fw-b.lan/api/core/firmware/status' }],
    ['a query added to an endpoint', { url: 'https://fw-b.lan/api/haproxy/service/status?x=1' }],
    ['credentials in the URL', { url: 'https://u:p@fw-b.lan/api/haproxy/service/status' }],
    ['a method the endpoint refuses', { url: 'https://fw-b.lan/api/haproxy/service/stop' }],
    ['redirect: follow', { redirect: 'follow' }],
    ['redirect: error', { redirect: 'error' }],
    ['credentials: same-origin', { credentials: 'same-origin' }],
    ['a header the client never sends', { headers: [['cookie', 'PHPSESSID=x']] }],
    ['a body the client never sends', { method: 'POST', body: 'a=1' }],
  ])('refuses %s', (_name, overrides) => {
    const handle = documentHandler(() => Promise.reject(new Error('must not fetch')));
    expect(handle(statusRequest('https://fw-b.lan', overrides), WORKER)).toBeUndefined();
  });

  it('answers with the status, the response type and the text: no headers', async () => {
    const standIn = await startStandIn({
      '/api/haproxy/service/status': {
        json: { status: 'running' },
        headers: { 'Set-Cookie': 'PHPSESSID=secret', 'X-Private': 'yes' },
      },
    });
    standIns.push(standIn);
    const answer = await documentHandler()(statusRequest(standIn.origin), WORKER);
    expect(answer).toEqual({ ok: true, status: 200, type: 'basic', text: '{"status":"running"}' });
  });

  it('the worker sends nothing for an origin the admin did not enable', async () => {
    const standIn = await startStandIn({ '/api/haproxy/service/status': { json: {} } });
    standIns.push(standIn);
    const { relay, sent } = channel({ enabled: () => false });
    const client = createOpnsenseClient({
      origin: standIn.origin,
      auth: { kind: 'session', csrfToken: null },
      fetch: relay,
    });
    await expect(client.serviceStatus()).rejects.toMatchObject({ kind: 'network' });
    expect(sent).toHaveLength(0);
    expect(standIn.received).toHaveLength(0);
  });

  it.each<[string, RequestInit, string]>([
    [
      'a redirect it would follow',
      { redirect: 'follow' },
      'https://fw.lan/api/haproxy/service/status',
    ],
    ['no redirect mode', {}, 'https://fw.lan/api/haproxy/service/status'],
    ['a page of the GUI', { redirect: 'manual' }, 'https://fw.lan/ui/haproxy'],
    [
      'a body',
      { redirect: 'manual', method: 'POST', body: 'x' },
      'https://fw.lan/api/haproxy/service/stop',
    ],
  ])('the worker sends nothing for %s', async (_name, init, url) => {
    const { relay, sent } = channel();
    await expect(relay(url, init)).rejects.toBeInstanceOf(TypeError);
    expect(sent).toHaveLength(0);
  });
});
