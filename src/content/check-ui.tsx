/**
 * Shows the check state on the page: nothing, the small indicator, or the full panel. Keeps the
 * timer that hides the clean confirmation, and remembers which checks the admin dismissed.
 */
import type { CheckRecord } from '../shared/check-state.ts';
import { isQuietLook } from '../shared/unrequested-look.ts';
import browser from 'webextension-polyfill';
import { describeCheck, offersDiagnostics } from '../ui/check-view.ts';
import { browserTranslator } from '../ui/browser-translator.ts';
import { diagnosticsReport } from '../ui/diagnostics-report.ts';
import { createPanelHost, pageTheme } from './panel-host.tsx';
import { onlyTrusted } from './trusted-click.ts';

export interface CheckUiActions {
  checkAgain(): void;
  dismiss(checkId: string): void;
  restart(checkId: string): void;
  start(checkId: string): void;
  openGui(checkId: string): void;
}

export interface CheckUi {
  show(check: CheckRecord | null): void;
  unmount(): void;
}

export function createCheckUi(doc: Document, actions: CheckUiActions): CheckUi {
  const host = createPanelHost(doc);
  const t = browserTranslator();
  let hideTimer: ReturnType<typeof setTimeout> | undefined;
  let shownId: string | null = null;
  /** The check whose Restart or Start was clicked, until the background shows it running. */
  let requested: { id: string; kind: 'restart' | 'start' } | null = null;

  const adminOnly = (handler: () => void) => (event: Event) => {
    if (host.isAdminActivation(event)) handler();
  };

  const hide = () => {
    clearTimeout(hideTimer);
    host.unmount();
    shownId = null;
  };

  const show = (check: CheckRecord | null): void => {
    clearTimeout(hideTimer);
    // The look taken as the page opened (or the watch's) shows only what needs the admin.
    if (!check || isQuietLook(check)) {
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
    // Between the click and the background's answer neither button may fire again.
    if (check.phase === 'remediating') requested = null;
    const pending = requested?.id === check.id ? requested.kind : null;
    const restarting = view.restarting || pending === 'restart';
    const starting = view.starting || pending === 'start';
    const acting = restarting || starting;
    shownId = check.id;
    const click = (kind: 'restart' | 'start') => () => {
      if (requested?.id === check.id) return;
      requested = { id: check.id, kind };
      if (kind === 'restart') actions.restart(check.id);
      else actions.start(check.id);
      show(check);
    };
    host.show({
      view: {
        ...view,
        restarting,
        starting,
        canRestart: view.canRestart && !acting,
        canStart: view.canStart && !acting,
      },
      theme: pageTheme(doc),
      t,
      // The panel lives in an open shadow root the page's scripts can reach: they can click
      // its buttons, but only a person's click counts (trusted-click.ts). Restart and Start,
      // which act on the firewall, also need the panel in plain sight and, from the keyboard,
      // focus the admin put there: a redressed panel or a script's focus() does not count.
      onRestart: adminOnly(click('restart')),
      onStart: adminOnly(click('start')),
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
      diagnostics: offersDiagnostics(check, view)
        ? (includeAddress) =>
            diagnosticsReport({
              record: check,
              extensionVersion: browser.runtime.getManifest().version,
              includeAddress,
            })
        : null,
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
