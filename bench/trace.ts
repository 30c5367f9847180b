/**
 * Reads a Chrome trace (CDP `Tracing`, devtools.timeline categories) of one page load and tells
 * how much of the page's main thread went to the extension, and whether it caused long tasks.
 *
 * Work is the extension's when
 * - a script event names one of its files (`EvaluateScript`, `FunctionCall`, `v8.compile`, … with
 *   `args.data.url` / `args.fileName` = `chrome-extension://<id>/…`), or `v8.run` runs in its
 *   isolated world (`args.worldName` = the extension's name);
 * - a task on the main thread handles an extension IPC message (`Receive mojo message` with an
 *   `extensions.mojom.*` interface): the answers to `runtime.sendMessage` and messages from the
 *   background arrive that way, and their callbacks are not tagged with a URL.
 * Nested events are counted once (only the outermost one of each nest).
 *
 * Two clocks: wall time (`dur`) and the main thread's own CPU time (`tdur`). On a machine shared
 * with other work the wall time also contains the moments the thread was not running at all, so
 * the CPU time is the measure of the work the extension puts on the page; on an idle machine the
 * two agree.
 */

export interface TraceEvent {
  readonly name: string;
  readonly cat?: string;
  readonly ph: string;
  readonly ts: number;
  readonly dur?: number;
  readonly pid: number;
  readonly tid: number;
  /** Thread (CPU) duration, µs, where the platform records it. */
  readonly tdur?: number;
  readonly args?: Record<string, unknown>;
}

export interface ExtensionWork {
  /** Main-thread CPU time attributed to the extension, ms. */
  readonly cpuMs: number;
  /** The same events' wall time, ms. */
  readonly wallMs: number;
  /** Per script file (`src/content/content-script.js`): top-level evaluation, CPU ms. */
  readonly evaluateMs: Record<string, number>;
  /** Tasks that handled extension messages (callbacks included), CPU ms. */
  readonly messagingMs: number;
  /** Other script events with an extension URL outside the evaluations (listeners), CPU ms. */
  readonly callbacksMs: number;
  /** From the first to the last piece of extension work, ms (how long until it is idle). */
  readonly spanMs: number;
  /** Main-thread tasks ≥ 50 ms wall time (any cause), and those that contain extension work. */
  readonly longTasks: number;
  readonly longTasksWithExtension: number;
  /** The longest main-thread task that contains extension work, wall ms. */
  readonly longestTaskWithExtensionMs: number;
}

const LONG_TASK_US = 50_000;
const SCRIPT_EVENTS = new Set([
  'EvaluateScript',
  'FunctionCall',
  'v8.compile',
  'v8.run',
  'v8.callFunction',
  'EventDispatch',
  'TimerFire',
  'V8.Execute',
]);

function stringArg(value: unknown, ...path: string[]): string | null {
  let current: unknown = value;
  for (const key of path) {
    if (typeof current !== 'object' || current === null) return null;
    current = (current as Record<string, unknown>)[key];
  }
  return typeof current === 'string' ? current : null;
}

function urlOf(event: TraceEvent): string | null {
  return stringArg(event.args, 'data', 'url') ?? stringArg(event.args, 'fileName');
}

/** The outermost events: an event inside another one (same thread, nested) is dropped. */
function outermost(events: readonly TraceEvent[]): TraceEvent[] {
  const sorted = [...events].sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
  const kept: TraceEvent[] = [];
  let end = -Infinity;
  for (const e of sorted) {
    if (e.ts < end) continue;
    kept.push(e);
    end = e.ts + (e.dur ?? 0);
  }
  return kept;
}

const cpuMs = (events: readonly TraceEvent[]) =>
  outermost(events).reduce((sum, e) => sum + (e.tdur ?? e.dur ?? 0), 0) / 1000;
const wallMs = (events: readonly TraceEvent[]) =>
  outermost(events).reduce((sum, e) => sum + (e.dur ?? 0), 0) / 1000;

/** The renderer main threads (`CrRendererMain`) that parsed a document of `pageOrigin`. */
export function pageMainThreads(events: readonly TraceEvent[], pageOrigin: string): Set<string> {
  const mains = new Set(
    events
      .filter((e) => e.name === 'thread_name' && stringArg(e.args, 'name') === 'CrRendererMain')
      .map((e) => `${e.pid}:${e.tid}`),
  );
  const result = new Set<string>();
  for (const e of events) {
    const key = `${e.pid}:${e.tid}`;
    if (!mains.has(key) || e.name !== 'ParseHTML') continue;
    const url = stringArg(e.args, 'beginData', 'url');
    if (url?.startsWith(pageOrigin)) result.add(key);
  }
  return result;
}

export function extensionWork(
  events: readonly TraceEvent[],
  options: { extensionId: string; extensionName: string; pageOrigin: string },
): ExtensionWork {
  const prefix = `chrome-extension://${options.extensionId}/`;
  const threads = pageMainThreads(events, options.pageOrigin);
  const onMain = events.filter(
    (e) => e.ph === 'X' && e.dur !== undefined && threads.has(`${e.pid}:${e.tid}`),
  );
  const tasks = onMain.filter((e) => e.name === 'ThreadControllerImpl::RunTask');
  const taskAround = (e: TraceEvent) =>
    tasks.find(
      (t) =>
        t.pid === e.pid &&
        t.tid === e.tid &&
        t.ts <= e.ts &&
        t.ts + (t.dur ?? 0) >= e.ts + (e.dur ?? 0),
    );

  const scriptEvents = onMain.filter((e) => {
    if (!SCRIPT_EVENTS.has(e.name)) return false;
    if (urlOf(e)?.startsWith(prefix)) return true;
    return e.name === 'v8.run' && stringArg(e.args, 'worldName') === options.extensionName;
  });
  const evaluations = scriptEvents.filter((e) => e.name === 'EvaluateScript');
  const evaluateMs: Record<string, number> = {};
  for (const e of evaluations) {
    const file = (urlOf(e) ?? '').slice(prefix.length);
    evaluateMs[file] = (evaluateMs[file] ?? 0) + (e.tdur ?? e.dur ?? 0) / 1000;
  }
  const callbacks = scriptEvents.filter(
    (e) =>
      e.name !== 'EvaluateScript' &&
      !evaluations.some((v) => e.ts >= v.ts && e.ts <= v.ts + (v.dur ?? 0)),
  );

  const messagingTasks = new Set<TraceEvent>();
  for (const e of onMain) {
    if (!e.name.startsWith('Receive mojo')) continue;
    const tag = stringArg(e.args, 'chrome_mojo_event_info', 'mojo_interface_tag');
    if (!tag?.startsWith('extensions.mojom.')) continue;
    const task = taskAround(e);
    if (task) messagingTasks.add(task);
  }

  const all = [...scriptEvents, ...messagingTasks];
  const inside = (t: TraceEvent, e: TraceEvent) =>
    e.ts >= t.ts && e.ts + (e.dur ?? 0) <= t.ts + (t.dur ?? 0);
  const withExtension = tasks.filter((t) => all.some((e) => inside(t, e)));
  const longTasks = tasks.filter((t) => (t.dur ?? 0) >= LONG_TASK_US);
  const starts = all.map((e) => e.ts);
  const ends = all.map((e) => e.ts + (e.dur ?? 0));
  return {
    cpuMs: cpuMs(all),
    wallMs: wallMs(all),
    evaluateMs,
    messagingMs: cpuMs([...messagingTasks]),
    callbacksMs: cpuMs(callbacks),
    spanMs: all.length === 0 ? 0 : (Math.max(...ends) - Math.min(...starts)) / 1000,
    longTasks: longTasks.length,
    longTasksWithExtension: longTasks.filter((t) => withExtension.includes(t)).length,
    longestTaskWithExtensionMs: Math.max(0, ...withExtension.map((t) => (t.dur ?? 0) / 1000)),
  };
}
