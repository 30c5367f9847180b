/**
 * Reads how a reload stops the old process from `/api/haproxy/settings/get`. That answer is the
 * whole plugin model, userlist passwords included: only three fields of `haproxy.general` are
 * read, and the result is a fresh two-field object that holds nothing of the input.
 */
import { parseHaproxyDurationMs } from './duration.ts';
import { isRecord, ownField } from './json-fields.ts';
import type { StopMode, StopSettings } from './model.ts';

/**
 * The stop mode and `hard-stop-after` in effect, or null when the answer has no
 * `haproxy.general` (it is not the HAProxy plugin's model). Never throws.
 */
export function readStopSettings(answer: unknown): StopSettings | null {
  const general = ownField(ownField(answer, 'haproxy'), 'general');
  if (!isRecord(general)) return null;
  // seamlessReload is unconfirmed upstream (the rc script must offer `softreload`); plugin
  // versions without the field reload without it, so absent simply means off.
  const seamless = readSwitch(ownField(general, 'seamlessReload'));
  // The plugin's default for gracefulStop is 0: hard mode.
  const graceful = readSwitch(ownField(general, 'gracefulStop'));
  const mode: StopMode = seamless ? 'seamless' : graceful ? 'graceful' : 'hard';
  const hardStopAfterMs = parseHaproxyDurationMs(fieldValue(ownField(general, 'hardStopAfter')));
  return { mode, hardStopAfterMs };
}

type Primitive = string | number | boolean;

/**
 * OPNsense renders a model field as its plain value, as `{"value": …}`, or (option fields) as
 * `{"<key>": {"value": "<label>", "selected": 1}, …}` where the selected key is the value.
 */
function fieldValue(field: unknown): Primitive | undefined {
  if (isPrimitive(field)) return field;
  if (!isRecord(field)) return undefined;
  const value = ownField(field, 'value');
  if (isPrimitive(value)) return value;
  const selected = Object.keys(field).filter((key) =>
    isOn(ownField(ownField(field, key), 'selected')),
  );
  // Two selected options are not a single setting; read it as unset.
  return selected.length === 1 ? selected[0] : undefined;
}

function readSwitch(field: unknown): boolean {
  return isOn(fieldValue(field));
}

/** `1`, `"1"`, `true`, `"true"` are on; everything else (`"0"`, `""`, garbage) is off. */
function isOn(value: unknown): boolean {
  if (value === true || value === 1) return true;
  if (typeof value !== 'string') return false;
  const text = value.trim().toLowerCase();
  return text === '1' || text === 'true';
}

function isPrimitive(value: unknown): value is Primitive {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}
