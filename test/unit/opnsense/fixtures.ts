/**
 * Answers shaped like OPNsense 25.x with the net/haproxy plugin (docs/opnsense.md §4). The secrets are
 * distinctive so a test can prove they never leak into an error.
 */

export const API_KEY = 'w86XNZob/8Oq8aC5r0kbNarNtdpoQU781fyoeaOBQsBwkXUt';
export const API_SECRET = 'XeD26XVrJ5ilAc/EmZi9M3ZbcSECRET0tPp1Sxl8dDkKh';
export const USERLIST_PASSWORD = 'UserlistPa55-do-not-leak';

export const STATUS_BODY = {
  status: 'running',
  widget: {
    restart: 'Restart HAProxy Load Balancer',
    start: 'Start HAProxy Load Balancer',
    stop: 'Stop HAProxy Load Balancer',
  },
};

export const INFO_BODY = {
  Name: 'HAProxy',
  Version: '3.2.4-98813a1',
  Release_date: '2025/08/13',
  Nbthread: '4',
  Nbproc: '1',
  Process_num: '1',
  Pid: '41233',
  Uptime: '0d 0h00m12s',
  Uptime_sec: '12',
  Start_time_sec: '1760000000',
  Memmax_MB: '0',
  Ulimit_n: '200039',
  Maxsock: '200039',
  Maxconn: '100000',
  CurrConns: '3',
  Stopping: '0',
  Jobs: '7',
  Unstoppable_jobs: '0',
  Listeners: '4',
  ActivePeers: '0',
  Tainted: '0',
};

const HAPROXY_COMMAND =
  '/usr/local/sbin/haproxy -q -f /usr/local/etc/haproxy.conf -p /var/run/haproxy.pid -sf 41001{haproxy}';

function row(pid: string, thr: string, command: string, user = 'www'): Record<string, string> {
  return {
    PID: pid,
    THR: thr,
    USERNAME: user,
    PRI: '20',
    NICE: '0',
    SIZE: '96M',
    RES: '31M',
    STATE: 'kqread',
    C: '1',
    TIME: '0:01',
    WCPU: '0.00%',
    COMMAND: command,
  };
}

/** One row per thread: the current haproxy has four threads, plus look-alikes that are not it. */
export const ACTIVITY_BODY = {
  headers: [
    'last pid: 52011;  load averages:  0.21,  0.25,  0.22  up 12+03:04:05    10:11:12',
    '187 threads:  3 running, 163 sleeping, 21 waiting',
    'CPU:  0.4% user,  0.0% nice,  0.6% system,  0.0% interrupt, 99.0% idle',
    'Mem: 95M Active, 1021M Inact, 1400M Wired, 1300M Free',
  ],
  details: [
    row('41233', '100412', HAPROXY_COMMAND),
    row('41233', '100413', HAPROXY_COMMAND),
    row('41233', '100414', HAPROXY_COMMAND),
    row('41233', '100415', HAPROXY_COMMAND),
    row('11', '100003', '[idle{idle: cpu0}]', 'root'),
    row(
      '384',
      '100101',
      '/usr/local/sbin/lighttpd -f /var/etc/lighty-webConfigurator.conf',
      'root',
    ),
    row(
      '51990',
      '100777',
      'python3 /usr/local/opnsense/scripts/OPNsense/HAProxy/socketCommand.py show info (python3.11)',
      'root',
    ),
  ],
};

/** `settings/get`: the whole plugin model, userlist passwords in clear text included. */
export const SETTINGS_BODY = {
  haproxy: {
    general: {
      enabled: '1',
      gracefulStop: '1',
      hardStopAfter: '60s',
      seamlessReload: '0',
      storeOcsp: '0',
      showIntro: '0',
      tuning: { maxConnections: '', nbthread: '4' },
    },
    users: {
      user: {
        '8f0e61c5-0a3b-4b7e-9a51-2a4e5b6c7d8e': {
          enabled: '1',
          name: 'user0',
          description: '',
          password: USERLIST_PASSWORD,
        },
      },
    },
    frontends: { frontend: {} },
    backends: { backend: {} },
  },
};

/** What OPNsense serves (via redirect) to a browser whose session has ended. */
export const LOGIN_PAGE = `<!doctype html>
<html lang="en-US" class="no-js">
<head><title>Login | OPNsense</title></head>
<body class="page-login">
<div class="container"><main class="login-modal-container"><div class="login-modal-content">
<form class="clearfix" id="iform" name="iform" method="post" autocomplete="off">
<div class="form-group"><label for="usernamefld">Username:</label>
<input id="usernamefld" type="text" name="usernamefld" class="form-control user" tabindex="1" autofocus="autofocus" autocapitalize="off" autocorrect="off" /></div>
<div class="form-group"><label for="passwordfld">Password:</label>
<input id="passwordfld" type="password" name="passwordfld" class="form-control pwd" tabindex="2" /></div>
<button type="submit" name="login" value="1" class="btn btn-primary pull-right">Login</button>
</form></div></main></div>
</body></html>`;

export const OTHER_PAGE = `<!doctype html><html><head><title>Dashboard | OPNsense</title></head>
<body><h1>Lobby: Dashboard</h1></body></html>`;
