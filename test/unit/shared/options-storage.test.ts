import { describe, expect, it, vi } from 'vitest';

vi.mock('webextension-polyfill', () => ({ default: {} }));
const { DEFAULT_OPTIONS, migrateOptions } = await import('../../../src/shared/options-storage.ts');

const KEY = { kind: 'api-key', key: 'k', secret: 's' } as const;

describe('migrateOptions: stored options that do not fit', () => {
  it.each<[string, unknown]>([
    ['nothing', undefined],
    ['null', null],
    ['a string', 'options'],
    ['an array', [{ defaultDrainWindowMs: 9_000 }]],
  ])('reads %s as the defaults', (_name, stored) => {
    expect(migrateOptions(stored)).toEqual(DEFAULT_OPTIONS);
  });

  it('drops the settings that do not fit and keeps the others', () => {
    const stored = {
      defaultDrainWindowMs: 'long',
      auth: {
        'https://fw.lan': KEY,
        'https://fw2.lan': { kind: 'api-key', key: '', secret: 's' },
        'https://fw3.lan': ['session'],
        'https://fw4.lan': null,
      },
      watch: {
        'https://fw.lan': { intervalMinutes: 30 },
        'https://fw2.lan': [30],
        'https://fw3.lan': null,
        'https://fw4.lan': { intervalMinutes: '30' },
      },
    };
    expect(migrateOptions(stored)).toEqual({
      ...DEFAULT_OPTIONS,
      auth: { 'https://fw.lan': KEY },
      watch: { 'https://fw.lan': { intervalMinutes: 30 } },
    });
  });
});

describe('migrateOptions: the HA backups the admin named', () => {
  it('keeps master → backup pairs of two bare origins, and drops everything else', () => {
    const stored = {
      haBackup: {
        'https://fw-a.lan': 'https://fw-b.lan:8443',
        'https://fw-c.lan': 'https://fw-c.lan',
        'https://fw-d.lan': 'https://fw-e.lan/ui/haproxy',
        'https://fw-f.lan': 42,
        __proto__: 'https://fw-b.lan',
        'not an origin': 'https://fw-b.lan',
      },
    };
    expect(migrateOptions(stored).haBackup).toEqual({
      'https://fw-a.lan': 'https://fw-b.lan:8443',
    });
    expect(migrateOptions({ haBackup: ['https://fw-b.lan'] }).haBackup).toEqual({});
  });
});
