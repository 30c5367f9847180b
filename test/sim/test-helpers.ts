/**
 * What the sim tests share: a real GUI login (cookie + CSRF token read from the page), API calls,
 * the Apply sequence of the page, and frontend measurements over fresh TCP connections.
 */
import { request } from 'node:http';
import type { Headers } from 'undici';
import { afterAll, afterEach, expect } from 'vitest';
import { isAlive } from './proc.ts';
import { listSimHaproxyProcesses } from './cleanup.ts';
import {
  startSim,
  startSimPair,
  type Sim,
  type SimOptions,
  type SimPair,
  type SimPairOptions,
} from './index.ts';
import { simFetch } from './sim-fetch.ts';

export interface GuiSession {
  readonly cookie: string;
  readonly csrfToken: string;
}

export interface ApiResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  /** Parsed body, or undefined when it is not JSON. */
  readonly json: unknown;
}

/** The token exactly where OPNsense's layout puts it. */
const TOKEN_IN_PAGE = /xhr\.setRequestHeader\("X-CSRFToken", "([^"]+)" \);/;

/** Logs in through the login form the way a browser does, then reads the token from the page. */
export async function login(
  sim: Sim,
  credentials: { user: string; password: string } = sim.credentials.admin,
): Promise<GuiSession> {
  const fetch = simFetch(sim);
  const page = await fetch('/ui/haproxy', { redirect: 'manual' });
  const location = page.headers.get('location');
  if (page.status !== 302 || location === null)
    throw new Error(`expected a login redirect, got ${page.status}`);
  const form = new URLSearchParams({
    usernamefld: credentials.user,
    passwordfld: credentials.password,
    login: '1',
  });
  const posted = await fetch(location, {
    method: 'POST',
    body: form,
    redirect: 'manual',
  });
  const setCookie = posted.headers.get('set-cookie') ?? '';
  const id = /PHPSESSID=([^;]+)/.exec(setCookie)?.[1];
  if (posted.status !== 302 || id === undefined)
    throw new Error(`login failed with ${posted.status}`);
  const cookie = `PHPSESSID=${id}`;
  const html = await (await fetch('/ui/haproxy', { headers: { cookie } })).text();
  const csrfToken = TOKEN_IN_PAGE.exec(html)?.[1];
  if (csrfToken === undefined) throw new Error('no CSRF token in the page');
  return { cookie, csrfToken };
}

export interface ApiOptions {
  readonly session?: GuiSession | null;
  /** Send the session's token on POST (default true). */
  readonly csrf?: boolean;
  readonly body?: string;
  readonly headers?: Record<string, string>;
}

/** Calls the API like the page's ajaxCall: JSON body `{}` on POST unless told otherwise. */
export async function api(
  sim: Sim,
  method: string,
  path: string,
  options: ApiOptions = {},
): Promise<ApiResponse> {
  const headers: Record<string, string> = { ...options.headers };
  const session = options.session ?? null;
  if (session !== null) {
    headers.cookie = session.cookie;
    if (method !== 'GET' && options.csrf !== false) headers['X-CSRFToken'] = session.csrfToken;
  }
  let body: string | null = null;
  if (method !== 'GET') {
    body = options.body ?? '{}';
    headers['Content-Type'] ??= 'application/json';
  }
  const res = await simFetch(sim)(path, { method, headers, body, redirect: 'manual' });
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}

export function basicAuth(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
}

/** The page's Apply: configtest, then (no ALERT) reconfigure. */
export async function apply(sim: Sim, session: GuiSession) {
  const configtest = await api(sim, 'POST', '/api/haproxy/service/configtest', { session });
  const result = (configtest.json as { result?: string } | undefined)?.result ?? '';
  if (result.includes('ALERT')) return { configtest, reconfigure: null };
  const reconfigure = await api(sim, 'POST', '/api/haproxy/service/reconfigure', { session });
  return { configtest, reconfigure };
}

export interface Measurement {
  readonly total: number;
  readonly ok: number;
  /** X-Pid of every response (200 and 401 alike) → how many. */
  readonly byPid: ReadonlyMap<number, number>;
  /** X-Pid of the 200 responses → how many. */
  readonly okByPid: ReadonlyMap<number, number>;
}

function once(
  host: string,
  port: number,
  authorization: string,
): Promise<{ status: number; pid: number }> {
  return new Promise((resolve, reject) => {
    // agent: false = a new TCP connection per request, so the kernel picks a listener each time.
    const req = request(
      { host, port, path: '/', agent: false, headers: { authorization } },
      (res) => {
        res.resume();
        res.on('end', () => {
          resolve({ status: res.statusCode ?? 0, pid: Number(res.headers['x-pid']) });
        });
      },
    );
    req.on('error', reject);
    req.end();
  });
}

/** `count` requests as `user` (password `<user>-pass`), each over a fresh connection. */
export async function measure(
  sim: Sim,
  user: string,
  count = 200,
  concurrency = 8,
): Promise<Measurement> {
  const authorization = basicAuth(user, `${user}-pass`);
  const byPid = new Map<number, number>();
  const okByPid = new Map<number, number>();
  let ok = 0;
  let next = 0;
  const worker = async () => {
    while (next < count) {
      next++;
      const r = await once(sim.frontend.host, sim.frontend.port, authorization);
      byPid.set(r.pid, (byPid.get(r.pid) ?? 0) + 1);
      if (r.status === 200) {
        ok++;
        okByPid.set(r.pid, (okByPid.get(r.pid) ?? 0) + 1);
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { total: count, ok, byPid, okByPid };
}

/**
 * After a test file: no haproxy of a sim this process started, nor of a sim whose owner died.
 * (Sims of other live test runs on the same machine are theirs to clean.)
 */
export function expectNoSimHaproxyLeft(): void {
  const left = listSimHaproxyProcesses().filter(
    (p) => p.owner === null || p.owner === process.pid || !isAlive(p.owner),
  );
  expect(left).toEqual([]);
}

export const sorted = (values: Iterable<number>) => [...values].sort((a, b) => a - b);

/**
 * The frame of a sim test file: sims started through the returned function are stopped after
 * each test (also a failed one), and the file ends by checking that no haproxy process of its
 * sims is left. Leftovers of crashed earlier runs are removed by the suite's globalSetup.
 */
export function simPerTest(): (options?: SimOptions) => Promise<Sim> {
  const started: Sim[] = [];
  afterEach(async () => {
    await Promise.all(started.splice(0).map((sim) => sim.stop()));
  });
  afterAll(() => {
    expectNoSimHaproxyLeft();
  });
  return async (options) => {
    const sim = await startSim(options);
    started.push(sim);
    return sim;
  };
}

/** simPerTest for HA pairs: both nodes stopped after each test, also a failed one. */
export function simPairPerTest(): (options?: SimPairOptions) => Promise<SimPair> {
  const started: SimPair[] = [];
  afterEach(async () => {
    await Promise.all(started.splice(0).map((pair) => pair.stop()));
  });
  afterAll(() => {
    expectNoSimHaproxyLeft();
  });
  return async (options) => {
    const pair = await startSimPair(options);
    started.push(pair);
    return pair;
  };
}
