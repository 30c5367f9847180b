/**
 * Safe reads of untrusted JSON answers, shared by the parsers: the firewall's text must never
 * reach Object.prototype through keys such as `__proto__` or `constructor`.
 */

export function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Own properties only; undefined for anything that is not a plain object. */
export function ownField(value: unknown, key: string): unknown {
  return isRecord(value) && Object.prototype.hasOwnProperty.call(value, key)
    ? value[key]
    : undefined;
}
