import { describe, expect, it, vi } from 'vitest';
import { restrictToTrustedContexts } from '../../../../src/background/permissions/storage-access.ts';

describe('restrictToTrustedContexts', () => {
  it('asks for trusted contexts only where the area supports it (Chromium)', async () => {
    const setAccessLevel = vi.fn(() => Promise.resolve());
    expect(await restrictToTrustedContexts({ setAccessLevel })).toBe('restricted');
    expect(setAccessLevel).toHaveBeenCalledWith({ accessLevel: 'TRUSTED_CONTEXTS' });
  });

  it('skips an area without the method (Firefox storage.local)', async () => {
    expect(await restrictToTrustedContexts({})).toBe('unsupported');
  });

  it('survives a browser that has the method but refuses it for this area', async () => {
    const setAccessLevel = vi.fn(() =>
      Promise.reject(new Error('This StorageArea does not support access level')),
    );
    expect(await restrictToTrustedContexts({ setAccessLevel })).toBe('refused');
  });
});
