/**
 * The content script's answer to the background's request for the page's CSRF token: only for
 * the origin the request names, and only when this page is of that origin. A tab that moved to
 * another firewall after the background chose it then answers nothing, instead of handing that
 * firewall's token over for a POST to the first one.
 */

/** The token when `message` asks for this page's origin; undefined when it is not such a request. */
export function answerTokenRequest(
  message: unknown,
  pageOrigin: string,
  readToken: () => string | null,
): Promise<string | null> | undefined {
  if (typeof message !== 'object' || message === null) return undefined;
  const { type, origin } = message as { type?: unknown; origin?: unknown };
  if (type !== 'csrf-token-request') return undefined;
  return Promise.resolve(origin === pageOrigin ? readToken() : null);
}
