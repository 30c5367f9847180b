/** Waits on the extension's stored check of a firewall (not its UI) while a benchmark runs. */
import type { CheckRecord } from '../src/shared/check-state.ts';
import { checkFor } from '../test/e2e/support/extension-state.ts';
import { waitFor } from '../test/support/wait.ts';
import type { BenchBrowser } from './browsers.ts';

export interface RecordWait {
  /** What is awaited, for the timeout error. */
  readonly what: string;
  readonly timeoutMs: number;
  /** Called with every record read while waiting, for figures taken along the way. */
  readonly seen?: (record: CheckRecord) => void;
}

/**
 * Reads the newest check of `origin` every 50 ms until `done` holds and returns it. The record
 * carries its own times, so the interval only delays the bench, never a measured figure.
 */
export function waitForRecord(
  browser: BenchBrowser,
  origin: string,
  done: (record: CheckRecord) => boolean,
  { what, timeoutMs, seen }: RecordWait,
): Promise<CheckRecord> {
  return waitFor(
    async () => {
      const record = await checkFor(await browser.serviceWorker(), origin);
      if (record) seen?.(record);
      return record;
    },
    {
      until: (record): record is CheckRecord => record !== null && done(record),
      what,
      timeoutMs,
      intervalMs: 50,
    },
  );
}
