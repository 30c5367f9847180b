/**
 * The benchmark's own calls to a stand-in's API, with its API key and tagged `X-Bench: 1` so the
 * request log never counts them as the extension's. Used to time what the extension has to wait
 * for at best (the floors).
 */
import { performance } from 'node:perf_hooks';
import { fetchFromSim, type Sim } from '../test/sim/index.ts';

export interface TimedAnswer {
  readonly status: number;
  readonly ms: number;
}

export async function timedApi(
  sim: Sim,
  method: 'GET' | 'POST',
  path: string,
): Promise<TimedAnswer> {
  const { key, secret } = sim.credentials.apiKey;
  const headers: Record<string, string> = {
    authorization: `Basic ${Buffer.from(`${key}:${secret}`).toString('base64')}`,
    'x-bench': '1',
  };
  if (method === 'POST') headers['content-type'] = 'application/json';
  const started = performance.now();
  // The stand-in answers over HTTPS under a host name with its own certificate: its own fetch.
  const response = await fetchFromSim(sim, path, {
    method,
    headers,
    ...(method === 'POST' ? { body: '{}' } : {}),
  });
  await response.arrayBuffer();
  const ms = performance.now() - started;
  if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}`);
  return { status: response.status, ms };
}

export const PROCESS_LIST = '/api/diagnostics/activity/get_activity';
export const SHOW_INFO = '/api/haproxy/statistics/info';
export const SERVICE_STATUS = '/api/haproxy/service/status';

/** What one observation of the extension asks, in parallel: process list, show info, status. */
export async function observation(sim: Sim): Promise<number> {
  const started = performance.now();
  await Promise.all([
    timedApi(sim, 'GET', PROCESS_LIST),
    timedApi(sim, 'GET', SHOW_INFO),
    timedApi(sim, 'GET', SERVICE_STATUS),
  ]);
  return performance.now() - started;
}
