/** The DOM event the main-world page observer fires for the content script. */
export const PAGE_OUTCOME_EVENT = 'hrg:page-outcome';

/**
 * Runs `start` once the document is parsed. Both scripts are injected at document_start: Chrome
 * holds the page's load event until document_end/document_idle injections have run, which the
 * benchmark measured at up to twice the load time of a light page; at document_start they cost
 * nothing until the DOM is there.
 */
export function whenParsed(start: () => void): void {
  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start, { once: true });
  } else {
    start();
  }
}
