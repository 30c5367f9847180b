/**
 * A firewall's watch: the toggle and the interval. Turning it on asks for the `notifications`
 * permission first, synchronously in the toggle's handler (a prompt needs the admin's gesture,
 * see notification-permission.ts), then saves the watch whatever the answer: without the
 * permission the watch still shows what it finds on the toolbar badge and the HAProxy page, and
 * the editor says so with a way to allow notifications later.
 */
import { useEffect, useId, useRef, useState } from 'preact/hooks';
import type { WatchSetting } from '../shared/options-storage.ts';
import {
  MAX_WATCH_INTERVAL_MINUTES,
  MIN_WATCH_INTERVAL_MINUTES,
} from '../shared/options-storage.ts';
import type { Translate } from '../ui/i18n.ts';
import { watchBlockText, type WatchView } from './firewall-cards.ts';
import { parseIntervalInput, type IntervalProblem } from './watch-interval.ts';

export interface WatchEditorProps {
  readonly view: WatchView;
  readonly t: Translate;
  /** Asks for the notifications permission; called before the handler awaits anything. */
  readonly requestNotifications: () => Promise<boolean>;
  /** Stores the watch (on, with its interval) or removes it (`null`). */
  readonly onSave: (watch: WatchSetting | null) => Promise<void>;
}

export function WatchEditor({ view, t, requestNotifications, onSave }: WatchEditorProps) {
  const id = useId();
  const [text, setText] = useState(String(view.intervalMinutes));
  // The field as typed, read by the toggle's handler: the state above only catches up on the
  // next render, and a click may come before it.
  const typed = useRef(text);
  const [problem, setProblem] = useState<IntervalProblem | null>(null);
  // What the admin just chose, shown until storage says so: a re-render in between (the problem
  // line going) would otherwise put the controlled checkbox back to the stored state.
  const [chosen, setChosen] = useState<boolean | null>(null);
  const stored = useRef(view);
  useEffect(() => {
    if (stored.current.on !== view.on) setChosen(null);
    // Storage speaks for the interval while the watch is on; off, the field keeps what was
    // typed (the default shows once the entry is gone), to turn it on again with.
    if (view.on && stored.current.intervalMinutes !== view.intervalMinutes) {
      typed.current = String(view.intervalMinutes);
      setText(typed.current);
      setProblem(null);
    }
    stored.current = view;
  });
  const edit = (value: string) => {
    typed.current = value;
    setText(value);
  };
  const on = chosen ?? view.on;
  const blocked = view.blockedBy !== null;

  const turnOn = (input: HTMLInputElement) => {
    const interval = parseIntervalInput(typed.current);
    if (!interval.ok) {
      input.checked = false;
      setProblem(interval.problem);
      return;
    }
    setProblem(null);
    setChosen(true);
    const save = () => onSave({ intervalMinutes: interval.minutes });
    let answer: Promise<boolean>;
    try {
      answer = requestNotifications();
    } catch {
      answer = Promise.resolve(false);
    }
    void answer.then(save, save);
  };

  return (
    <fieldset data-testid="watch">
      <legend>{t('optionsWatch')}</legend>
      <p class="muted" id={`${id}-about`}>
        {t('optionsWatchAbout')}
      </p>
      <label>
        <input
          type="checkbox"
          data-testid="watch-toggle"
          checked={on && !blocked}
          disabled={blocked}
          aria-describedby={blocked ? `${id}-blocked` : `${id}-about`}
          onChange={(event) => {
            const input = event.currentTarget;
            if (input.checked) {
              turnOn(input);
            } else {
              setChosen(false);
              void onSave(null);
            }
          }}
        />{' '}
        {t('optionsWatchToggle')}
      </label>
      {view.blockedBy !== null && (
        <p class="note" id={`${id}-blocked`} data-testid="watch-needs-key">
          {watchBlockText(view.blockedBy, t)}
        </p>
      )}
      <label for={`${id}-interval`}>
        {t('optionsWatchInterval', [MIN_WATCH_INTERVAL_MINUTES, MAX_WATCH_INTERVAL_MINUTES])}
      </label>
      <input
        id={`${id}-interval`}
        type="number"
        data-testid="watch-interval"
        min={MIN_WATCH_INTERVAL_MINUTES}
        max={MAX_WATCH_INTERVAL_MINUTES}
        step={1}
        value={text}
        disabled={blocked}
        aria-invalid={problem !== null}
        aria-describedby={problem !== null ? `${id}-problem` : undefined}
        onInput={(event) => {
          edit(event.currentTarget.value);
        }}
        onChange={(event) => {
          const interval = parseIntervalInput(event.currentTarget.value);
          edit(event.currentTarget.value);
          if (!interval.ok) {
            setProblem(interval.problem);
            return;
          }
          setProblem(null);
          if (on) void onSave({ intervalMinutes: interval.minutes });
        }}
      />
      {problem !== null && (
        <p class="error" id={`${id}-problem`} role="alert" data-testid="watch-interval-problem">
          {t('optionsWatchIntervalInvalid', [
            MIN_WATCH_INTERVAL_MINUTES,
            MAX_WATCH_INTERVAL_MINUTES,
          ])}
        </p>
      )}
      {view.badgeOnly && (
        <p class="row note" data-testid="watch-badge-only">
          <span>{t('optionsWatchBadgeOnly')}</span>
          <button
            type="button"
            onClick={() => {
              // Synchronously in the click: the prompt needs the admin's gesture. The page
              // updates through permissions.onAdded.
              void requestNotifications().catch(() => false);
            }}
          >
            {t('optionsAllowNotifications')}
          </button>
        </p>
      )}
    </fieldset>
  );
}
