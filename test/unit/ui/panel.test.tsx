// @vitest-environment happy-dom
import { render } from 'preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CheckView } from '../../../src/ui/check-view.ts';
import { Panel } from '../../../src/ui/Panel.tsx';
import { translator } from './catalogue.ts';

const t = translator('en');
const HOSTILE = '/usr/local/sbin/haproxy -f <img src=x onerror="globalThis.pwned=1"> <b>bold</b>';

const duplicateView: CheckView = {
  firewall: 'fw-a.example.lan:8443',
  tone: 'danger',
  live: 'alert',
  compact: false,
  title: 'Old and new HAProxy configurations are running side by side',
  lines: ['2 haproxy processes are accepting connections.'],
  detail: '<script>globalThis.pwned=2</script>',
  processes: [
    { pid: 41_233, role: 'current', roleLabel: 'current', command: '/usr/local/sbin/haproxy -q' },
    { pid: 40_001, role: 'orphan', roleLabel: 'orphan', command: HOSTILE },
  ],
  countdownTo: null,
  canRestart: true,
  restarting: false,
  canStart: false,
  starting: false,
  restartCost: 'Restarting cuts every open connection.',
  alternative: null,
  stopProgress: null,
  canCheckAgain: true,
  canOpenGui: false,
  manualCommands: ['configctl haproxy stop', 'kill 40001'],
  autoHideMs: null,
};

function mount(view: CheckView) {
  const container = document.createElement('div');
  document.body.append(container);
  const handlers = {
    onRestart: vi.fn(),
    onStart: vi.fn(),
    onCheckAgain: vi.fn(),
    onDismiss: vi.fn(),
    onOpenGui: vi.fn(),
    copyText: vi.fn(() => Promise.resolve()),
  };
  render(<Panel view={view} theme="dark" t={t} {...handlers} />, container);
  return { container, handlers };
}

afterEach(() => {
  document.body.innerHTML = '';
});

describe('Panel', () => {
  it('renders firewall text as text, never as markup', () => {
    const { container } = mount(duplicateView);
    expect(container.querySelector('img, script, b')).toBeNull();
    expect(container.textContent).toContain('<img src=x onerror="globalThis.pwned=1">');
    expect(container.textContent).toContain('<script>globalThis.pwned=2</script>');
    expect((globalThis as { pwned?: number }).pwned).toBeUndefined();
  });

  it('is an alert region with a restart button named "Restart HAProxy…" that fires once per click', () => {
    const { container, handlers } = mount(duplicateView);
    const section = container.querySelector('section');
    expect(section?.getAttribute('role')).toBe('alert');
    expect(section?.getAttribute('data-theme')).toBe('dark');
    const restart = [...container.querySelectorAll('button')].find((button) =>
      button.textContent.startsWith('Restart HAProxy'),
    );
    expect(restart).toBeDefined();
    restart?.click();
    expect(handlers.onRestart).toHaveBeenCalledTimes(1);
    expect(container.querySelectorAll('tr[data-role="orphan"]')).toHaveLength(1);
  });

  it('disables the restart button while restarting and offers no dismiss then', () => {
    const { container, handlers } = mount({
      ...duplicateView,
      canRestart: false,
      restarting: true,
    });
    const restart = container.querySelector<HTMLButtonElement>('button.primary');
    expect(restart?.disabled).toBe(true);
    restart?.click();
    expect(handlers.onRestart).not.toHaveBeenCalled();
    expect(container.querySelector('button.close')).toBeNull();
  });

  it('offers to open the firewall GUI when the certificate is not trusted yet', () => {
    const plain = mount({ ...duplicateView, canRestart: false });
    expect(plain.container.textContent).not.toContain("Open the firewall's GUI");
    const { container, handlers } = mount({
      ...duplicateView,
      canRestart: false,
      canOpenGui: true,
    });
    const open = [...container.querySelectorAll('button')].find(
      (button) => button.textContent === "Open the firewall's GUI",
    );
    open?.click();
    expect(handlers.onOpenGui).toHaveBeenCalledTimes(1);
  });

  it('copies a manual command', async () => {
    const { container, handlers } = mount(duplicateView);
    const copy = [...container.querySelectorAll('.commands button')][1] as HTMLButtonElement;
    copy.click();
    await Promise.resolve();
    expect(handlers.copyText).toHaveBeenCalledWith('kill 40001');
  });

  it('shows a status, not an alert, for the clean confirmation', () => {
    const { container, handlers } = mount({
      ...duplicateView,
      tone: 'ok',
      live: 'status',
      compact: true,
      processes: [],
      detail: null,
      canRestart: false,
      canCheckAgain: false,
      manualCommands: [],
    });
    expect(container.querySelector('section')?.getAttribute('role')).toBe('status');
    expect(container.querySelector('button.primary')).toBeNull();
    container.querySelector<HTMLButtonElement>('button.close')?.click();
    expect(handlers.onDismiss).toHaveBeenCalledTimes(1);
  });

  it('says what a restart costs next to the button, and offers the shell alternative to copy', async () => {
    const { container, handlers } = mount({
      ...duplicateView,
      alternative: { note: 'Over SSH or the console:', commands: ['kill -USR1 40001'] },
    });
    expect(container.querySelector('[data-testid="restart-cost"]')?.textContent).toBe(
      'Restarting cuts every open connection.',
    );
    const copy = container.querySelector<HTMLButtonElement>('[data-testid="alternative"] button');
    copy?.click();
    await Promise.resolve();
    expect(handlers.copyText).toHaveBeenCalledWith('kill -USR1 40001');
  });

  it('offers "Start HAProxy" when HAProxy is stopped, once per click', () => {
    const { container, handlers } = mount({
      ...duplicateView,
      title: 'HAProxy is stopped',
      canRestart: false,
      canStart: true,
      manualCommands: [],
    });
    const buttons = [...container.querySelectorAll('button')].map((b) => b.textContent);
    expect(buttons).toContain('Start HAProxy');
    expect(buttons.some((text) => text.startsWith('Restart HAProxy'))).toBe(false);
    container.querySelector<HTMLButtonElement>('button.primary')?.click();
    expect(handlers.onStart).toHaveBeenCalledTimes(1);
    expect(handlers.onRestart).not.toHaveBeenCalled();
  });

  it('shows a running stop as a bar against the time the stop settings allow', () => {
    const from = Date.now() - 12_500;
    const { container } = mount({
      ...duplicateView,
      canRestart: false,
      restarting: true,
      stopProgress: { from, expectedMs: 60_000 },
    });
    const bar = container.querySelector('progress');
    expect(bar?.getAttribute('max')).toBe('60');
    expect(bar?.getAttribute('value')).toBe('12');
    expect(container.textContent).toContain('12 s of up to 60 s');
  });

  it('says so when a stop takes longer than the settings promised', () => {
    const { container } = mount({
      ...duplicateView,
      canRestart: false,
      restarting: true,
      stopProgress: { from: Date.now() - 70_000, expectedMs: 60_000 },
    });
    expect(container.textContent).toContain('70 s: longer than expected');
  });
});
