/**
 * Why a request to the firewall got no answer at all, as far as the browser tells. `fetch` itself
 * rejects with a bare `TypeError` for a refused connection, an unknown host and an untrusted
 * certificate alike; the browser transport (src/background/transport) learns the network error
 * from `webRequest.onErrorOccurred` and throws this instead, so the client can tell the admin
 * "accept the certificate" rather than "cannot be reached".
 */
export type TransportFailureReason =
  /** The browser does not trust the firewall's TLS certificate (self-signed, renewed, expired). */
  | 'certificate'
  /** Refused, reset, timed out, unknown host: the firewall cannot be reached. */
  | 'unreachable'
  /** The browser gave no network error to go by. */
  | 'unknown';

export class TransportFailure extends TypeError {
  override readonly name = 'TransportFailure';

  constructor(
    readonly reason: TransportFailureReason,
    /** The browser's own error name, e.g. `net::ERR_CERT_AUTHORITY_INVALID`; null when none. */
    readonly netError: string | null,
  ) {
    super(netError ?? 'the request to the firewall failed');
  }
}

/**
 * Chromium names network errors `net::ERR_*` (net/base/net_error_list.h): the certificate ones
 * are `ERR_CERT_*` plus a few `ERR_SSL_*`. Firefox's webRequest reports a sentence for a
 * certificate it does not trust (measured with Firefox ESR 153: "The certificate is not trusted
 * because it is self-signed."; PSM's other messages speak of "certificate" or "issuer" too) and
 * `NS_ERROR_*` names for the rest; NSS/PSM codes (`SEC_ERROR_UNKNOWN_ISSUER`,
 * `MOZILLA_PKIX_ERROR_SELF_SIGNED_CERT`) are accepted as well.
 */
export function classifyNetError(netError: string | null): TransportFailureReason {
  if (netError === null || netError.trim() === '') return 'unknown';
  const certificateCode = /ERR_CERT_|ERR_SSL_|SEC_ERROR_|MOZILLA_PKIX_ERROR_|SSL_ERROR_BAD_CERT/i;
  const certificateSentence = /\bcertificate\b|\bissuer\b/i;
  if (certificateCode.test(netError) || certificateSentence.test(netError)) return 'certificate';
  return 'unreachable';
}
