// @vitest-environment happy-dom
import { render } from 'preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AuthEditor } from '../../../src/options/auth-editor.tsx';
import { authViewOf, type AuthEdit } from '../../../src/shared/firewall-auth.ts';
import type { FirewallAuthSetting } from '../../../src/shared/options-storage.ts';
import { translator } from '../ui/catalogue.ts';

const t = translator('en');
const HTTPS = 'https://fw.example.lan:8443';
const STORED: FirewallAuthSetting = {
  kind: 'api-key',
  key: 'K3y-id',
  secret: 'Sup3r-s3cret-value',
};

function mount(
  origin: string,
  stored: FirewallAuthSetting | undefined,
  answer: Awaited<ReturnType<typeof save>> = null,
) {
  const container = document.createElement('div');
  document.body.append(container);
  const onSave = vi.fn((edit: AuthEdit) => save(edit, answer));
  render(
    <AuthEditor origin={origin} view={authViewOf(origin, stored)} t={t} onSave={onSave} />,
    container,
  );
  return { container, onSave };
}
function save(_edit: AuthEdit, answer: 'key-in-clear' | 'key-missing' | 'secret-missing' | null) {
  return Promise.resolve(answer);
}

const settle = () => new Promise<void>((resolve) => setTimeout(resolve, 0));
const byText = (container: HTMLElement, text: RegExp) =>
  [...container.querySelectorAll('button')].find((button) => text.test(button.textContent));
function type(input: HTMLInputElement | null, value: string) {
  if (!input) throw new Error('no input');
  input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true }));
}

afterEach(() => {
  document.body.innerHTML = '';
});

describe('AuthEditor', () => {
  it('never puts a stored secret into the page, and says one is stored', () => {
    const { container } = mount(HTTPS, STORED);
    expect(container.innerHTML).not.toContain('Sup3r-s3cret-value');
    expect(container.querySelector<HTMLInputElement>('input[type=password]')?.value).toBe('');
    expect(container.querySelector<HTMLInputElement>('input[type=text]')?.value).toBe('K3y-id');
    expect(container.querySelector('[data-testid="secret-stored"]')?.textContent).toMatch(
      /secret is stored/,
    );
  });

  it('keeps the stored secret when the field is left empty', () => {
    const { container, onSave } = mount(HTTPS, STORED);
    byText(container, /^Save$/)?.click();
    expect(onSave).toHaveBeenCalledWith({ kind: 'api-key', key: 'K3y-id', secret: '' });
  });

  it('replaces it with a typed one, and empties the field once saved', async () => {
    const { container, onSave } = mount(HTTPS, STORED);
    const secret = container.querySelector<HTMLInputElement>('input[type=password]');
    type(secret, 'another-secret');
    await settle();
    byText(container, /^Save$/)?.click();
    expect(onSave).toHaveBeenCalledWith({
      kind: 'api-key',
      key: 'K3y-id',
      secret: 'another-secret',
    });
    await settle();
    expect(container.querySelector<HTMLInputElement>('input[type=password]')?.value).toBe('');
  });

  it('removes key and secret with one button', () => {
    const { container, onSave } = mount(HTTPS, STORED);
    byText(container, /Remove key and secret/)?.click();
    expect(onSave).toHaveBeenCalledWith({ kind: 'session' });
  });

  it('offers no API key for a plain-HTTP firewall, and says why', () => {
    const { container } = mount('http://fw.example.lan', STORED);
    const radios = [...container.querySelectorAll<HTMLInputElement>('input[type=radio]')];
    expect(radios.map((radio) => radio.checked)).toEqual([true, false]);
    expect(radios[1]?.disabled).toBe(true);
    expect(container.textContent).toMatch(/No API key for a plain-HTTP firewall/);
    expect(container.querySelector('input[type=password]')).toBeNull();
  });

  it('shows why a save was refused', async () => {
    const { container } = mount(HTTPS, undefined, 'secret-missing');
    container.querySelectorAll<HTMLInputElement>('input[type=radio]')[1]?.click();
    await settle();
    type(container.querySelector<HTMLInputElement>('input[type=text]'), 'new-key');
    byText(container, /^Save$/)?.click();
    await settle();
    expect(container.querySelector('[role="alert"]')?.textContent).toBe(
      'Enter the secret of this API key.',
    );
  });
});
