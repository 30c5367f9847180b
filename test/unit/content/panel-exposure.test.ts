// @vitest-environment happy-dom
/** The panel is in plain sight at a click, or the click does not count (issue 19, item 4). */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFocusProvenance } from '../../../src/content/focus-provenance.ts';
import { exposureProblem } from '../../../src/content/panel-exposure.ts';
import { isAdminActivation } from '../../../src/content/trusted-click.ts';
import { personEvent } from './person-click.ts';
import { placeInSight, type Placement } from './panel-in-sight.ts';

let host: HTMLElement;
let button: HTMLButtonElement;
let other: HTMLButtonElement;
let placed: Placement;

beforeEach(() => {
  host = document.createElement('div');
  document.body.append(host);
  const root = host.attachShadow({ mode: 'open' });
  button = document.createElement('button');
  button.textContent = 'Restart HAProxy';
  other = document.createElement('button');
  other.textContent = 'Check again';
  root.append(button, other);
  placed = placeInSight(host, button);
});
afterEach(() => {
  document.body.innerHTML = '';
  document.body.removeAttribute('style');
});

describe('exposureProblem', () => {
  it('accepts a click on the panel in plain sight', () => {
    expect(exposureProblem(host, button, placed)).toBeNull();
  });

  it.each<[string, () => HTMLElement, string, string]>([
    ['a transparent host', () => host, 'opacity', '0'],
    ['a nearly transparent host', () => host, 'opacity', '0.2'],
    ['a hidden host', () => host, 'visibility', 'hidden'],
    ['a blurred host', () => host, 'filter', 'blur(8px)'],
    ['a host filtered to nothing', () => host, 'filter', 'opacity(0)'],
    ['a blended host', () => host, 'mix-blend-mode', 'multiply'],
    ['a scaled host', () => host, 'transform', 'scale(0.05)'],
    ['a mirrored host', () => host, 'transform', 'scaleX(-1)'],
    ['a clipped host', () => host, 'clip-path', 'inset(50%)'],
    ['a transparent body', () => document.body, 'opacity', '0'],
    ['a transformed body', () => document.body, 'transform', 'rotate(180deg)'],
    ['a filtered root element', () => document.documentElement, 'filter', 'invert(1)'],
  ])('refuses %s', (_name, element, property, value) => {
    element().style.setProperty(property, value);
    expect(exposureProblem(host, button, placed)).toBe('restyled');
    element().style.removeProperty(property);
  });

  it('refuses a click where something of the page is on top of the panel', () => {
    const decoy = document.createElement('div');
    document.body.append(decoy);
    placed.cover(decoy);
    expect(exposureProblem(host, button, placed)).toBe('covered');
  });

  it('refuses a point off the button', () => {
    expect(exposureProblem(host, button, { x: placed.x, y: placed.y + 100 })).toBe('covered');
  });
});

describe('focus provenance and keyboard activation', () => {
  const root = () => host.shadowRoot as ShadowRoot;
  const inSight = (element: Element, point: { x: number; y: number }) =>
    exposureProblem(host, element, point) === null;
  /** A pointer press as the browser dispatches it, at the button's middle. */
  const press = (target: Element) =>
    personEvent(
      target,
      new PointerEvent('pointerdown', {
        bubbles: true,
        composed: true,
        clientX: placed.x,
        clientY: placed.y,
      }),
    );
  /** A click as the browser dispatches it for Enter or Space on the focused button. */
  const keyboardActivation = (target: Element) =>
    personEvent(target, new MouseEvent('click', { bubbles: true, composed: true, detail: 0 }));

  function activatedByAdmin(target: Element, provenance: ReturnType<typeof createFocusProvenance>) {
    let admin: boolean | null = null;
    target.addEventListener(
      'click',
      (event) => {
        admin = event instanceof MouseEvent && isAdminActivation(event, host, provenance);
      },
      { once: true },
    );
    keyboardActivation(target);
    return admin;
  }

  it('ignores Enter on a button a page script focused', () => {
    const provenance = createFocusProvenance(window, root(), inSight);
    button.focus();
    personEvent(
      button,
      new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, composed: true }),
    );
    expect(provenance.focusedByAdmin(button)).toBe(false);
    expect(activatedByAdmin(button, provenance)).toBe(false);
    provenance.dispose();
  });

  it('takes Enter on a button the admin reached with Tab', () => {
    const provenance = createFocusProvenance(window, root(), inSight);
    personEvent(document.body, new KeyboardEvent('keydown', { key: 'Tab', bubbles: true }));
    button.focus();
    personEvent(button, new KeyboardEvent('keyup', { key: 'Tab', bubbles: true, composed: true }));
    expect(provenance.focusedByAdmin(button)).toBe(true);
    expect(activatedByAdmin(button, provenance)).toBe(true);
    provenance.dispose();
  });

  it('takes Enter on a button the admin pressed with the pointer', () => {
    const provenance = createFocusProvenance(window, root(), inSight);
    press(button);
    button.focus();
    personEvent(button, new PointerEvent('pointerup', { bubbles: true, composed: true }));
    expect(activatedByAdmin(button, provenance)).toBe(true);
    provenance.dispose();
  });

  it.each<[string, () => void]>([
    [
      'during the admin’s typing',
      () => personEvent(document.body, new KeyboardEvent('keydown', { key: 'a', bubbles: true })),
    ],
    ['during the admin’s click elsewhere on the panel', () => press(other)],
    [
      'after the admin pressed it on a transparent panel',
      () => {
        host.style.opacity = '0';
        press(button);
        host.style.opacity = '';
      },
    ],
    [
      'during an untrusted Tab',
      () =>
        document.body.dispatchEvent(new KeyboardEvent('keydown', { key: 'Tab', bubbles: true })),
    ],
  ])('counts a script’s focus() %s as the page’s', (_name, during) => {
    const provenance = createFocusProvenance(window, root(), inSight);
    during();
    button.focus();
    expect(provenance.focusedByAdmin(button)).toBe(false);
    expect(activatedByAdmin(button, provenance)).toBe(false);
    provenance.dispose();
  });

  it('forgets the admin’s focus when it leaves and a script brings it back', () => {
    const provenance = createFocusProvenance(window, root(), inSight);
    personEvent(document.body, new KeyboardEvent('keydown', { key: 'Tab', bubbles: true }));
    button.focus();
    personEvent(button, new KeyboardEvent('keyup', { key: 'Tab', bubbles: true, composed: true }));
    other.focus();
    button.focus();
    expect(provenance.focusedByAdmin(button)).toBe(false);
    provenance.dispose();
  });

  it('refuses a keyboard activation on a transparent panel, even with the admin’s focus', () => {
    const provenance = createFocusProvenance(window, root(), inSight);
    personEvent(document.body, new KeyboardEvent('keydown', { key: 'Tab', bubbles: true }));
    button.focus();
    host.style.opacity = '0';
    expect(activatedByAdmin(button, provenance)).toBe(false);
    provenance.dispose();
  });
});
