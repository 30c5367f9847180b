/**
 * Runs in the page's own world (registered with `world: 'MAIN'`), because only there is the
 * page's jQuery reachable. It watches the page's own requests through jQuery's global
 * `ajaxComplete` event — an observer, so the page's handlers run exactly as before — and hands
 * the outcome of configtest/reconfigure/start/restart to the content script as a string.
 */
import { pageActionAt } from '../opnsense/selectors.ts';
import { PAGE_OUTCOME_EVENT, whenParsed } from './page-observer-event.ts';

interface JqXhrLike {
  readonly status: number;
  readonly responseText?: string;
}
type AjaxCompleteHandler = (event: unknown, xhr: JqXhrLike, settings: { url?: string }) => void;
type JQueryLike = (target: Document) => { ajaxComplete(handler: AjaxCompleteHandler): unknown };

function observe(): void {
  const jquery = (window as unknown as { jQuery?: JQueryLike }).jQuery;
  if (typeof jquery !== 'function') return;
  jquery(document).ajaxComplete((_event, xhr, settings) => {
    let path: string;
    try {
      path = new URL(settings.url ?? '', location.href).pathname;
    } catch {
      return;
    }
    const action = pageActionAt(path);
    if (action === undefined) return;
    document.dispatchEvent(
      new CustomEvent(PAGE_OUTCOME_EVENT, {
        // A string crosses from the page's world into the content script's without wrappers.
        detail: JSON.stringify({
          action,
          status: xhr.status,
          body: (xhr.responseText ?? '').slice(0, 20_000),
        }),
      }),
    );
  });
}

// Injected at document_start (see content-registration.ts), before the page's <head> has loaded
// jQuery: hook it once the document is parsed, ahead of the page's own ready handlers.
whenParsed(observe);
