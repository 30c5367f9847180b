// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  isTrustedInput,
  onlyTrusted,
  triggerForTrustedClick,
} from '../../../src/content/trusted-click.ts';
import { personClick } from './person-click.ts';

afterEach(() => {
  document.body.innerHTML = '';
});

function button(id: string): HTMLButtonElement {
  const element = document.createElement('button');
  element.id = id;
  element.append(document.createElement('span'));
  document.body.append(element);
  return element;
}

describe('triggerForTrustedClick', () => {
  it.each([
    ['reconfigureAct-common', 'apply'],
    ['saveAndReconfigureAct_haproxy-general-settings', 'apply'],
    // The plugin page's service bar has no buttons (docs/opnsense.md §3): a click there starts nothing.
    ['restartService', null],
  ])('takes a person’s click on #%s as %s', (id, trigger) => {
    const element = button(id);
    let seen: unknown = 'none';
    document.addEventListener('click', (event) => (seen = triggerForTrustedClick(event)), {
      once: true,
    });
    personClick(element.firstElementChild ?? element);
    expect(seen).toBe(trigger);
  });

  it.each([
    [
      'element.click()',
      (element: HTMLElement) => {
        element.click();
      },
    ],
    [
      'dispatchEvent(new MouseEvent)',
      (element: HTMLElement) =>
        element.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true })),
    ],
    [
      'a PointerEvent with detail 1, like a real click',
      (element: HTMLElement) =>
        element.dispatchEvent(new PointerEvent('click', { bubbles: true, detail: 1, clientX: 5 })),
    ],
  ])('ignores a script’s %s on Apply', (_name, dispatch) => {
    const element = button('reconfigureAct-common');
    const seen: unknown[] = [];
    document.addEventListener('click', (event) => seen.push(triggerForTrustedClick(event)));
    dispatch(element);
    expect(seen).toEqual([null]);
  });

  it('ignores a person’s click elsewhere', () => {
    const element = button('something-else');
    let seen: unknown = 'none';
    document.addEventListener('click', (event) => (seen = triggerForTrustedClick(event)), {
      once: true,
    });
    personClick(element);
    expect(seen).toBeNull();
  });
});

describe('onlyTrusted', () => {
  it('runs the handler for a person’s click only', () => {
    const handler = vi.fn();
    const element = button('x');
    element.addEventListener('click', onlyTrusted(handler));
    element.click();
    element.dispatchEvent(new MouseEvent('click'));
    expect(handler).not.toHaveBeenCalled();
    personClick(element);
    expect(handler).toHaveBeenCalledTimes(1);
  });

  it('treats a missing event or flag as untrusted', () => {
    expect(isTrustedInput(undefined)).toBe(false);
    expect(isTrustedInput({} as Event)).toBe(false);
  });
});
