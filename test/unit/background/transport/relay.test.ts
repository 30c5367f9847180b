/**
 * The service-worker side and the offscreen side of the relay, joined by an in-memory message
 * channel that serialises like runtime messaging (JSON), against a real HTTP server.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createRelayFetch } from '../../../../src/background/transport/relay-fetch.ts';
import type { RelayMessage } from '../../../../src/background/transport/relay-protocol.ts';
import { createOpnsenseClient } from '../../../../src/opnsense/client.ts';
import { OpnsenseError } from '../../../../src/opnsense/errors.ts';
import { createRelayHandler } from '../../../../src/offscreen/relay-handler.ts';
import { closedOrigin, startStandIn, type StandIn } from '../../opnsense/stand-in-opnsense.ts';

const standIns: StandIn[] = [];
afterEach(async () => {
  await Promise.all(standIns.splice(0).map((standIn) => standIn.close()));
});

function channel() {
  const handle = createRelayHandler((url, init) => fetch(url, init));
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
      const answer = await handle(JSON.parse(JSON.stringify(message)) as unknown);
      return JSON.parse(JSON.stringify(answer ?? null)) as unknown;
    },
    newId: () => `r${String((next += 1))}`,
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
    });
    await expect(relay('https://fw.example.lan/api/x', { method: 'GET' })).rejects.toBeInstanceOf(
      TypeError,
    );
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
    const handle = createRelayHandler(() => Promise.reject(new Error('must not fetch')));
    expect(handle(message)).toBeUndefined();
  });
});
