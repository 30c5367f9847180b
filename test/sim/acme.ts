/**
 * The ACME client's side of the stand-in (os-acme-client, docs/opnsense.md §8): its certificates
 * and the two ways it restarts HAProxy. The HAProxy integration restarts at once, before its
 * request answers, and only when it changed HAProxy items (`integrationChanges`). A certificate's
 * automation "Restart HAProxy (OPNsense plugin)" restarts in the background after "Issue or
 * renew" or "Run automations" answered: here `restartDelayMs` later. Both are configd's
 * `haproxy restart`, i.e. rc restart, which stops only the pidfile process: an orphan survives
 * (docs/opnsense.md §2). A restart still pending when the sim stops is cancelled, one under way
 * awaited, so no timer or process outlives the sim.
 */
import type { HaproxyService } from './haproxy-manager.ts';

export interface AcmeCertificate {
  readonly uuid: string;
  readonly name: string;
}

export interface AcmeSettings {
  /** How long after a sign or automation request its HAProxy restart runs (default 3000 ms). */
  restartDelayMs: number;
  /** The next integration request changes HAProxy items, so it restarts HAProxy. */
  integrationChanges: boolean;
}

export interface AcmeClient {
  readonly certificates: readonly AcmeCertificate[];
  readonly settings: AcmeSettings;
  set(patch: Partial<AcmeSettings>): void;
  /** The HAProxy integration: restarts at once when it changed something; whether it did. */
  integrate(): Promise<boolean>;
  /** Runs a certificate's automations later (its HAProxy restart); false for an unknown uuid. */
  scheduleAutomations(uuid: string | null): boolean;
  /** Automation restarts that ran so far, and those still pending. */
  restarts(): { readonly done: number; readonly pending: number };
  /** Cancels what is pending and waits for a restart under way. */
  stop(): Promise<void>;
}

export const ACME_CERTIFICATES: readonly AcmeCertificate[] = [
  { uuid: '6b1f0c2e-9d1a-4f7e-8b3a-2f1e5c7d9a01', name: 'www.fw.test' },
  { uuid: '0c9e7a44-51d2-4b8f-9a3e-7d6c5b4a3f02', name: 'mail.fw.test' },
];

export function createAcmeClient(
  service: Pick<HaproxyService, 'restart'>,
  initial: Partial<AcmeSettings> = {},
): AcmeClient {
  const settings: AcmeSettings = { restartDelayMs: 3000, integrationChanges: false, ...initial };
  const pending = new Set<NodeJS.Timeout>();
  const running = new Set<Promise<unknown>>();
  let stopped = false;
  let done = 0;

  const restart = () => {
    const run = service.restart().finally(() => running.delete(run));
    running.add(run);
    return run;
  };

  return {
    certificates: ACME_CERTIFICATES,
    settings,
    set(patch) {
      Object.assign(settings, patch);
    },
    async integrate() {
      if (!settings.integrationChanges || stopped) return false;
      settings.integrationChanges = false;
      await restart();
      return true;
    },
    scheduleAutomations(uuid) {
      if (uuid !== null && !ACME_CERTIFICATES.some((c) => c.uuid === uuid)) return false;
      if (stopped) return true;
      const timer = setTimeout(() => {
        pending.delete(timer);
        void restart().then(() => {
          done += 1;
        });
      }, settings.restartDelayMs);
      pending.add(timer);
      return true;
    },
    restarts: () => ({ done, pending: pending.size }),
    async stop() {
      stopped = true;
      for (const timer of pending) clearTimeout(timer);
      pending.clear();
      await Promise.allSettled([...running]);
    },
  };
}
