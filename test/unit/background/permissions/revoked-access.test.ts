/** Revoked access: stored secrets forgotten first, then every check of a firewall no longer granted. */
import { describe, expect, it } from 'vitest';
import { createRevokedAccess } from '../../../../src/background/permissions/revoked-access.ts';
import { checkRecord } from '../../check-fixtures.ts';

describe('forgetting revoked firewalls', () => {
  it('forgets the stored settings, then dismisses the checks of firewalls no longer enabled', async () => {
    const calls: string[] = [];
    const forgetRevoked = createRevokedAccess({
      forgetRevokedFirewalls: () => {
        calls.push('settings');
        return Promise.resolve([]);
      },
      isEnabled: (origin) => Promise.resolve(origin === 'https://kept.lan'),
      runner: {
        all: () => [
          checkRecord({ id: 'kept', origin: 'https://kept.lan' }),
          checkRecord({ id: 'gone', origin: 'https://gone.lan' }),
        ],
        dismiss: (id) => {
          calls.push(`dismiss ${id}`);
          return Promise.resolve();
        },
      },
    });
    await forgetRevoked();
    expect(calls).toEqual(['settings', 'dismiss gone']);
  });
});
