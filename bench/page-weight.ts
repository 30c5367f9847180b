/**
 * The "weight on the page" phase: the HAProxy page loaded in turn by a browser with the extension,
 * one without, and a second one without (the control that shows the noise of the comparison);
 * then traced loads with the extension; then other OPNsense pages, where nothing may run.
 */
import { startSim } from '../test/sim/index.ts';
import { launchBrowser, type BenchBrowser } from './browsers.ts';
import { track } from './cleanup.ts';
import {
  extensionName,
  extensionPresence,
  injectedFiles,
  measureLoad,
  openMeasuredPage,
  tracedExtensionWork,
  type LoadSample,
  type MeasuredPage,
} from './page-probes.ts';
import type { BenchResults, OtherPage } from './report.ts';
import { summarize } from './stats.ts';
import type { ExtensionWork } from './trace.ts';

export interface PageWeightConfig {
  readonly loadPairs: number;
  readonly tracedLoads: number;
  readonly progress: (message: string) => void;
}

type Variant = 'with' | 'without' | 'control';
/** Each variant takes each position in turn, so none profits from going first or last. */
const ROTATIONS: readonly (readonly Variant[])[] = [
  ['with', 'without', 'control'],
  ['without', 'control', 'with'],
  ['control', 'with', 'without'],
];
const WARM_UP_LOADS = 3;
const OTHER_PAGE_TRACES = 3;

const OTHER_PAGES: readonly { label: string; path: string; loggedOut?: boolean }[] = [
  { label: 'dashboard', path: '/' },
  { label: 'another GUI page', path: '/ui/diagnostics/activity' },
  { label: 'look-alike path', path: '/ui/haproxyfoo' },
  { label: 'login page (logged out)', path: '/', loggedOut: true },
];
const CONTROL_PAGE = { label: 'control: the HAProxy page', path: '/ui/haproxy#users' };

export interface PageWeightSamples {
  readonly loads: Record<Variant, LoadSample[]>;
  readonly traces: ExtensionWork[];
}

const pick = (samples: readonly LoadSample[], key: keyof LoadSample) =>
  summarize(samples.map((s) => s[key]));

export async function measurePageWeight(
  ext: BenchBrowser,
  config: PageWeightConfig,
): Promise<{ page: BenchResults['page']; samples: PageWeightSamples }> {
  const sim = await startSim({ users: ['user0'] });
  const stopSim = track(`sim ${sim.url}`, () => sim.stop());
  const opened: MeasuredPage[] = [];
  const plain = await launchBrowser(null);
  const control = await launchBrowser(null);
  try {
    const injected = await injectedFiles(ext);
    const name = await extensionName(ext);
    const credentials = sim.credentials.admin;
    const pages: Record<Variant, MeasuredPage> = {
      with: await openMeasuredPage(ext, sim.url, credentials),
      without: await openMeasuredPage(plain, sim.url, credentials),
      control: await openMeasuredPage(control, sim.url, credentials),
    };
    opened.push(...Object.values(pages));

    config.progress(
      `page loads: ${WARM_UP_LOADS} warm-up + ${config.loadPairs} interleaved rounds`,
    );
    for (let i = 0; i < WARM_UP_LOADS; i++) {
      for (const variant of ROTATIONS[0] ?? []) await measureLoad(pages[variant], sim.url);
    }
    const loads: Record<Variant, LoadSample[]> = { with: [], without: [], control: [] };
    for (let i = 0; i < config.loadPairs; i++) {
      for (const variant of ROTATIONS[i % ROTATIONS.length] ?? []) {
        loads[variant].push(await measureLoad(pages[variant], sim.url));
      }
    }

    config.progress(`traced loads: 1 warm-up + ${config.tracedLoads}`);
    const traceOptions = {
      extensionId: ext.extensionId ?? '',
      extensionName: name,
      pageOrigin: sim.url,
    };
    const traceUrl = (n: number) => `${sim.url}/ui/haproxy?trace=${n}#users`;
    await tracedExtensionWork(pages.with, traceUrl(0), traceOptions);
    const traces: ExtensionWork[] = [];
    for (let i = 1; i <= config.tracedLoads; i++) {
      traces.push(await tracedExtensionWork(pages.with, traceUrl(i), traceOptions));
    }

    config.progress('other OPNsense pages');
    const otherPages: OtherPage[] = [];
    for (const other of [CONTROL_PAGE, ...OTHER_PAGES]) {
      if ('loggedOut' in other && other.loggedOut === true) await ext.context.clearCookies();
      const presence = await extensionPresence(ext, `${sim.url}${other.path}`, name);
      let workMs = null;
      // The control's cost is the traced loads above; elsewhere, trace whatever was found.
      if (other !== CONTROL_PAGE && (presence.scripts.length > 0 || presence.contexts > 0)) {
        const work: number[] = [];
        for (let i = 0; i < OTHER_PAGE_TRACES; i++) {
          const url = `${sim.url}${other.path.replace(/(#.*)?$/, `?other=${i}$1`)}`;
          work.push((await tracedExtensionWork(pages.with, url, traceOptions)).cpuMs);
        }
        workMs = summarize(work);
      }
      otherPages.push({
        label: other.label,
        path: other.path,
        contexts: presence.contexts,
        scripts: presence.scripts,
        workMs: other === CONTROL_PAGE ? summarize(traces.map((t) => t.cpuMs)) : workMs,
      });
    }

    const ratio = (a: Variant, b: Variant, key: 'loadEventMs' | 'domContentLoadedMs') =>
      summarize(loads[a].map((sample, i) => sample[key] / (loads[b][i]?.[key] ?? Number.NaN)));
    const afterDcl = (variant: Variant) =>
      summarize(loads[variant].map((s) => s.loadEventMs - s.domContentLoadedMs));
    const evaluateMs: Record<string, ReturnType<typeof summarize>> = {};
    for (const file of new Set(traces.flatMap((t) => Object.keys(t.evaluateMs)))) {
      evaluateMs[file] = summarize(traces.map((t) => t.evaluateMs[file] ?? 0));
    }
    const page: BenchResults['page'] = {
      injected,
      loadEventMs: {
        with: pick(loads.with, 'loadEventMs'),
        without: pick(loads.without, 'loadEventMs'),
      },
      loadRatio: ratio('with', 'without', 'loadEventMs'),
      controlRatio: ratio('control', 'without', 'loadEventMs'),
      domContentLoadedRatio: ratio('with', 'without', 'domContentLoadedMs'),
      loadAfterDclMs: { with: afterDcl('with'), without: afterDcl('without') },
      mainThreadMs: summarize(traces.map((t) => t.cpuMs)),
      mainThreadWallMs: summarize(traces.map((t) => t.wallMs)),
      evaluateMs,
      messagingMs: summarize(traces.map((t) => t.messagingMs)),
      idleAfterMs: summarize(traces.map((t) => t.spanMs)),
      longTasksWithExtension: traces.reduce((sum, t) => sum + t.longTasksWithExtension, 0),
      longestTaskWithExtensionMs: summarize(traces.map((t) => t.longestTaskWithExtensionMs)),
      scriptDurationMs: {
        with: pick(loads.with, 'scriptMs'),
        without: pick(loads.without, 'scriptMs'),
      },
      longTasksSeen: {
        with: pick(loads.with, 'longTasks'),
        without: pick(loads.without, 'longTasks'),
      },
      heapBytes: {
        with: pick(loads.with, 'heapUsedBytes'),
        without: pick(loads.without, 'heapUsedBytes'),
      },
      domNodes: { with: pick(loads.with, 'domNodes'), without: pick(loads.without, 'domNodes') },
      jsEventListeners: {
        with: pick(loads.with, 'jsEventListeners'),
        without: pick(loads.without, 'jsEventListeners'),
      },
      otherPages,
    };
    return { page, samples: { loads, traces } };
  } finally {
    for (const { page } of opened) await page.close().catch(() => undefined);
    await control.close();
    await plain.close();
    await stopSim();
  }
}
