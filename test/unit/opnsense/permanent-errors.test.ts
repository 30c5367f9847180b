/**
 * The one list of permanent errors: which kinds no retry fixes (the check's looks), and which of
 * them prove the request was not carried out (the remediation).
 */
import { describe, expect, it } from 'vitest';
import {
  isPermanentError,
  isRefusal,
  OpnsenseError,
  type OpnsenseErrorKind,
} from '../../../src/opnsense/errors.ts';

const error = (kind: OpnsenseErrorKind) => new OpnsenseError({ kind, endpoint: '/api/x' });

describe('permanent errors', () => {
  it.each([
    ['session-expired', true, true],
    ['forbidden', true, true],
    ['csrf-rejected', true, true],
    ['api-key-rejected', true, true],
    ['not-installed', true, true],
    ['certificate', true, false],
    ['redirected', true, false],
    ['server', false, false],
    ['malformed', false, false],
    ['timeout', false, false],
    ['network', false, false],
  ] as const)('%s: permanent %s, a refusal %s', (kind, permanent, refusal) => {
    expect(isPermanentError(kind)).toBe(permanent);
    expect(isRefusal(error(kind))).toBe(refusal);
  });

  it('takes nothing but an OpnsenseError for a refusal', () => {
    expect(isRefusal(new TypeError('Failed to fetch'))).toBe(false);
    expect(isRefusal({ kind: 'forbidden' })).toBe(false);
  });
});
