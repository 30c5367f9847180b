/**
 * The HAProxy plugin model (`haproxy.*` in OPNsense's config.xml), reduced to what the sim uses:
 * the general service settings and the userlist. Changing it applies nothing; only a
 * configtest/reconfigure renders it into haproxy.conf, as on OPNsense.
 */
import { randomUUID } from 'node:crypto';

export type StopMode = 'hard' | 'graceful' | 'seamless';

export interface UserEntry {
  readonly uuid: string;
  readonly name: string;
  readonly password: string;
  readonly enabled: '0' | '1';
  readonly description: string;
}

export interface GeneralSettings {
  enabled: '0' | '1';
  /** `0` = hard mode: reload with `-st`, stop with SIGTERM (docs/opnsense.md §2). */
  gracefulStop: '0' | '1';
  /** HAProxy `hard-stop-after`; may be empty. */
  hardStopAfter: string;
  /** `1` = reload with `-x <socket> -sf` (the socket gets `expose-fd listeners`). */
  seamlessReload: '0' | '1';
}

export interface HaproxyModel {
  general: GeneralSettings;
  users: UserEntry[];
}

/**
 * The sim's three stop modes map onto the plugin's two checkboxes: seamless reload is only
 * meaningful with a graceful stop (a hard `-st` would cut the handed-over process anyway).
 */
export function createModel(users: readonly string[], stopMode: StopMode, hardStopAfter: string) {
  const model: HaproxyModel = {
    general: {
      enabled: '1',
      gracefulStop: stopMode === 'hard' ? '0' : '1',
      hardStopAfter,
      seamlessReload: stopMode === 'seamless' ? '1' : '0',
    },
    users: [],
  };
  for (const name of users) {
    const result = addUser(model, { name, password: `${name}-pass` });
    if ('validations' in result) throw new Error(Object.values(result.validations).join('; '));
  }
  return model;
}

export function stopModeOf(general: GeneralSettings): StopMode {
  if (general.gracefulStop !== '1') return 'hard';
  return general.seamlessReload === '1' ? 'seamless' : 'graceful';
}

// The plugin's field masks, narrowed so every accepted value is a single safe word in haproxy.conf.
const NAME = /^[0-9a-zA-Z._-]{1,64}$/;
const PASSWORD = /^[\x21-\x7e]{1,128}$/;
const UNSAFE_IN_CONFIG = /['"\\#$]/;
const DURATION = /^(\d+(us|ms|s|m|h|d)?)?$/;

export type AddUserResult = { uuid: string } | { validations: Record<string, string> };

/** Adds a userlist user the way `settings/add_user` does: validated, not applied. */
export function addUser(
  model: HaproxyModel,
  user: { name: unknown; password: unknown; description?: unknown },
): AddUserResult {
  const validations: Record<string, string> = {};
  const name = typeof user.name === 'string' ? user.name : '';
  const password = typeof user.password === 'string' ? user.password : '';
  if (!NAME.test(name)) {
    validations['user.name'] = 'Should be a string between 1 and 64 characters (a-z, 0-9, . _ -).';
  } else if (model.users.some((u) => u.name === name)) {
    validations['user.name'] = 'A user with this name already exists.';
  }
  if (!PASSWORD.test(password) || UNSAFE_IN_CONFIG.test(password)) {
    validations['user.password'] =
      'Should be 1 to 128 printable characters without spaces, quotes, \\, # or $.';
  }
  if (Object.keys(validations).length > 0) return { validations };
  const entry: UserEntry = {
    uuid: randomUUID(),
    name,
    password,
    enabled: '1',
    description: typeof user.description === 'string' ? user.description : '',
  };
  model.users.push(entry);
  return { uuid: entry.uuid };
}

/** Updates the general settings from a `settings/set` body; returns validation messages. */
export function setGeneral(model: HaproxyModel, patch: unknown): Record<string, string> {
  const validations: Record<string, string> = {};
  if (typeof patch !== 'object' || patch === null) return validations;
  const p = patch as Record<string, unknown>;
  const next = { ...model.general };
  for (const key of ['gracefulStop', 'seamlessReload', 'enabled'] as const) {
    const v = p[key];
    if (v === undefined) continue;
    if (v === '0' || v === '1') next[key] = v;
    else validations[`general.${key}`] = 'Should be 0 or 1.';
  }
  if (p.hardStopAfter !== undefined) {
    if (typeof p.hardStopAfter === 'string' && DURATION.test(p.hardStopAfter)) {
      next.hardStopAfter = p.hardStopAfter;
    } else {
      validations['general.hardStopAfter'] = 'Should be a number with an optional unit.';
    }
  }
  if (Object.keys(validations).length === 0) model.general = next;
  return validations;
}

const FRONTEND_UUID = '5f0e8f5c-0a0b-4c4e-9a55-3a8d2e7b9c01';

/**
 * The JSON of `GET /api/haproxy/settings/get`: the whole model, userlist passwords in clear text
 * as the real plugin returns them, plus a few of the other sections so a reader has to pick.
 */
export function settingsJson(model: HaproxyModel): unknown {
  const users: Record<string, unknown> = {};
  for (const u of model.users) {
    users[u.uuid] = {
      enabled: u.enabled,
      name: u.name,
      description: u.description,
      password: u.password,
    };
  }
  return {
    haproxy: {
      general: {
        enabled: model.general.enabled,
        gracefulStop: model.general.gracefulStop,
        hardStopAfter: model.general.hardStopAfter,
        closeSpreadTime: '',
        seamlessReload: model.general.seamlessReload,
        storeOcsp: '0',
        showIntro: '0',
        tuning: { root: '0', maxConnections: '', nbthread: '2', resolversPrefer: 'ipv4' },
        defaults: { timeoutClient: '1h', timeoutConnect: '5s', timeoutServer: '30s' },
        stats: { enabled: '0', port: '8822', remoteEnabled: '0' },
      },
      frontends: { frontend: { [FRONTEND_UUID]: { enabled: '1', name: 'hrg_frontend' } } },
      backends: { backend: [] },
      servers: { server: [] },
      users: { user: users },
      groups: { group: [] },
      maintenance: { cronjobs: { syncCerts: '0', updateOcsp: '0' } },
    },
  };
}
