/**
 * How the extension authenticates to one firewall. The secret is write-only: the editor is given
 * a view that says whether one is stored, never the secret, so no stored secret ever reaches an
 * input (or the DOM, or a screenshot of the page). An empty field on save keeps the stored one.
 */
import { useState } from 'preact/hooks';
import type { AuthEdit, AuthEditRefusal, AuthView } from '../shared/firewall-auth.ts';
import type { MessageKey, Translate } from '../ui/i18n.ts';

export interface AuthEditorProps {
  readonly origin: string;
  readonly view: AuthView;
  readonly t: Translate;
  /** Stores the edit; resolves to why it was refused, or null once saved. */
  readonly onSave: (edit: AuthEdit) => Promise<AuthEditRefusal | null>;
}

const REFUSAL_KEYS: Record<AuthEditRefusal, MessageKey> = {
  'key-in-clear': 'optionsApiKeyInClear',
  'key-missing': 'optionsKeyMissing',
  'secret-missing': 'optionsSecretMissing',
};

export function AuthEditor({ origin, view, t, onSave }: AuthEditorProps) {
  const [kind, setKind] = useState(view.kind);
  const [key, setKey] = useState(view.key);
  const [secret, setSecret] = useState('');
  const [refusal, setRefusal] = useState<AuthEditRefusal | null>(null);
  const name = `auth-${origin}`;
  const save = (edit: AuthEdit) => {
    void onSave(edit).then((refused) => {
      setRefusal(refused);
      if (refused === null) setSecret('');
    });
  };
  return (
    <fieldset>
      <legend>{t('optionsAuth')}</legend>
      <label>
        <input
          type="radio"
          name={name}
          checked={kind === 'session'}
          onChange={() => {
            setKind('session');
          }}
        />{' '}
        {t('optionsAuthSession')}
      </label>
      <label>
        <input
          type="radio"
          name={name}
          checked={kind === 'api-key'}
          disabled={!view.apiKeyAllowed}
          onChange={() => {
            setKind('api-key');
          }}
        />{' '}
        {t('optionsAuthApiKey')}
      </label>
      {!view.apiKeyAllowed && <p class="muted">{t('optionsApiKeyInClear')}</p>}
      {kind === 'api-key' && view.apiKeyAllowed && (
        <>
          <div class="row">
            <input
              type="text"
              aria-label={t('optionsApiKey')}
              placeholder={t('optionsApiKey')}
              value={key}
              onInput={(event) => {
                setKey(event.currentTarget.value);
              }}
              autoComplete="off"
            />
            <input
              type="password"
              aria-label={t('optionsApiSecret')}
              placeholder={t('optionsApiSecret')}
              value={secret}
              onInput={(event) => {
                setSecret(event.currentTarget.value);
              }}
              autoComplete="new-password"
            />
          </div>
          {view.secretStored && (
            <p class="row">
              <span class="muted" data-testid="secret-stored">
                {t('optionsSecretStored')}
              </span>
              <button
                type="button"
                onClick={() => {
                  setKind('session');
                  setKey('');
                  save({ kind: 'session' });
                }}
              >
                {t('optionsRemoveKey')}
              </button>
            </p>
          )}
        </>
      )}
      {refusal && (
        <p class="error" role="alert">
          {t(REFUSAL_KEYS[refusal])}
        </p>
      )}
      <button
        type="button"
        onClick={() => {
          save(kind === 'api-key' ? { kind: 'api-key', key, secret } : { kind: 'session' });
        }}
      >
        {t('optionsSave')}
      </button>
    </fieldset>
  );
}
