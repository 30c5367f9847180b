/**
 * Which service worker the offscreen document obeys. The worker opens the document with its own
 * script URL in the query (`?worker=`), because the document cannot look it up: Chromium gives
 * offscreen documents only the messaging part of `runtime` (no `getManifest`), and the built
 * script's name is the bundler's choice. Only the extension can open its own non-web-accessible
 * page, and a URL off the extension's origin is refused, so the query cannot point elsewhere.
 */

export const WORKER_PARAM = 'worker';

/** The page URL to open the document with, naming the worker that opens it. */
export function offscreenPageUrl(pagePath: string, workerUrl: string): string {
  return `${pagePath}?${WORKER_PARAM}=${encodeURIComponent(workerUrl)}`;
}

/** The worker's script URL named in the page's URL; '' (no sender matches) when absent or foreign. */
export function workerUrlFromPage(pageHref: string): string {
  const page = new URL(pageHref);
  const named = page.searchParams.get(WORKER_PARAM);
  if (named === null) return '';
  try {
    const worker = new URL(named);
    // Scheme and host, not `origin`: URL parsers outside the browser give non-special schemes
    // such as chrome-extension: the opaque origin "null", which would match any other.
    const sameExtension = worker.protocol === page.protocol && worker.host === page.host;
    return sameExtension && worker.host !== '' && worker.search === '' ? worker.href : '';
  } catch {
    return '';
  }
}
