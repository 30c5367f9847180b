/** The state one running sim shares between its HTTP handlers. */
import type { Auth } from './auth.ts';
import type { Faults } from './faults.ts';
import type { HaproxyService } from './haproxy-manager.ts';
import type { HaproxyModel } from './model.ts';

export interface SimContext {
  readonly model: HaproxyModel;
  readonly service: HaproxyService;
  readonly auth: Auth;
  readonly frontendPort: number;
  /** Absolute path of the jQuery build the pages load, like OPNsense ships one. */
  readonly jqueryPath: string;
  faults: Faults;
}
