/**
 * Whether focus reached an element of the panel by the admin's own action. A page script can
 * focus the Restart button through the open shadow root, so that the admin's next Enter or Space
 * (meant for the page) activates it: that activation is trusted input, yet not the admin's
 * choice. Focus counts as the admin's only when it moved into the panel during a trusted Tab
 * press, or a trusted pointer press on that very element while the panel was in plain sight
 * there (a press on a redressed panel focuses the button too); a `focus()` call outside those
 * (or during any other key) counts as the page's.
 */
import type { Point } from './panel-exposure.ts';

export interface FocusProvenance {
  /** Whether `element` has focus, and got it by the admin's Tab or pointer. */
  focusedByAdmin(element: Element): boolean;
  /** Removes the listeners (the panel was unmounted). */
  dispose(): void;
}

/**
 * `inSight`: whether the panel is in plain sight at `point` over `element` (panel-exposure.ts).
 */
export function createFocusProvenance(
  win: Window,
  root: ShadowRoot,
  inSight: (element: Element, point: Point) => boolean,
): FocusProvenance {
  const controller = new AbortController();
  const { signal } = controller;
  /** A trusted Tab press under way: the focus it moves is the admin's. */
  let tabDown = false;
  /** The real target of a trusted pointer press under way (the page cannot fake one). */
  let pressed: EventTarget | null = null;
  let adminFocused: Element | null = null;

  // Capture on the window: before the page's own listeners on the document and below it.
  win.addEventListener(
    'keydown',
    (event) => {
      if (event.isTrusted) tabDown = event.key === 'Tab';
    },
    { capture: true, signal },
  );
  win.addEventListener(
    'keyup',
    (event) => {
      if (event.isTrusted) tabDown = false;
    },
    { capture: true, signal },
  );
  win.addEventListener(
    'pointerdown',
    (event) => {
      if (!event.isTrusted) return;
      const target = event.composedPath()[0];
      const point = { x: event.clientX, y: event.clientY };
      pressed = target instanceof Element && inSight(target, point) ? target : null;
    },
    { capture: true, signal },
  );
  for (const type of ['pointerup', 'pointercancel'] as const) {
    win.addEventListener(
      type,
      (event) => {
        if (event.isTrusted) pressed = null;
      },
      { capture: true, signal },
    );
  }
  root.addEventListener(
    'focusin',
    (event) => {
      const target = event.composedPath()[0];
      if (!(target instanceof Element)) return;
      const byPointer = pressed instanceof Node && target.contains(pressed);
      adminFocused = tabDown || byPointer ? target : null;
    },
    { signal },
  );
  root.addEventListener(
    'focusout',
    () => {
      adminFocused = null;
    },
    { signal },
  );

  return {
    focusedByAdmin: (element) => adminFocused === element && root.activeElement === element,
    dispose: () => {
      controller.abort();
    },
  };
}
