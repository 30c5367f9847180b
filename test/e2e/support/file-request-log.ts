/**
 * One request log (request-log.ts) for a whole end-to-end file: started before its first test,
 * closed after its last, also when a test fails.
 */
import { afterAll, beforeAll } from 'vitest';
import { startRequestLog, type RequestLog } from './request-log.ts';

/** Call at the top level of a test file; the returned getter gives the log inside tests. */
export function requestLogForFile(): () => RequestLog {
  let log: RequestLog | null = null;
  beforeAll(() => {
    log = startRequestLog();
  });
  afterAll(() => {
    log?.close();
    log = null;
  });
  return () => {
    if (!log) throw new Error('the request log is started in beforeAll');
    return log;
  };
}
