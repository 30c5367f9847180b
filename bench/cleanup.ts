/**
 * Everything the benchmark starts (sims with their haproxy processes, browsers, temp dirs) is
 * registered here and released in reverse order: at the end, on an error, and on Ctrl-C.
 */

type Release = () => Promise<void> | void;

const releases: { name: string; release: Release }[] = [];
let releasing: Promise<void> | null = null;

/** Registers a release; the returned function releases just this one, early (idempotent). */
export function track(name: string, release: Release): () => Promise<void> {
  let done: Promise<void> | null = null;
  const once = () => {
    done ??= (async () => {
      const index = releases.findIndex((entry) => entry.release === once);
      if (index >= 0) releases.splice(index, 1);
      await release();
    })();
    return done;
  };
  releases.push({ name, release: once });
  return once;
}

/** Releases everything still registered, newest first; failures are reported, not thrown. */
export function releaseAll(): Promise<void> {
  releasing ??= (async () => {
    while (releases.length > 0) {
      const entry = releases[releases.length - 1];
      if (entry === undefined) break;
      try {
        await Promise.race([
          entry.release(),
          new Promise((resolve) => setTimeout(resolve, 20_000).unref()),
        ]);
      } catch (error) {
        console.error(`[bench] could not release ${entry.name}:`, error);
      }
      // A release that hung or threw must not be retried forever.
      const index = releases.indexOf(entry);
      if (index >= 0) releases.splice(index, 1);
    }
  })();
  return releasing;
}

/**
 * On SIGINT/SIGTERM: release, then exit with 128+n. The sims install their own handlers (they
 * stop their haproxy processes and re-raise); ours only adds the browsers and temp dirs.
 */
export function releaseOnSignals(): void {
  const onSignal = (signal: NodeJS.Signals) => {
    console.error(`\n[bench] ${signal}: cleaning up`);
    void releaseAll().finally(() => {
      process.exit(signal === 'SIGINT' ? 130 : 143);
    });
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}
