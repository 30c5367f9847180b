/**
 * What a check keeps of an error: the client's kind, privilege, status and endpoint, plain data
 * that storage and messages carry. Anything that is no OpnsenseError was a failed fetch.
 */
import { OpnsenseError } from '../../opnsense/errors.ts';
import type { CheckError } from '../../shared/check-state.ts';

export function toCheckError(error: unknown): CheckError {
  if (error instanceof OpnsenseError) {
    return {
      kind: error.kind,
      privilege: error.privilege,
      status: error.status,
      endpoint: error.endpoint,
    };
  }
  return { kind: 'network', privilege: null, status: null, endpoint: '' };
}
