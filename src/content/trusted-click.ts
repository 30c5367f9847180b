/**
 * Only a person's clicks act. The browser marks the events it dispatches for real input — mouse,
 * touch, the keyboard's Enter/Space on a button, assistive technology — with `isTrusted: true`;
 * anything a script on the page dispatches (`button.click()`, `dispatchEvent`) has `false`, and
 * no page script can set it. So a script on the firewall page can still click the page's own
 * Apply (the page is trusted for what it can do anyway), but it cannot start a check, restart
 * HAProxy, or dismiss a warning in the admin's name.
 */
import type { ActionTrigger } from '../core/model.ts';
import { triggerForClick } from '../opnsense/selectors.ts';

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
