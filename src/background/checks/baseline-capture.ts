/**
 * The baseline: what the firewall runs at the moment the admin clicks Apply, Restart or Start,
 * read while the action is still on its way. The verdict later compares against it.
 */
import type { CheckTrigger } from '../../core/model.ts';
import type { OpnsenseClient } from '../../opnsense/client.ts';
import type { CheckStore } from './check-store.ts';

/**
 * A baseline process list counts only if it answered this soon after the click: `top` samples
 * for 1–2 s on a real firewall, and a list that straddles the reload would name the new process
 * as one from before. Apply's configtest usually takes longer than this, Save-and-apply may not.
 */
export const BASELINE_LIST_MAX_MS = 1_500;

export interface BaselineDeps {
  readonly store: Pick<CheckStore, 'get' | 'update' | 'counted'>;
  clientFor(record: {
    readonly origin: string;
    readonly trigger: CheckTrigger;
  }): Promise<OpnsenseClient>;
  now(): number;
}

/**
 * Reads the current process (and for Apply the process list) into check `id`'s baseline. Settles
 * when both answered or failed; a failure leaves the baseline without them, never fails the check.
 */
export async function captureBaseline(
  id: string,
  trigger: CheckTrigger,
  deps: BaselineDeps,
): Promise<void> {
  const { store } = deps;
  const record = store.get(id);
  if (!record) return;
  let client: OpnsenseClient;
  try {
    client = await deps.clientFor(record);
  } catch {
    return;
  }
  // An answer counts only if it arrived before the action could have changed anything:
  // for Apply that is until configtest has answered (reconfigure starts after it); the service
  // buttons act at once, and only the fast statistics call can beat them.
  const stillBefore = () => {
    const current = store.get(id);
    return current?.phase === 'waiting-for-reload' && current.outcome === null;
  };
  // Every call is counted, also one whose answer comes too late to be used.
  const info = store.counted(id, client.currentProcess(), 0).then(
    async (current) => {
      if (!stillBefore()) return;
      const latest = store.get(id);
      if (latest?.baseline) {
        await store.update({
          ...latest,
          baseline: { ...latest.baseline, currentPid: current?.pid ?? null },
        });
      }
    },
    () => undefined,
  );
  const list =
    trigger === 'apply'
      ? store.counted(id, client.processes(), 1).then(
          async (picture) => {
            const latest = store.get(id);
            const tooLate = latest ? deps.now() - latest.startedAt > BASELINE_LIST_MAX_MS : true;
            if (!stillBefore() || tooLate) return;
            if (latest?.baseline) {
              await store.update({
                ...latest,
                baseline: { ...latest.baseline, pids: picture.processes.map((p) => p.pid) },
              });
            }
          },
          () => undefined,
        )
      : Promise.resolve();
  await Promise.all([info, list]);
}
