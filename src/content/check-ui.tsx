/**
 * Shows the check state on the page: nothing, the small indicator, or the full panel. Keeps the
 * timer that hides the clean confirmation, and remembers which checks the admin dismissed.
 */
import browser from 'webextension-polyfill';
import type { CheckRecord } from '../shared/check-state.ts';
import { describeCheck } from '../ui/check-view.ts';
import { translatorFrom } from '../ui/i18n.ts';
import { createPanelHost, pageTheme } from './panel-host.tsx';
import { onlyTrusted } from './trusted-click.ts';

export interface CheckUiActions {
  checkAgain(): void;
  dismiss(checkId: string): void;
  restart(checkId: string): void;
  openGui(checkId: string): void;
}

export interface CheckUi {
  show(check: CheckRecord | null): void;
  unmount(): void;
}

export function createCheckUi(doc: Document, actions: CheckUiActions): CheckUi {
  const host = createPanelHost(doc);
  const t = translatorFrom((key, substitutions) => browser.i18n.getMessage(key, substitutions));
  let hideTimer: ReturnType<typeof setTimeout> | undefined;
  let shownId: string | null = null;
  let restartRequested: string | null = null;

  const hide = () => {
    clearTimeout(hideTimer);
    host.unmount();
    shownId = null;
  };

  const show = (check: CheckRecord | null): void => {
    clearTimeout(hideTimer);
    if (!check) {
      hide();
      return;
    }
    const view = describeCheck(check, t);
    // A confirmation has its few seconds once: it is not shown again when the admin opens the
    // next HAProxy page. Warnings stay until dismissed.
    const hideAt = view.autoHideMs === null ? null : (check.verdictAt ?? 0) + view.autoHideMs;
    if (hideAt !== null && Date.now() >= hideAt) {
      hide();
      return;
    }
    // Between the click and the background's answer the button must not fire again.
    if (check.remediation) restartRequested = null;
    const restarting = view.restarting || restartRequested === check.id;
    shownId = check.id;
    host.show({
      view: { ...view, restarting, canRestart: view.canRestart && !restarting },
      theme: pageTheme(doc),
      t,
      // The panel lives in an open shadow root the page's scripts can reach: they can click
      // its buttons, but only a person's click counts (trusted-click.ts).
      onRestart: onlyTrusted(() => {
        if (restartRequested === check.id) return;
        restartRequested = check.id;
        actions.restart(check.id);
        show(check);
      }),
      onCheckAgain: onlyTrusted(() => {
        actions.checkAgain();
      }),
      onOpenGui: onlyTrusted(() => {
        actions.openGui(check.id);
      }),
      onDismiss: onlyTrusted(() => {
        actions.dismiss(check.id);
        hide();
      }),
      copyText: (text) => navigator.clipboard.writeText(text),
    });
    if (hideAt !== null) {
      const id = check.id;
      hideTimer = setTimeout(() => {
        if (shownId === id) hide();
      }, hideAt - Date.now());
    }
  };
  return { show, unmount: hide };
}
