/**
 * An HA/CARP pair's master side: its HA settings (`hasync`, docs/opnsense.md §8) and the XMLRPC
 * calls it makes on the backup (sync, template reload, list/start/stop/restart a service), run
 * directly on the backup sim's context so the backup's own restart path and faults apply.
 */
import { randomBytes } from 'node:crypto';
import type { SimContext } from './context.ts';
import type { ActionResult } from './haproxy-manager.ts';
import type { HaproxyModel } from './model.ts';

/** The master's System › High Availability › Settings, as far as the sim keeps them. */
export interface HasyncSettings {
  /** The peer: an address or a URL (`10.0.0.2`, `https://10.0.0.2:4443`); empty = no HA. */
  synchronizetoip: string;
  username: string;
  /** The XMLRPC password of the peer, in clear text in `hasync/get` like OPNsense answers it. */
  password: string;
  pfsyncinterface: string;
  pfsyncpeerip: string;
}

/** What the master does on the backup over XMLRPC (xmlrpc/service.inc, ha_xmlrpc_exec.php). */
export interface HaBackupNode {
  /** `exec_sync`: the master's HAProxy section (`OPNsense.HAProxy`) replaces the backup's. */
  sync(model: HaproxyModel): void;
  /** `opnsense.configd_reload_all_templates`: the backup's staging file from its (synced) model. */
  reloadTemplates(): void;
  /** `opnsense.firmware_version`: the backup's release. */
  firmwareVersion(): string;
  /** `opnsense.list_services`: services_get() with each one's `status`. */
  listServices(): BackupService[];
  /**
   * `opnsense.{start,stop,restart}_service`: service_control_* on the backup, i.e. the same
   * configd action the backup's own System › Services runs; null for a service it does not have.
   */
  control(action: 'start' | 'stop' | 'restart', name: string): Promise<ActionResult | null>;
}

export interface BackupService {
  readonly name: string;
  readonly description: string;
  readonly pidfile: string;
  readonly status: boolean;
}

export interface HaMaster {
  readonly settings: HasyncSettings;
  /** null: the master's XMLRPC cannot reach a backup (none configured). */
  readonly backup: HaBackupNode | null;
}

/** A password as the admin would have typed one: distinctive, so a test can look for leaks. */
export function newXmlrpcPassword(): string {
  return `xmlrpc-${randomBytes(12).toString('base64url')}`;
}

export function createHaMaster(
  backup: HaBackupNode | null,
  settings: Partial<HasyncSettings> = {},
): HaMaster {
  return {
    backup,
    settings: {
      synchronizetoip: '',
      username: backup === null ? '' : 'root',
      password: backup === null ? '' : newXmlrpcPassword(),
      pfsyncinterface: backup === null ? '' : 'lan',
      pfsyncpeerip: '',
      ...settings,
    },
  };
}

/** The backup side, acting on the backup sim's own context. */
export function createBackupNode(backup: SimContext): HaBackupNode {
  return {
    sync(model) {
      // config.xml's section is copied as a whole; the objects are not shared afterwards.
      backup.model.general = { ...model.general };
      backup.model.users = model.users.map((u) => ({ ...u }));
    },
    reloadTemplates() {
      backup.service.writeConfig();
    },
    firmwareVersion: () => backup.opnsenseVersion,
    listServices() {
      if (!backup.faults.pluginInstalled) return [];
      return [
        {
          name: 'haproxy',
          description: 'HAProxy Load Balancer',
          pidfile: '/var/run/haproxy.pid',
          status: backup.service.status() === 'running',
        },
      ];
    },
    async control(action, name) {
      if (name !== 'haproxy' || !backup.faults.pluginInstalled) return null;
      return backup.service[action]();
    },
  };
}

const option = (entries: Record<string, string>, selected: string) =>
  Object.fromEntries(
    Object.entries(entries).map(([key, value]) => [
      key,
      { value, selected: key === selected ? 1 : 0 },
    ]),
  );

/**
 * `GET /api/core/hasync/get`: the Hasync model (models/OPNsense/Core/Hasync.xml) the way
 * getAction renders it: booleans as `"0"`/`"1"`, option fields as `{key: {value, selected}}`,
 * text fields as strings, the XMLRPC password included.
 */
export function hasyncJson(settings: HasyncSettings): unknown {
  return {
    hasync: {
      disablepreempt: '0',
      disconnectppps: '0',
      pfsyncinterface: option(
        { '': 'Disabled', lan: 'LAN', opt1: 'SYNC' },
        settings.pfsyncinterface,
      ),
      pfsyncpeerip: settings.pfsyncpeerip,
      pfsyncversion: option(
        { '1301': 'OPNsense 24.1 or below', '1400': 'OPNsense 24.7 or above' },
        '1400',
      ),
      pfsyncdefer: '0',
      synchronizetoip: settings.synchronizetoip,
      verifypeer: '0',
      username: settings.username,
      password: settings.password,
      syncitems: option(
        {
          aliases: 'Aliases',
          haproxy: 'HAProxy',
          rules: 'Firewall rules',
          users: 'Users and groups',
        },
        'haproxy',
      ),
    },
  };
}
