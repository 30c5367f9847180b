/**
 * A click as the browser dispatches it for a person's input, `isTrusted` set. No page script can
 * do this (the flag is the browser's); a test environment can, to stand in for the browser.
 */
export function personClick(target: Element, init: MouseEventInit = {}): MouseEvent {
  const event = new MouseEvent('click', { bubbles: true, composed: true, ...init });
  Object.defineProperty(event, 'isTrusted', { value: true });
  target.dispatchEvent(event);
  return event;
}

/** A trusted event of any kind, as the browser dispatches it for a person's input. */
export function personEvent<E extends Event>(target: EventTarget, event: E): E {
  Object.defineProperty(event, 'isTrusted', { value: true });
  target.dispatchEvent(event);
  return event;
}
