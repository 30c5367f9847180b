/**
 * "Add a firewall": the GUI's address, then the browser's own prompt for access to that host.
 * The request runs synchronously in the submit handler: both browsers require a user gesture.
 */
import { useState } from 'preact/hooks';
import browser from 'webextension-polyfill';
import {
  firewallAddressProblem,
  parseFirewallAddress,
  type FirewallAddressProblem,
} from '../shared/origins.ts';
import type { MessageKey, Translate } from '../ui/i18n.ts';

/** What the form says about an address that names no single firewall. */
export const ADDRESS_PROBLEM_MESSAGES: Readonly<Record<FirewallAddressProblem, MessageKey>> = {
  'not-http': 'optionsInvalidAddress',
  wildcard: 'optionsWildcardAddress',
  'host-characters': 'optionsHostCharacters',
};

export interface AddFirewallFormProps {
  readonly t: Translate;
  /** Stores the new firewall once its access is granted. */
  readonly onAdded: (origin: string) => Promise<void>;
}

export function AddFirewallForm({ t, onAdded }: AddFirewallFormProps) {
  const [address, setAddress] = useState('');
  const [problem, setProblem] = useState<FirewallAddressProblem | null>(null);
  const invalid = problem !== null;
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        setProblem(firewallAddressProblem(address));
        const parsed = parseFirewallAddress(address);
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
          {t(ADDRESS_PROBLEM_MESSAGES[problem])}
        </p>
      )}
    </form>
  );
}
