/** The state one running sim shares between its HTTP handlers. */
import type { AcmeClient } from './acme.ts';
import type { Auth } from './auth.ts';
import type { Faults } from './faults.ts';
import type { HaMaster } from './ha.ts';
import type { HaproxyService } from './haproxy-manager.ts';
import type { HaproxyModel } from './model.ts';
import type { RequestLog } from './request-log.ts';

/**
 * The OPNsense release whose API quirks the sim shows. `25.7`: the own router (24.7+) answers
 * an unknown path 404 `{"errorMessage":"Endpoint not found"}`; `24.1`: Phalcon answers an unknown
 * controller 400 `{"message":"controller … not found","status":400}` (docs/opnsense.md §4).
 * `24.7`: the own router, with 24.x's HA pages (the legacy `/status_habackup.php`, no
 * `hasync_status` API; docs/opnsense.md §8).
 */
export type OpnsenseVersion = '25.7' | '24.7' | '24.1';

export interface SimContext {
  readonly model: HaproxyModel;
  readonly service: HaproxyService;
  readonly auth: Auth;
  /** Served over HTTPS: the session cookie gets `Secure`. */
  readonly secure: boolean;
  readonly opnsenseVersion: OpnsenseVersion;
  readonly frontendPort: number;
  /** Absolute path of the jQuery build the pages load, like OPNsense ships one. */
  readonly jqueryPath: string;
  /** Every request but the control endpoints', for tests that count what the browser asked. */
  readonly requests: RequestLog;
  /** The ACME client and its HAProxy restarts (acme.ts). */
  readonly acme: AcmeClient;
  faults: Faults;
  /** The master of an HA pair: its HA settings and its XMLRPC link to the backup. */
  readonly ha: HaMaster;
}
