/**
 * An in-memory OPNsense that behaves: it keeps haproxy processes, reloads and stops them the way
 * the rc script does, and answers the API with OPNsense's shapes through a `fetch` function, so
 * the real client, the real verdict engine and the check runner are exercised together.
 */
export interface FakeProcess {
  pid: number;
  argv: string[];
  threads: number;
  startedAt: number;
}

export type FakeReply = { status: number; body: string; contentType?: string };

const BINARY = '/usr/local/sbin/haproxy';
const BASE_ARGV = [BINARY, '-q', '-f', '/usr/local/etc/haproxy.conf', '-p', '/var/run/haproxy.pid'];

export class FakeFirewall {
  processes: FakeProcess[] = [];
  pidfilePid: number | null = null;
  enabled = true;
  gracefulStop = '0';
  hardStopAfter = '60s';
  seamlessReload = '0';
  /** Answers forced for an endpoint path (suffix match), e.g. a 401 or a 500. */
  readonly overrides = new Map<string, FakeReply>();
  readonly requests: { method: string; path: string; headers: Headers }[] = [];
  /**
   * Paths (suffix match) whose request is carried out, after which the connection is lost:
   * fetch rejects without an answer, like a proxy or a Wi-Fi hiccup after a stop.
   */
  readonly dropConnection = new Set<string>();
  /** The session dies after this many more requests: every later one answers 401. */
  sessionExpiresAfterRequests: number | null = null;
  /** What `export/diff` answers: the running configuration against the generated one. */
  undeployedDiff = '';
  private nextPid = 41_000;

  /** Answer latency per endpoint path suffix, like `top -d2` taking 2 s for the process list. */
  readonly latencyMs = new Map<string, number>();

  constructor(
    private readonly clock: () => number,
    private readonly setTimer: (callback: () => void, delayMs: number) => unknown = (callback) => {
      callback();
      return 0;
    },
  ) {}

  start(): FakeProcess {
    const process = this.spawn([...BASE_ARGV]);
    this.pidfilePid = process.pid;
    return process;
  }

  /** A reload as OPNsense does it; `orphan` leaves the old process running un-signalled. */
  reload({ orphan = false }: { orphan?: boolean } = {}): FakeProcess {
    const old = this.pidfilePid;
    const flag = this.gracefulStop === '1' || this.seamlessReload === '1' ? '-sf' : '-st';
    const argv = orphan || old === null ? [...BASE_ARGV] : [...BASE_ARGV, flag, String(old)];
    const process = this.spawn(argv);
    if (!orphan && old !== null && flag === '-st') this.kill(old);
    this.pidfilePid = process.pid;
    return process;
  }

  kill(pid: number): void {
    this.processes = this.processes.filter((process) => process.pid !== pid);
  }

  /** `configctl haproxy stop`: rc stop, then killall. */
  stopAll(): void {
    this.processes = [];
    this.pidfilePid = null;
  }

  private spawn(argv: string[]): FakeProcess {
    this.nextPid += 7;
    const process: FakeProcess = { pid: this.nextPid, argv, threads: 2, startedAt: this.clock() };
    this.processes.push(process);
    return process;
  }

  readonly fetch: typeof globalThis.fetch = (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const method = init?.method ?? 'GET';
    this.requests.push({ method, path: url.pathname, headers: new Headers(init?.headers) });
    const expired =
      this.sessionExpiresAfterRequests !== null && this.sessionExpiresAfterRequests <= 0;
    if (this.sessionExpiresAfterRequests !== null) this.sessionExpiresAfterRequests -= 1;
    const respond = () => {
      // Answered from the state at the end of the latency, as top reports the end of its sample.
      const reply = expired ? { status: 401, body: '' } : this.answer(method, url.pathname);
      if (!expired && [...this.dropConnection].some((suffix) => url.pathname.endsWith(suffix))) {
        throw new TypeError('fetch failed');
      }
      return new Response(reply.body, {
        status: reply.status,
        headers: { 'content-type': reply.contentType ?? 'application/json' },
      });
    };
    const latency = [...this.latencyMs].find(([suffix]) => url.pathname.endsWith(suffix))?.[1] ?? 0;
    if (latency === 0) {
      return new Promise((resolve) => {
        resolve(respond());
      });
    }
    return new Promise((resolve, reject) => {
      this.setTimer(() => {
        try {
          resolve(respond());
        } catch (error) {
          reject(error instanceof Error ? error : new Error(String(error)));
        }
      }, latency);
    });
  };

  count(pathSuffix: string): number {
    return this.requests.filter((request) => request.path.endsWith(pathSuffix)).length;
  }

  private answer(method: string, path: string): FakeReply {
    for (const [suffix, reply] of this.overrides) {
      if (path.endsWith(suffix)) return reply;
    }
    const json = (value: unknown): FakeReply => ({ status: 200, body: JSON.stringify(value) });
    switch (path) {
      case '/api/diagnostics/activity/get_activity':
        return json({
          headers: ['last pid: 99999;  load averages:  0.10,  0.12,  0.09  up 3+01:02:03'],
          details: [
            ...this.processes.flatMap((process) =>
              Array.from({ length: process.threads }, (_, thread) => ({
                PID: String(process.pid),
                THR: String(100_000 + process.pid * 10 + thread),
                USERNAME: 'www',
                PRI: '20',
                NICE: '0',
                SIZE: '52M',
                RES: '31M',
                STATE: 'kqread',
                C: '0',
                TIME: '0:01',
                WCPU: '0.00%',
                COMMAND: process.argv.join(' ') + (process.threads > 1 ? '{haproxy}' : ''),
              })),
            ),
            {
              PID: '812',
              THR: '100812',
              USERNAME: 'root',
              PRI: '20',
              NICE: '0',
              SIZE: '24M',
              RES: '12M',
              STATE: 'select',
              C: '1',
              TIME: '0:00',
              WCPU: '0.00%',
              COMMAND:
                '/usr/local/bin/python3 /usr/local/opnsense/scripts/OPNsense/HAProxy/socketCommand.py show info',
            },
          ],
        });
      case '/api/haproxy/statistics/info': {
        const current = this.processes.find((process) => process.pid === this.pidfilePid);
        if (!current) return { status: 200, body: '', contentType: 'text/html' };
        return json({
          Name: 'HAProxy',
          Version: '3.0.9',
          Pid: String(current.pid),
          Uptime_sec: String(Math.floor((this.clock() - current.startedAt) / 1000)),
          Stopping: '0',
          Process_num: '1',
        });
      }
      case '/api/haproxy/service/status': {
        const running = this.processes.some((process) => process.pid === this.pidfilePid);
        return json({
          status: !this.enabled ? 'disabled' : running ? 'running' : 'stopped',
          widget: {},
        });
      }
      case '/api/haproxy/settings/get':
        return json({
          haproxy: {
            general: {
              enabled: this.enabled ? '1' : '0',
              gracefulStop: this.gracefulStop,
              hardStopAfter: this.hardStopAfter,
              seamlessReload: this.seamlessReload,
            },
            users: { user: { 'a-uuid': { name: 'user0', password: 'hunter2-secret' } } },
          },
        });
      case '/api/haproxy/export/diff':
        return json({ response: this.undeployedDiff });
      case '/api/haproxy/service/stop':
        if (method !== 'POST') return json({ response: [] });
        this.stopAll();
        return json({ response: 'OK\n\n' });
      case '/api/haproxy/service/start':
        if (method !== 'POST') return json({ response: [] });
        if (!this.processes.some((process) => process.pid === this.pidfilePid)) this.start();
        return json({ response: 'OK\n\n' });
      default:
        return { status: 404, body: '{"errorMessage":"Endpoint not found"}' };
    }
  }
}
