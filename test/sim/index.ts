/**
 * The stand-in OPNsense's programmatic API, used by the end-to-end tests and the CLI:
 * `startSim()` gives a GUI/API origin backed by real haproxy processes; `stop()` ends them all.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer as createNetServer, isIP } from 'node:net';
import { createAcmeClient, type AcmeSettings } from './acme.ts';
import { createAuth, GUI_USERS } from './auth.ts';
import { claimSimDir, registerLiveSim, SIM_DIR_PREFIX } from './cleanup.ts';
import type { OpnsenseVersion, SimContext } from './context.ts';
import { DEFAULT_FAULTS, parseFaultPatch, type Faults } from './faults.ts';
import { createBackupNode, createHaMaster } from './ha.ts';
import { createHaproxyService, servicePaths } from './haproxy-manager.ts';
import { addUser, createModel, type StopMode } from './model.ts';
import { createGuiServer, type GuiServer } from './server.ts';
import { createRequestLog, type SimRequest } from './request-log.ts';
import { parseShellCommand, runShellAction } from './shell.ts';
import { closeSimFetch } from './sim-fetch.ts';
import { generateGuiCertificate, isValidHostName } from './tls-certificate.ts';

export type { OpnsenseVersion } from './context.ts';
export type { Faults, ProcessListError } from './faults.ts';
export { DEFAULT_FAULTS, FAULT_FLAGS } from './faults.ts';
export type { StopMode } from './model.ts';
export type { SimRequest } from './request-log.ts';
export { killLeftoverSimProcesses, listSimHaproxyProcesses, SIM_DIR_PREFIX } from './cleanup.ts';
export { fetchFromSim, simFetch, type SimAddress, type SimFetch } from './sim-fetch.ts';

/** How the GUI is served: HTTPS with a self-signed certificate, as OPNsense installs it. */
export type SimScheme = 'https' | 'http';

export interface SimOptions {
  /** Default `https` (a new self-signed certificate per start); `http` for plain HTTP. */
  scheme?: SimScheme;
  /**
   * The name the admin types, default `fw.test`. The server binds 127.0.0.1 only; browsers and
   * `simFetch` map the name to 127.0.0.1. A host name or an IP address.
   */
  hostname?: string;
  /** More names (or IPs) for the certificate; `localhost` and `127.0.0.1` are always in it. */
  altNames?: string[];
  /** Default `25.7`. */
  opnsenseVersion?: OpnsenseVersion;
  /** GUI port; 0 or undefined = a free port. */
  port?: number;
  /** Initial userlist users, default `['user0']`; each one's password is `<name>-pass`. */
  users?: string[];
  /** Default `hard`. */
  stopMode?: StopMode;
  /** HAProxy `hard-stop-after`, default `60s`; `''` = none. Used in graceful/seamless mode. */
  hardStopAfter?: string;
  faults?: Partial<Faults>;
  /** Default true: start haproxy at boot like an enabled service. */
  startHaproxy?: boolean;
  /** The ACME client's restart delay and integration (acme.ts); default 3 s, no changes. */
  acme?: Partial<AcmeSettings>;
  /**
   * Makes this sim the master of an HA pair with that sim as its backup (`startSimPair` does
   * it for you): its HA settings name the backup, and Status › High Availability acts on it.
   */
  haBackup?: Sim;
  /** What the master's `hasync.synchronizetoip` says, default `url` (see SyncTarget). */
  synchronizeTo?: SyncTarget;
}

/**
 * The master's peer setting (docs/opnsense.md §8): `url` = the backup's GUI URL with scheme and
 * port (what a browser can open); `address` = its bare host name (no scheme, no port: the
 * browser would try port 443); `unreachable` = an address on a sync network the browser cannot
 * reach (192.0.2.2, TEST-NET-1); `{ value }` = verbatim.
 */
export type SyncTarget = 'url' | 'address' | 'unreachable' | { readonly value: string };

export function synchronizeToIp(target: SyncTarget, backup: Sim): string {
  if (typeof target === 'object') return target.value;
  switch (target) {
    case 'url':
      return backup.url;
    case 'address':
      return backup.hostname;
    case 'unreachable':
      return '192.0.2.2';
  }
}

export interface Credentials {
  readonly user: string;
  readonly password: string;
}

export interface Sim {
  /** What a browser admin types: `${scheme}://${hostname}:${port}`, e.g. `https://fw.test:43210`. */
  readonly url: string;
  /** The same server by address: `${scheme}://127.0.0.1:${port}`. */
  readonly loopbackUrl: string;
  readonly hostname: string;
  readonly altNames: readonly string[];
  readonly scheme: SimScheme;
  readonly opnsenseVersion: OpnsenseVersion;
  /** The GUI's self-signed certificate (PEM); null over HTTP. */
  readonly certificatePem: string | null;
  /** Its SHA-256 fingerprint (`AB:CD:…`), null over HTTP. */
  readonly certificateFingerprint256: string | null;
  /** The haproxy frontend (HTTP basic auth against the userlist). */
  readonly frontend: { readonly host: string; readonly port: number };
  readonly credentials: {
    /** `root`: every privilege. */
    readonly admin: Credentials;
    /** `haproxy-only`: "Services: HAProxy" but not "Diagnostics: System Activity". */
    readonly limited: Credentials;
    /** root's API key; send as `Authorization: Basic base64(key:secret)`. */
    readonly apiKey: { readonly key: string; readonly secret: string };
  };
  setFaults(faults: Partial<Faults>): void;
  /**
   * What reached the GUI/API so far (not the `/__sim/*` control endpoints), oldest first, with
   * the credentials each request carried; `since` (epoch ms) keeps the later ones.
   */
  requests(filter?: { readonly since?: number }): SimRequest[];
  /**
   * Deletes root's API key, as the admin would under System › Access › Users: `credentials.apiKey`
   * gets 401 `Authentication Failed` from now on. Sessions are unaffected.
   */
  revokeApiKey(): void;
  /** Live haproxy processes of this sim, from /proc. */
  haproxyPids(): Promise<number[]>;
  /**
   * A client that holds one silent connection to the current (pidfile) process until it ends: its
   * next graceful stop drains until `hard-stop-after`, the next one after it does not.
   */
  holdConnection(): Promise<void>;
  /** Adds a userlist user (password `<name>-pass`) to the model; only Apply applies it. */
  addUser(name: string): Promise<void>;
  /**
   * Runs `configctl haproxy reload|restart|stop|start` as from the firewall's shell (no GUI
   * request, faults honoured) and resolves with what configctl prints (`OK`, `Error (1)`);
   * rejects an unknown command.
   */
  shell(command: string): Promise<string>;
  /** The ACME client: its settings, and the automation restarts done or still pending. */
  readonly acme: {
    set(patch: Partial<AcmeSettings>): void;
    restarts(): { readonly done: number; readonly pending: number };
  };
  /** Stops the server, kills every haproxy of this sim, releases held sockets, removes the dir. */
  stop(): Promise<void>;
}

/** HAProxy binary: `HRG_SIM_HAPROXY`, else Debian's, else FreeBSD's path. */
function haproxyBinary(): string {
  const candidates = [process.env.HRG_SIM_HAPROXY, '/usr/sbin/haproxy', '/usr/local/sbin/haproxy'];
  const found = candidates.find((c): c is string => c !== undefined && c !== '' && existsSync(c));
  if (found === undefined) throw new Error('haproxy not found: apt-get install haproxy');
  return found;
}

/** The jQuery the pages load: the project's devDependency, else Debian's libjs-jquery. */
function jqueryPath(): string {
  try {
    return createRequire(import.meta.url).resolve('jquery/dist/jquery.min.js');
  } catch {
    const debian = '/usr/share/javascript/jquery/jquery.min.js';
    if (existsSync(debian)) return debian;
    throw new Error('jquery not found: npm install');
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createNetServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => {
        resolve(port);
      });
    });
  });
}

function listen(server: GuiServer, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const address = server.address();
      resolve(typeof address === 'object' && address !== null ? address.port : port);
    });
  });
}

function closeServer(server: GuiServer): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) {
      resolve();
      return;
    }
    server.close(() => {
      resolve();
    });
    // Browsers keep connections alive; without this close() would wait for them.
    server.closeAllConnections();
  });
}

/** Each sim's context, for a master to reach its backup's model and service (XMLRPC). */
const contexts = new WeakMap<Sim, SimContext>();

function contextOf(sim: Sim): SimContext {
  const ctx = contexts.get(sim);
  if (ctx === undefined) throw new Error('not a running sim of this process');
  return ctx;
}

export async function startSim(options: SimOptions = {}): Promise<Sim> {
  const scheme = options.scheme ?? 'https';
  const hostname = options.hostname ?? 'fw.test';
  const altNames = [...(options.altNames ?? [])];
  for (const name of [hostname, ...altNames]) {
    if (!isValidHostName(name)) throw new Error(`not a host name or IP address: ${name}`);
  }
  const binary = haproxyBinary();
  const jquery = jqueryPath();
  const dir = mkdtempSync(SIM_DIR_PREFIX);
  claimSimDir(dir);
  let server: GuiServer | null = null;
  let destroyService: () => Promise<void> = () => Promise.resolve();
  let closeClient: () => Promise<void> = () => Promise.resolve();
  let stopping: Promise<void> | null = null;

  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      if (server !== null) await closeServer(server);
      await closeClient();
      await destroyService();
      rmSync(dir, { recursive: true, force: true });
      unregister();
    })();
    return stopping;
  };
  const unregister = registerLiveSim({ dir, configPath: servicePaths(dir).config, stop });

  try {
    const certificate =
      scheme === 'https' ? await generateGuiCertificate(dir, hostname, altNames) : null;
    const frontendPort = await freePort();
    const auth = createAuth();
    const service = createHaproxyService({
      binary,
      dir,
      frontendPort,
      model: () => ctx.model,
      faults: () => ctx.faults,
    });
    const ctx: SimContext = {
      model: createModel(
        options.users ?? ['user0'],
        options.stopMode ?? 'hard',
        options.hardStopAfter ?? '60s',
      ),
      auth,
      secure: scheme === 'https',
      opnsenseVersion: options.opnsenseVersion ?? '25.7',
      frontendPort,
      jqueryPath: jquery,
      requests: createRequestLog(),
      // The firewall booted before anything went wrong: the faults apply from the first request.
      faults: { ...DEFAULT_FAULTS },
      service,
      acme: createAcmeClient(service, options.acme),
      ha: createHaMaster(
        options.haBackup === undefined ? null : createBackupNode(contextOf(options.haBackup)),
        options.haBackup === undefined
          ? {}
          : { synchronizetoip: synchronizeToIp(options.synchronizeTo ?? 'url', options.haBackup) },
      ),
    };
    destroyService = async () => {
      // A pending ACME restart would start haproxy again after the kill below.
      await ctx.acme.stop();
      await ctx.service.destroy();
    };
    const faults = { ...DEFAULT_FAULTS, ...parseFaultPatch(options.faults ?? {}) };
    ctx.service.writeConfig();
    if (options.startHaproxy !== false) {
      const started = await ctx.service.start();
      if (!started.ok) throw new Error(`haproxy did not start: ${started.detail}`);
    }
    ctx.faults = faults;
    server = createGuiServer(
      ctx,
      certificate === null ? null : { cert: certificate.certPem, key: certificate.keyPem },
    );
    const port = await listen(server, options.port ?? 0);
    const [admin, limited] = GUI_USERS;
    if (admin === undefined || limited === undefined) throw new Error('GUI users missing');

    const sim: Sim = {
      url: `${scheme}://${urlHost(hostname)}:${port}`,
      loopbackUrl: `${scheme}://127.0.0.1:${port}`,
      hostname,
      altNames,
      scheme,
      opnsenseVersion: ctx.opnsenseVersion,
      certificatePem: certificate?.certPem ?? null,
      certificateFingerprint256: certificate?.fingerprint256 ?? null,
      frontend: { host: '127.0.0.1', port: frontendPort },
      credentials: {
        admin: { user: admin.name, password: admin.password },
        limited: { user: limited.name, password: limited.password },
        apiKey: { key: auth.apiKey.key, secret: auth.apiKey.secret },
      },
      setFaults(patch) {
        ctx.faults = { ...ctx.faults, ...parseFaultPatch(patch) };
      },
      requests: (filter) => ctx.requests.entries(filter),
      revokeApiKey() {
        auth.revokeApiKey();
      },
      haproxyPids: () => Promise.resolve(ctx.service.pids()),
      holdConnection: () => ctx.service.holdClientConnection(),
      addUser(name) {
        const result = addUser(ctx.model, { name, password: `${name}-pass` });
        if ('validations' in result) {
          return Promise.reject(new Error(Object.values(result.validations).join('; ')));
        }
        return Promise.resolve();
      },
      shell(command) {
        const parsed = parseShellCommand(command);
        if (parsed.kind === 'error') return Promise.reject(new Error(parsed.message));
        return runShellAction(ctx.service, parsed.action);
      },
      acme: {
        set: (patch) => {
          ctx.acme.set(patch);
        },
        restarts: () => ctx.acme.restarts(),
      },
      stop,
    };
    closeClient = () => closeSimFetch(sim);
    contexts.set(sim, ctx);
    return sim;
  } catch (error) {
    await stop();
    throw error;
  }
}

/** An IPv6 address needs brackets in a URL. */
function urlHost(hostname: string): string {
  return isIP(hostname) === 6 ? `[${hostname}]` : hostname;
}

export interface SimPairOptions {
  /** The master's options; its hostname defaults to `fw.test`. */
  readonly master?: Omit<SimOptions, 'haBackup' | 'synchronizeTo'>;
  /** The backup's options; its hostname defaults to `fw-backup.test`. */
  readonly backup?: Omit<SimOptions, 'haBackup' | 'synchronizeTo'>;
  /** What the master's HA settings name as the peer, default `url`. */
  readonly synchronizeTo?: SyncTarget;
}

/** Two stand-ins as an HA/CARP pair: each its own origin, haproxy, sessions and API key. */
export interface SimPair {
  readonly master: Sim;
  readonly backup: Sim;
  /** The XMLRPC password in the master's `hasync/get` answer, to look for leaks. */
  readonly xmlrpcPassword: string;
  /** The master's `hasync.synchronizetoip` now. */
  synchronizeToIp(): string;
  /** Changes it, as the admin would under System › High Availability › Settings. */
  setSynchronizeTo(target: SyncTarget): void;
  /** Stops both, also when one of them fails to stop. */
  stop(): Promise<void>;
}

export async function startSimPair(options: SimPairOptions = {}): Promise<SimPair> {
  const backup = await startSim({ hostname: 'fw-backup.test', ...options.backup });
  let master: Sim;
  try {
    master = await startSim({
      hostname: 'fw.test',
      ...options.master,
      haBackup: backup,
      synchronizeTo: options.synchronizeTo ?? 'url',
    });
  } catch (error) {
    await backup.stop();
    throw error;
  }
  const settings = contextOf(master).ha.settings;
  return {
    master,
    backup,
    xmlrpcPassword: settings.password,
    synchronizeToIp: () => settings.synchronizetoip,
    setSynchronizeTo(target) {
      settings.synchronizetoip = synchronizeToIp(target, backup);
    },
    async stop() {
      const results = await Promise.allSettled([master.stop(), backup.stop()]);
      const failed = results.find((r) => r.status === 'rejected');
      if (failed !== undefined) throw failed.reason;
    },
  };
}
