// @vitest-environment happy-dom
/**
 * "Add a firewall" refuses an address that names no single host, says why, and asks the browser
 * for nothing (issue 19, item 8: `*.lan` used to request `https://*.lan/*`).
 */
import { render } from 'preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { translator } from '../ui/catalogue.ts';

const requested: unknown[] = [];
vi.mock('webextension-polyfill', () => ({
  default: {
    permissions: {
      request: (permissions: unknown) => {
        requested.push(permissions);
        return Promise.resolve(false);
      },
    },
  },
}));

const settle = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

const { AddFirewallForm } = await import('../../../src/options/add-firewall-form.tsx');

async function submit(address: string, locale = 'en') {
  const container = document.createElement('div');
  document.body.append(container);
  render(<AddFirewallForm t={translator(locale)} onAdded={() => Promise.resolve()} />, container);
  const input = container.querySelector<HTMLInputElement>('#address');
  if (!input) throw new Error('no address field');
  input.value = address;
  input.dispatchEvent(new Event('input', { bubbles: true }));
  await settle();
  container.querySelector('form')?.dispatchEvent(new Event('submit', { cancelable: true }));
  return {
    alert: () => container.querySelector('[role=alert]')?.textContent ?? null,
    invalid: () => input.getAttribute('aria-invalid'),
  };
}

afterEach(() => {
  document.body.innerHTML = '';
  requested.length = 0;
});

describe('AddFirewallForm', () => {
  it.each(['*', '*.lan', 'https://*', 'https://*:8443'])(
    'refuses the wildcard %j, says so, and requests no access',
    async (address) => {
      const form = await submit(address);
      await settle();
      expect(form.alert()).toMatch(/wildcard \(\*\) is not allowed/);
      expect(form.invalid()).toBe('true');
      expect(requested).toEqual([]);
    },
  );

  it('names the characters a host name cannot have', async () => {
    const form = await submit('fw!.lan');
    await settle();
    expect(form.alert()).toMatch(/characters no host name can have/);
    expect(requested).toEqual([]);
  });

  it('says it in Chinese too', async () => {
    const form = await submit('*.lan', 'zh_CN');
    await settle();
    expect(form.alert()).toMatch(/通配符/);
  });

  it('still asks for one host’s access for a real address', async () => {
    const form = await submit('fw.example.lan:8443');
    await settle();
    expect(form.alert()).toBeNull();
    expect(requested).toEqual([{ origins: ['https://fw.example.lan/*'] }]);
  });
});
