/**
 * `npm run sim`: a stand-in OPNsense with real haproxy behind it, for demos and manual tests,
 * or with `--ha-pair` two of them as an HA/CARP pair. Ctrl-C stops them and every haproxy they
 * started.
 */
import { parseCliArgs, USAGE } from './cli-args.ts';
import {
  killLeftoverSimProcesses,
  startSim,
  startSimPair,
  type Sim,
  type SimOptions,
} from './index.ts';

/** What the CLI prints about one running sim: URLs, logins, the API key, fault switches. */
function describeSim(sim: Sim, usersOption: readonly string[] | undefined, role?: string): string {
  const { admin, limited, apiKey } = sim.credentials;
  const users = usersOption ?? ['user0'];
  const certificate =
    sim.certificateFingerprint256 === null
      ? ''
      : `
  The GUI uses a self-signed certificate made just now, like a fresh OPNsense: the browser shows
  a certificate warning once; accept it ("Advanced" → "Proceed"/"Accept the Risk").
  SHA-256 fingerprint ${sim.certificateFingerprint256}
`;
  return `
Stand-in OPNsense ${sim.opnsenseVersion}${role === undefined ? '' : ` (${role})`} running (stop with Ctrl-C)

  GUI        ${sim.url}/ui/haproxy   (dark theme: ${sim.url}/ui/haproxy?theme=dark)
             ${sim.hostname} must resolve to 127.0.0.1: an /etc/hosts line "127.0.0.1 ${sim.hostname}",
             or chromium --host-resolver-rules="MAP ${sim.hostname} 127.0.0.1"; or use ${sim.loopbackUrl}
  services   ${sim.url}/ui/core/service   (System: Services: restart/stop/start; also the dashboard ${sim.url}/)
${certificate}
  login      ${admin.user} / ${admin.password}   (all privileges)
             ${limited.user} / ${limited.password}   (Services: HAProxy only)
  API key    ${apiKey.key}
  API secret ${apiKey.secret}
  HAProxy    http://${sim.frontend.host}:${sim.frontend.port}/  (basic auth: ${users.map((u) => `${u}/${u}-pass`).join(', ')})
  try        curl -si -u ${users[0] ?? 'user0'}:${users[0] ?? 'user0'}-pass http://${sim.frontend.host}:${sim.frontend.port}/

Switch faults and act behind the GUI's back (no login needed; -k: the certificate is self-signed):
  curl -sk -X POST ${sim.loopbackUrl}/__sim/faults -H 'Content-Type: application/json' -d '{"orphanOnReload":true}'
  curl -sk -X POST ${sim.loopbackUrl}/__sim/shell -H 'Content-Type: application/json' -d '{"command":"configctl haproxy reload"}'
  curl -sk ${sim.loopbackUrl}/__sim/state
`;
}

async function main(): Promise<number> {
  const parsed = parseCliArgs(process.argv.slice(2));
  if (parsed.kind === 'help') {
    console.log(USAGE);
    return 0;
  }
  if (parsed.kind === 'error') {
    console.error(`${parsed.message}\n\n${USAGE}`);
    return 2;
  }
  const leftover = killLeftoverSimProcesses();
  if (leftover.killed.length > 0) {
    console.log(`Killed ${leftover.killed.length} haproxy process(es) left by an earlier sim.`);
  }
  const { options, haPair } = parsed;
  if (haPair === undefined) {
    console.log(describeSim(await startSim(options), options.users));
  } else {
    // The backup: the same settings under its own name, on a free port of its own.
    const backupOptions: SimOptions = { ...options, faults: haPair.backupFaults };
    delete backupOptions.hostname;
    delete backupOptions.port;
    delete backupOptions.altNames;
    const pair = await startSimPair({
      master: options,
      backup: backupOptions,
      synchronizeTo: haPair.synchronizeTo,
    });
    const { master, backup } = pair;
    const status =
      master.opnsenseVersion === '25.7' ? '/ui/core/hasync_status' : '/status_habackup.php';
    console.log(describeSim(master, options.users, 'HA master'));
    console.log(describeSim(backup, options.users, 'HA backup'));
    console.log(`HA pair
  master     ${master.url}
  backup     ${backup.url}
  HA status  ${master.url}${status}   (on the master: "Synchronize and restart" restarts the backup's haproxy)
  hasync     the master's synchronizetoip: ${pair.synchronizeToIp()}   XMLRPC password: ${pair.xmlrpcPassword}
  try        curl -sk -u '${master.credentials.apiKey.key}:${master.credentials.apiKey.secret}' ${master.loopbackUrl}/api/core/hasync/get
  Each node has its own sessions, API key and haproxy; only the backup's own API lists its processes.
`);
  }
  await new Promise<never>(() => {
    // Runs until a signal; the sim's signal handlers stop it and end the process.
  });
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
