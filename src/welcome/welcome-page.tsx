/**
 * The welcome page: what the extension does, the three ways to enable a firewall, and the same
 * "Enable" form as the options. Nothing is requested until the admin submits the form.
 */
import { useState } from 'preact/hooks';
import { AddFirewallForm } from '../options/add-firewall-form.tsx';
import { sendsInClear } from '../shared/transport-security.ts';
import type { Translate } from '../ui/i18n.ts';

export interface WelcomePageProps {
  readonly t: Translate;
  /** Stores a firewall whose access the admin just granted. */
  readonly saveFirewall: (origin: string) => Promise<void>;
  readonly openOptions: () => Promise<void>;
}

export function WelcomePage({ t, saveFirewall, openOptions }: WelcomePageProps) {
  const [enabled, setEnabled] = useState<readonly string[]>([]);
  return (
    <main>
      <h1>{t('welcomeTitle')}</h1>
      <p class="lead">{t('welcomeWhat')}</p>
      <p>{t('welcomeNoAccess')}</p>
      <ol class="ways">
        <li>{t('welcomeWayPopup')}</li>
        <li>{t('welcomeWayMenu')}</li>
        <li>{t('welcomeWayForm')}</li>
      </ol>
      <section class="card enable" aria-labelledby="enable-heading">
        <h2 id="enable-heading">{t('welcomeEnableHeading')}</h2>
        <AddFirewallForm
          t={t}
          onAdded={async (origin) => {
            await saveFirewall(origin);
            setEnabled((previous) => [...previous.filter((known) => known !== origin), origin]);
          }}
        />
        {enabled.map((origin) => (
          <div key={origin} data-testid="welcome-enabled" data-origin={origin} role="status">
            <p>{t('welcomeEnabled', [origin])}</p>
            {sendsInClear(origin) && <p class="error">{t('plainHttpWarning')}</p>}
          </div>
        ))}
      </section>
      <p class="muted">{t('welcomePrivacy')}</p>
      <p>
        <button
          type="button"
          onClick={() => {
            void openOptions();
          }}
        >
          {t('welcomeOpenOptions')}
        </button>
      </p>
    </main>
  );
}
