import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { interpretPageResponse } from '../../../src/content/page-outcome.ts';

const message = (action: string, status: number, body: unknown) =>
  JSON.stringify({ action, status, body: typeof body === 'string' ? body : JSON.stringify(body) });

describe('interpretPageResponse', () => {
  it.each([
    [
      'valid configtest',
      message('configtest', 200, { result: 'Configuration file is valid\n\n\n' }),
      { step: 'configtest', ok: true, detail: '' },
    ],
    [
      'configtest with an ALERT',
      message('configtest', 200, {
        result:
          "[NOTICE]   (7) : haproxy version is 2.6.12\n[ALERT]    (7) : config : parsing [/usr/local/etc/haproxy.conf:12] : unknown keyword 'bogus'\n[ALERT]    (7) : config : Fatal errors found in configuration.\n",
      }),
      {
        step: 'configtest',
        ok: false,
        detail:
          "[ALERT]    (7) : config : parsing [/usr/local/etc/haproxy.conf:12] : unknown keyword 'bogus'\n[ALERT]    (7) : config : Fatal errors found in configuration.",
      },
    ],
    [
      'configtest answered by a login page',
      message('configtest', 200, '<html><form>login</form></html>'),
      { step: 'configtest', ok: false, detail: '' },
    ],
    [
      'configtest 403',
      message('configtest', 403, { status: 403 }),
      { step: 'configtest', ok: false, detail: 'HTTP 403' },
    ],
    [
      'reconfigure ok',
      message('reconfigure', 200, { status: 'ok' }),
      { step: 'reconfigure', ok: true, detail: 'ok' },
    ],
    [
      'reconfigure OK with spaces',
      message('reconfigure', 200, { status: ' OK\n' }),
      { step: 'reconfigure', ok: true, detail: 'OK' },
    ],
    [
      'reconfigure failed',
      message('reconfigure', 200, { status: 'failed' }),
      { step: 'reconfigure', ok: false, detail: 'failed' },
    ],
    [
      'reconfigure 500',
      message('reconfigure', 500, 'oops'),
      { step: 'reconfigure', ok: false, detail: 'HTTP 500' },
    ],
    [
      'restart',
      message('restart', 200, { response: 'OK\n\n' }),
      { step: 'service-action', ok: true, detail: 'OK' },
    ],
    [
      'start 401',
      message('start', 401, { status: 401 }),
      { step: 'service-action', ok: false, detail: 'HTTP 401' },
    ],
  ])('%s', (_name, raw, expected) => {
    expect(interpretPageResponse(raw)).toEqual(expected);
  });

  it.each([
    ['not JSON', 'nope'],
    ['null', 'null'],
    ['unknown action', message('stop', 200, { response: 'OK' })],
    ['missing status', JSON.stringify({ action: 'reconfigure', body: '{}' })],
    [
      'body not a string',
      JSON.stringify({ action: 'reconfigure', status: 200, body: { status: 'ok' } }),
    ],
  ])('ignores %s', (_name, raw) => {
    expect(interpretPageResponse(raw)).toBeNull();
  });

  it('never throws and keeps details short', () => {
    fc.assert(
      fc.property(
        fc.string(),
        fc.integer(),
        fc.string({ maxLength: 30_000 }),
        fc.constantFrom('configtest', 'reconfigure', 'start', 'restart', 'x'),
        (raw, status, body, action) => {
          interpretPageResponse(raw);
          const outcome = interpretPageResponse(JSON.stringify({ action, status, body }));
          if (outcome) expect(outcome.detail.length).toBeLessThanOrEqual(2_000);
        },
      ),
    );
  });
});
