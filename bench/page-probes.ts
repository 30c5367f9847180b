/**
 * Probes of one page load: bytes injected, load timing and CDP metrics, a trace of the main
 * thread, memory (V8 heap and DOM counters), and which extension scripts appeared in a page.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { CDPSession, Page } from 'playwright-core';
import { logIn } from '../test/e2e/support/opnsense-page.ts';
import { waitFor } from '../test/support/wait.ts';
import type { BenchBrowser } from './browsers.ts';
import { extensionWork, type ExtensionWork, type TraceEvent } from './trace.ts';

declare const chrome: {
  scripting: {
    getRegisteredContentScripts(): Promise<{ id: string; js?: string[]; world?: string }[]>;
  };
  runtime: { getManifest(): { name: string } };
  i18n: { getMessage(key: string): string };
};

export interface InjectedFile {
  readonly id: string;
  readonly file: string;
  readonly world: string;
  readonly bytes: number;
  readonly gzipBytes: number;
}

/** Waits until the background registered both content scripts, then sizes their files. */
export async function injectedFiles(browser: BenchBrowser): Promise<InjectedFile[]> {
  const worker = await browser.serviceWorker();
  const registered = await waitFor(
    () => worker.evaluate(() => chrome.scripting.getRegisteredContentScripts()),
    {
      until: (scripts: { id: string; js?: string[]; world?: string }[]) => scripts.length >= 2,
      what: 'both content scripts to be registered',
      timeoutMs: 15_000,
    },
  );
  const dir = browser.extensionDir ?? '';
  return registered.flatMap((script) =>
    (script.js ?? []).map((file) => {
      const content = readFileSync(join(dir, file));
      return {
        id: script.id,
        file,
        world: script.world ?? 'ISOLATED',
        bytes: content.length,
        gzipBytes: gzipSync(content, { level: 9 }).length,
      };
    }),
  );
}

export async function extensionName(browser: BenchBrowser): Promise<string> {
  const worker = await browser.serviceWorker();
  return worker.evaluate(() => chrome.i18n.getMessage('extName'));
}

export interface LoadSample {
  /** Navigation timing, ms from navigation start. */
  readonly loadEventMs: number;
  readonly domContentLoadedMs: number;
  /** Performance.getMetrics deltas over the load (and the settle window), ms. */
  readonly scriptMs: number;
  readonly taskMs: number;
  /** V8 heap of the page's renderer after a forced GC, bytes. */
  readonly heapUsedBytes: number;
  readonly domNodes: number;
  readonly jsEventListeners: number;
  /** `longtask` entries the page saw (PerformanceObserver, buffered). */
  readonly longTasks: number;
}

// In the page's main world, before any of its scripts: collects long tasks.
const LONG_TASK_OBSERVER = `
  window.__benchLongTasks = 0;
  try {
    new PerformanceObserver((list) => { window.__benchLongTasks += list.getEntries().length; })
      .observe({ type: 'longtask', buffered: true });
  } catch {}
`;

/**
 * A measurement window after `load`: 300 ms, then the next idle period. The content script runs
 * at document_idle and asks the background once; both are over well within it (see the trace).
 */
async function settle(page: Page): Promise<void> {
  await page.evaluate(
    () =>
      new Promise<void>((resolve) => {
        setTimeout(() => {
          requestIdleCallback(
            () => {
              resolve();
            },
            { timeout: 1000 },
          );
        }, 300);
      }),
  );
}

function metricsOf(result: { metrics: { name: string; value: number }[] }): Map<string, number> {
  return new Map(result.metrics.map((m) => [m.name, m.value]));
}

export interface MeasuredPage {
  readonly page: Page;
  readonly cdp: CDPSession;
}

export async function openMeasuredPage(
  browser: BenchBrowser,
  simUrl: string,
  credentials: { user: string; password: string },
): Promise<MeasuredPage> {
  const page = await browser.context.newPage();
  await page.addInitScript(LONG_TASK_OBSERVER);
  await logIn(page, simUrl, credentials.user, credentials.password);
  const cdp = await browser.context.newCDPSession(page);
  await cdp.send('Performance.enable');
  return { page, cdp };
}

let loadCounter = 0;

/** One full navigation to the HAProxy page (a fresh query string, so never a same-document hop). */
export async function measureLoad(
  { page, cdp }: MeasuredPage,
  simUrl: string,
): Promise<LoadSample> {
  loadCounter++;
  const before = metricsOf(await cdp.send('Performance.getMetrics'));
  await page.goto(`${simUrl}/ui/haproxy?bench=${loadCounter}#users`, { waitUntil: 'load' });
  await settle(page);
  const timing = await page.evaluate(() => {
    const [nav] = performance.getEntriesByType('navigation') as PerformanceNavigationTiming[];
    return {
      load: nav?.loadEventStart ?? Number.NaN,
      dcl: nav?.domContentLoadedEventStart ?? Number.NaN,
      longTasks: (window as unknown as { __benchLongTasks?: number }).__benchLongTasks ?? -1,
    };
  });
  const after = metricsOf(await cdp.send('Performance.getMetrics'));
  // The counters belong to the renderer; a navigation that swapped processes starts them anew.
  const delta = (name: string) => {
    const a = after.get(name) ?? 0;
    const b = before.get(name) ?? 0;
    return (a >= b ? a - b : a) * 1000;
  };
  await cdp.send('HeapProfiler.collectGarbage');
  const heap = await cdp.send('Runtime.getHeapUsage');
  const dom = await cdp.send('Memory.getDOMCounters');
  return {
    loadEventMs: timing.load,
    domContentLoadedMs: timing.dcl,
    scriptMs: delta('ScriptDuration'),
    taskMs: delta('TaskDuration'),
    heapUsedBytes: heap.usedSize,
    domNodes: dom.nodes,
    jsEventListeners: dom.jsEventListeners,
    longTasks: timing.longTasks,
  };
}

// Only what trace.ts reads: fewer categories, less tracing overhead in the figures.
const TRACE_CATEGORIES = ['__metadata', 'toplevel', 'mojom', 'devtools.timeline'];

/** Traces one navigation plus a 1.5 s window after `load` (the measurement window). */
export async function traceLoad({ page, cdp }: MeasuredPage, url: string): Promise<TraceEvent[]> {
  const events: TraceEvent[] = [];
  const onData = (data: { value: object[] }) => {
    events.push(...(data.value as TraceEvent[]));
  };
  cdp.on('Tracing.dataCollected', onData);
  try {
    const complete = new Promise<void>((resolve) => {
      cdp.once('Tracing.tracingComplete', () => {
        resolve();
      });
    });
    await cdp.send('Tracing.start', {
      transferMode: 'ReportEvents',
      traceConfig: { includedCategories: TRACE_CATEGORIES },
    });
    await page.goto(url, { waitUntil: 'load' });
    await page.waitForTimeout(1500);
    await cdp.send('Tracing.end');
    await complete;
  } finally {
    cdp.off('Tracing.dataCollected', onData);
  }
  return events;
}

export interface TracedLoad {
  readonly work: ExtensionWork;
}

export async function tracedExtensionWork(
  measured: MeasuredPage,
  url: string,
  options: { extensionId: string; extensionName: string; pageOrigin: string },
): Promise<ExtensionWork> {
  return extensionWork(await traceLoad(measured, url), options);
}

export interface ExtensionPresence {
  readonly url: string;
  /** Execution contexts of the extension in the page (isolated worlds). */
  readonly contexts: number;
  /** Scripts from `chrome-extension://<id>/` parsed in the page, any world. */
  readonly scripts: string[];
}

/**
 * Opens `url` in a fresh tab with `Runtime` and `Debugger` enabled before the navigation, and
 * lists every execution context and script of the extension that appeared in the page.
 */
export async function extensionPresence(
  browser: BenchBrowser,
  url: string,
  extensionNameValue: string,
): Promise<ExtensionPresence> {
  const prefix = `chrome-extension://${browser.extensionId ?? ''}/`;
  const page = await browser.context.newPage();
  try {
    const cdp = await browser.context.newCDPSession(page);
    const contexts = new Set<string>();
    const scripts = new Set<string>();
    cdp.on('Runtime.executionContextCreated', ({ context }) => {
      if (context.origin.startsWith(prefix) || context.name === extensionNameValue) {
        contexts.add(context.uniqueId);
      }
    });
    cdp.on('Debugger.scriptParsed', (script) => {
      if (script.url.startsWith(prefix)) scripts.add(script.url.slice(prefix.length));
    });
    await cdp.send('Runtime.enable');
    await cdp.send('Debugger.enable');
    await page.goto(url, { waitUntil: 'load' });
    await settle(page);
    // document_idle may come after load: give injection a full second to show up.
    await page.waitForTimeout(1000);
    await cdp.detach();
    return { url, contexts: contexts.size, scripts: [...scripts].sort() };
  } finally {
    await page.close();
  }
}
