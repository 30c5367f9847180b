// @vitest-environment happy-dom
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { WatchView } from '../../../src/options/firewall-cards.ts';
import { WatchEditor } from '../../../src/options/watch-editor.tsx';
import type { WatchSetting } from '../../../src/shared/options-storage.ts';
import { translator } from '../ui/catalogue.ts';

// The bounds come with the stored options' module, which loads the browser API; never called.
vi.mock('webextension-polyfill', () => ({ default: {} }));

const t = translator('en');
const OFF: WatchView = { on: false, intervalMinutes: 15, blockedBy: null, badgeOnly: false };

function deferred<T>() {
  let resolve: (value: T) => void = () => undefined;
  let reject: (reason: unknown) => void = () => undefined;
  const promise = new Promise<T>((yes, no) => {
    resolve = yes;
    reject = no;
  });
  return { promise, resolve, reject };
}

function mount(view: WatchView, permission: Promise<boolean> = Promise.resolve(true)) {
  const container = document.createElement('div');
  document.body.append(container);
  const requestNotifications = vi.fn(() => permission);
  const onSave = vi.fn<(watch: WatchSetting | null) => Promise<void>>(() => Promise.resolve());
  // act: Preact runs effects after the next frame; act flushes them before it returns, so no
  // test depends on how soon a loaded machine gets to that frame.
  const draw = (next: WatchView) => {
    void act(() => {
      render(
        <WatchEditor
          view={next}
          t={t}
          requestNotifications={requestNotifications}
          onSave={onSave}
        />,
        container,
      );
    });
  };
  draw(view);
  const toggle = container.querySelector<HTMLInputElement>('[data-testid="watch-toggle"]');
  const interval = container.querySelector<HTMLInputElement>('[data-testid="watch-interval"]');
  if (!toggle || !interval) throw new Error('no watch controls');
  return { container, toggle, interval, requestNotifications, onSave, draw };
}
/** Lets pending promises settle, then flushes the renders and effects they caused. */
const settle = () =>
  act(async () => {
    await new Promise<void>((resolve) => setTimeout(resolve, 0));
  });
function commit(input: HTMLInputElement, value: string) {
  input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true }));
  input.dispatchEvent(new Event('change', { bubbles: true }));
}

afterEach(() => {
  document.body.innerHTML = '';
});

describe('WatchEditor', () => {
  it.each([
    ['needs-key', /API key[\s\S]*logged in to the GUI for ever[\s\S]*dedicated user/],
    ['key-in-clear', /plain HTTP[\s\S]*HTTPS/],
  ] as const)(
    'blocked by %s: both controls disabled, the reason names what to do',
    (block, text) => {
      const { container, toggle, interval } = mount({ ...OFF, blockedBy: block });
      expect(toggle.disabled).toBe(true);
      expect(interval.disabled).toBe(true);
      const reason = container.querySelector('[data-testid="watch-needs-key"]');
      expect(reason?.textContent).toMatch(text);
      expect(toggle.getAttribute('aria-describedby')).toBe(reason?.id);
    },
  );

  it('is labelled, and the interval field says its unit and bounds', () => {
    const { container, toggle, interval } = mount(OFF);
    expect(toggle.closest('label')?.textContent).toContain('Watch this firewall');
    const label = container.querySelector(`label[for="${interval.id}"]`);
    expect(label?.textContent).toBe('Every (minutes, 1 to 1440)');
    expect([interval.min, interval.max, interval.value]).toEqual(['1', '1440', '15']);
    expect(container.querySelector('fieldset legend')?.textContent).toBe(
      'Watch for reloads nobody clicked',
    );
    expect(container.querySelector('[data-testid="watch-needs-key"]')).toBeNull();
  });

  it('asks for notifications inside the click, then saves the watch', async () => {
    const permission = deferred<boolean>();
    const { toggle, requestNotifications, onSave } = mount(OFF, permission.promise);
    toggle.click();
    // Synchronously: no await between the click and the request (the prompt needs the gesture).
    expect(requestNotifications).toHaveBeenCalledTimes(1);
    expect(onSave).not.toHaveBeenCalled();
    expect(toggle.checked).toBe(true);
    permission.resolve(true);
    await settle();
    expect(onSave).toHaveBeenCalledExactlyOnceWith({ intervalMinutes: 15 });
  });

  it.each([
    ['refused', () => Promise.resolve(false)],
    ['failed', () => Promise.reject(new Error('permissions.request needs a user gesture'))],
    [
      'thrown',
      () => {
        throw new Error('no permissions API');
      },
    ],
  ])('saves the watch when the permission is %s (badge only)', async (_what, answer) => {
    const { toggle, interval, requestNotifications, onSave } = mount(OFF);
    requestNotifications.mockImplementation(answer);
    commit(interval, '30');
    expect(onSave).not.toHaveBeenCalled();
    toggle.click();
    await settle();
    expect(onSave).toHaveBeenCalledExactlyOnceWith({ intervalMinutes: 30 });
  });

  it.each(['0', '1441', '15.5', '', 'abc', '-5', '1e400'])(
    'does not turn on with the interval %j, and says which are allowed',
    async (typed) => {
      const { container, toggle, interval, requestNotifications, onSave } = mount(OFF);
      commit(interval, typed);
      await settle();
      const problem = container.querySelector('[data-testid="watch-interval-problem"]');
      expect(problem?.textContent).toBe('Enter a whole number of minutes from 1 to 1440.');
      expect(problem?.getAttribute('role')).toBe('alert');
      expect(interval.getAttribute('aria-invalid')).toBe('true');
      toggle.click();
      await settle();
      expect(toggle.checked).toBe(false);
      expect(requestNotifications).not.toHaveBeenCalled();
      expect(onSave).not.toHaveBeenCalled();
    },
  );

  it('while on: a valid interval is saved at once, an invalid one never', async () => {
    const { interval, onSave, container } = mount({ ...OFF, on: true, intervalMinutes: 15 });
    commit(interval, '1441');
    await settle();
    expect(onSave).not.toHaveBeenCalled();
    commit(interval, '60');
    await settle();
    expect(onSave).toHaveBeenCalledExactlyOnceWith({ intervalMinutes: 60 });
    expect(container.querySelector('[data-testid="watch-interval-problem"]')).toBeNull();
  });

  it('turning it off deletes the watch and asks for nothing', async () => {
    const { toggle, requestNotifications, onSave } = mount({ ...OFF, on: true });
    expect(toggle.checked).toBe(true);
    toggle.click();
    await settle();
    expect(onSave).toHaveBeenCalledExactlyOnceWith(null);
    expect(requestNotifications).not.toHaveBeenCalled();
  });

  it('shows the stored interval when storage changes it', async () => {
    const { interval, draw } = mount({ ...OFF, on: true, intervalMinutes: 15 });
    draw({ ...OFF, on: true, intervalMinutes: 240 });
    await settle();
    expect(interval.value).toBe('240');
  });

  it('turned off, keeps the interval typed to turn on with again (storage forgets it)', async () => {
    const { interval, toggle, draw, onSave } = mount({ ...OFF, on: true, intervalMinutes: 30 });
    toggle.click();
    draw({ ...OFF, on: false, intervalMinutes: 15 });
    await settle();
    expect(interval.value).toBe('30');
    toggle.click();
    await settle();
    expect(onSave).toHaveBeenLastCalledWith({ intervalMinutes: 30 });
  });

  it('on without notifications: says so, and its button asks for them in the click', () => {
    const { container, requestNotifications } = mount({ ...OFF, on: true, badgeOnly: true });
    const note = container.querySelector('[data-testid="watch-badge-only"]');
    expect(note?.textContent).toMatch(/Notifications are not allowed.*toolbar badge/);
    note?.querySelector('button')?.click();
    expect(requestNotifications).toHaveBeenCalledTimes(1);
  });

  it('with notifications granted: no such note', () => {
    const { container } = mount({ ...OFF, on: true });
    expect(container.querySelector('[data-testid="watch-badge-only"]')).toBeNull();
  });
});
