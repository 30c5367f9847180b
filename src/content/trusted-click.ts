/**
 * Only a person's clicks act. The browser marks the events it dispatches for real input — mouse,
 * touch, the keyboard's Enter/Space on a button, assistive technology — with `isTrusted: true`;
 * anything a script on the page dispatches (`button.click()`, `dispatchEvent`) has `false`, and
 * no page script can set it. So a script on the firewall page can still click the page's own
 * Apply (the page is trusted for what it can do anyway), but it cannot start a check, restart
 * HAProxy, or dismiss a warning in the admin's name.
 *
 * Trusted input can still be steered: a page script can redress the panel so that the admin's
 * click lands on Restart unseen, or focus Restart so that the admin's Enter activates it. So
 * Restart and Start also need the panel to be in plain sight at the click (panel-exposure.ts)
 * and, for a keyboard activation, focus put there by the admin (focus-provenance.ts).
 */
import type { ActionTrigger } from '../core/model.ts';
import { triggerForClick } from '../opnsense/selectors.ts';
import type { FocusProvenance } from './focus-provenance.ts';
import { centreOf, exposureProblem } from './panel-exposure.ts';

export function isTrustedInput(event: Pick<Event, 'isTrusted'> | undefined): boolean {
  return event?.isTrusted === true;
}

/** What a click asks HAProxy to do, when a person made it on a hooked button; otherwise null. */
export function triggerForTrustedClick(
  event: Pick<Event, 'isTrusted' | 'target'>,
): ActionTrigger | null {
  return isTrustedInput(event) ? triggerForClick(event.target) : null;
}

/** Wraps a handler so that it runs for trusted input only. */
export function onlyTrusted(handler: () => void): (event: Event) => void {
  return (event) => {
    if (isTrustedInput(event)) handler();
  };
}

/**
 * Whether a click on a panel button inside `host` is the admin's: trusted, on a panel in plain
 * sight, and, when it came from the keyboard (or assistive technology), on a button the admin
 * focused. Read while the event is dispatched (`currentTarget` is the button).
 */
export function isAdminActivation(
  event: Pick<MouseEvent, 'isTrusted' | 'currentTarget' | 'detail' | 'clientX' | 'clientY'>,
  host: HTMLElement | null,
  provenance: Pick<FocusProvenance, 'focusedByAdmin'> | null,
): boolean {
  const button = event.currentTarget;
  if (!isTrustedInput(event) || !host || !provenance || !(button instanceof Element)) return false;
  // A pointer click counts its clicks and has a point; an activation by Enter or Space has
  // neither (UI Events: `detail` 0).
  const byKeyboard = event.detail === 0;
  if (byKeyboard && !provenance.focusedByAdmin(button)) return false;
  const point = byKeyboard ? centreOf(button) : { x: event.clientX, y: event.clientY };
  return exposureProblem(host, button, point) === null;
}
