/**
 * "Add a firewall": the GUI's address, then the browser's own prompt for access to that host.
 * The request runs synchronously in the submit handler: both browsers require a user gesture.
 */
import { useState } from 'preact/hooks';
import browser from 'webextension-polyfill';
import { parseFirewallAddress } from '../shared/origins.ts';
import type { Translate } from '../ui/i18n.ts';

export interface AddFirewallFormProps {
  readonly t: Translate;
  /** Stores the new firewall once its access is granted. */
  readonly onAdded: (origin: string) => Promise<void>;
}

export function AddFirewallForm({ t, onAdded }: AddFirewallFormProps) {
  const [address, setAddress] = useState('');
  const [invalid, setInvalid] = useState(false);
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        const parsed = parseFirewallAddress(address);
        setInvalid(parsed === null);
        if (!parsed) return;
        void browser.permissions
          .request({ origins: [parsed.permissionPattern] })
          .then(async (granted) => {
            if (!granted) return;
            setAddress('');
            await onAdded(parsed.origin);
          });
      }}
    >
      <label for="address">{t('optionsAddressLabel')}</label>
      <span class="row">
        <input
          id="address"
          type="text"
          value={address}
          aria-invalid={invalid}
          aria-describedby={invalid ? 'address-invalid' : undefined}
          onInput={(event) => {
            setAddress(event.currentTarget.value);
          }}
        />
        <button type="submit" class="primary">
          {t('optionsAdd')}
        </button>
      </span>
      {invalid && (
        <p class="error" id="address-invalid" role="alert">
          {t('optionsInvalidAddress')}
        </p>
      )}
    </form>
  );
}
