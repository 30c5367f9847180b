/** The page's CSRF token goes only to a request for the page's own origin (issue 19, item 3). */
import { describe, expect, it } from 'vitest';
import { answerTokenRequest } from '../../../src/content/token-request.ts';

const A = 'https://fw-a.lan:8443';
const B = 'https://fw-b.lan';
const token = () => 'token-of-this-page';

describe('answerTokenRequest', () => {
  it('answers a request for this page’s origin with the token', async () => {
    await expect(
      answerTokenRequest({ type: 'csrf-token-request', origin: A }, A, token),
    ).resolves.toBe('token-of-this-page');
  });

  it.each([
    ['another firewall', { type: 'csrf-token-request', origin: B }],
    ['the same host on another port', { type: 'csrf-token-request', origin: 'https://fw-a.lan' }],
    ['no origin at all (an older background)', { type: 'csrf-token-request' }],
  ])('answers null to a request for %s, without reading the token', async (_name, message) => {
    let read = false;
    const answer = answerTokenRequest(message, A, () => {
      read = true;
      return 'token-of-this-page';
    });
    await expect(answer).resolves.toBeNull();
    expect(read).toBe(false);
  });

  it.each([null, 'csrf-token-request', { type: 'check-update' }])(
    'leaves %j to other listeners',
    (message) => {
      expect(answerTokenRequest(message, A, token)).toBeUndefined();
    },
  );
});
