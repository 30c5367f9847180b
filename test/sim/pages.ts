/**
 * The HTML pages: the login form (src/www/authgui.inc) and the HAProxy plugin pages in OPNsense's
 * layout (views/layouts/default.volt): jQuery, the inline `$.ajaxSetup` carrying the CSRF token,
 * the service bar, and the Apply buttons bound the way the plugin binds them (facts §3).
 */

export type Theme = 'light' | 'dark';

export interface LayoutInput {
  readonly title: string;
  readonly csrfToken: string;
  readonly userName: string;
  readonly theme: Theme;
  /** Shown in the title row next to the service bar. */
  readonly heading: string;
  readonly body: string;
  readonly script: string;
}

export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** Served from node_modules/jquery, under the path OPNsense uses for its copy. */
export const JQUERY_URL = '/ui/js/jquery.min.js';

const CSS = `
:root { --bg:#f7f7f7; --fg:#333; --panel:#fff; --border:#ddd; --brand:#d94f00; --muted:#777;
  --primary:#d94f00; --ok:#5cb85c; --bad:#d9534f; --warn:#f0ad4e; --head:#383838; --headfg:#fff; }
body.theme-dark { --bg:#1e1e1e; --fg:#ddd; --panel:#2a2a2a; --border:#444; --muted:#aaa;
  --head:#111; --headfg:#eee; }
* { box-sizing: border-box; }
body { margin:0; font:14px/1.45 "SourceSansPro", Helvetica, Arial, sans-serif; background:var(--bg); color:var(--fg); }
a { color: var(--brand); }
.navbar { background:var(--head); color:var(--headfg); height:50px; display:flex; align-items:center; padding:0 16px; gap:16px; }
.navbar .brand { font-weight:700; font-size:20px; color:var(--brand); letter-spacing:.5px; }
.navbar .spacer { flex:1; }
.navbar a { color:var(--headfg); text-decoration:none; }
.wrap { display:flex; min-height:calc(100vh - 50px); }
.sidebar { width:210px; background:var(--panel); border-right:1px solid var(--border); padding:12px 0; }
.sidebar a { display:block; padding:6px 16px; text-decoration:none; color:var(--fg); }
.sidebar a.active { border-left:3px solid var(--brand); font-weight:600; }
.main { flex:1; padding:0 20px 20px; }
.page-head { display:flex; align-items:center; justify-content:space-between; padding:14px 0; }
.page-head h1 { font-size:20px; margin:0; font-weight:400; }
.content-box { background:var(--panel); border:1px solid var(--border); padding:14px; margin-bottom:14px; }
.nav-tabs { list-style:none; margin:0; padding:0; display:flex; border-bottom:1px solid var(--border); }
.nav-tabs li a { display:block; padding:8px 14px; text-decoration:none; color:var(--fg); border:1px solid transparent; }
.nav-tabs li.active a { background:var(--panel); border-color:var(--border) var(--border) transparent; }
.tab-content > .tab-pane { display:none; }
.tab-content > .tab-pane.active { display:block; }
.btn { display:inline-block; padding:6px 12px; border:1px solid var(--border); background:var(--panel); color:var(--fg); cursor:pointer; border-radius:3px; font:inherit; }
.btn-primary { background:var(--primary); border-color:var(--primary); color:#fff; }
.btn-sm { padding:3px 8px; font-size:12px; }
.btn[disabled] { opacity:.6; cursor:progress; }
.label { display:inline-block; padding:3px 8px; border-radius:3px; color:#fff; font-size:12px; }
.label-success { background:var(--ok); } .label-danger { background:var(--bad); } .label-default { background:var(--muted); }
#service_status_container { display:flex; gap:6px; align-items:center; }
table { border-collapse:collapse; width:100%; }
th, td { text-align:left; padding:6px 8px; border-bottom:1px solid var(--border); }
input[type=text], input[type=password] { padding:5px 8px; border:1px solid var(--border); background:var(--bg); color:var(--fg); border-radius:3px; }
.alert { padding:10px 14px; border:1px solid var(--warn); background:rgba(240,173,78,.15); margin:10px 0; }
.hidden { display:none !important; }
.modal-backdrop { position:fixed; inset:0; background:rgba(0,0,0,.45); display:flex; align-items:flex-start; justify-content:center; padding-top:80px; }
.modal-dialog { background:var(--panel); min-width:420px; max-width:700px; border-top:6px solid var(--warn); }
.modal-dialog.type-danger { border-top-color:var(--bad); }
.modal-dialog h4 { margin:0; padding:12px 16px; border-bottom:1px solid var(--border); }
.modal-dialog pre { margin:0; padding:16px; white-space:pre-wrap; font:13px/1.4 monospace; }
.modal-dialog .modal-footer { padding:10px 16px; text-align:right; border-top:1px solid var(--border); }
.login { max-width:360px; margin:90px auto; background:var(--panel); border:1px solid var(--border); padding:24px; }
.login label { display:block; margin:10px 0 4px; } .login input { width:100%; }
.login .error { color:var(--bad); }
`;

/** The layout every GUI page shares, CSRF token in the inline script exactly as OPNsense has it. */
export function layout(input: LayoutInput): string {
  const token = input.csrfToken;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(input.title)} | OPNsense</title>
<style>${CSS}</style>
<script src="${JQUERY_URL}"></script>
<script>
  // setup default scripting after page loading.
  $( document ).ready(function() {
    // hook into jquery ajax requests to ensure csrf handling.
    $.ajaxSetup({'beforeSend': function(xhr) { xhr.setRequestHeader("X-CSRFToken", "${token}" ); }});
  });
</script>
</head>
<body class="theme-${input.theme}">
<header class="navbar">
  <span class="brand">OPNsense</span>
  <span class="spacer"></span>
  <span>${escapeHtml(input.userName)}@OPNsense.localdomain</span>
  <a href="/index.php?logout">Logout</a>
</header>
<div class="wrap">
  <nav class="sidebar">
    <a href="/">Lobby: Dashboard</a>
    <a href="/ui/haproxy" class="${input.title.startsWith('Services: HAProxy: Settings') ? 'active' : ''}">HAProxy: Settings</a>
    <a href="/ui/haproxy/statistics">HAProxy: Statistics</a>
    <a href="/ui/haproxy/maintenance">HAProxy: Maintenance</a>
  </nav>
  <main class="main">
    <div class="page-head">
      <h1>${escapeHtml(input.heading)}</h1>
      <div id="service_status_container"></div>
    </div>
    ${input.body}
  </main>
</div>
<div id="dialogContainer"></div>
<script>
${COMMON_SCRIPT}
${input.script}
</script>
</body>
</html>`;
}

/**
 * Helpers every plugin page has: OPNsense's `ajaxCall` (POST, JSON body, global ajax events
 * left on so observers see `ajaxComplete`), a dialog, and the service bar widget.
 */
const COMMON_SCRIPT = String.raw`
function ajaxCall(url, sendData, callback) {
  return $.ajax({
    type: 'POST', url: url, dataType: 'json', contentType: 'application/json',
    data: JSON.stringify(sendData),
    complete: function (data, status) {
      if (callback) callback(data.responseJSON === undefined ? {} : data.responseJSON, status);
    }
  });
}
function ajaxGet(url, sendData, callback) {
  return $.ajax({
    type: 'GET', url: url, dataType: 'json', data: sendData,
    complete: function (data, status) {
      if (callback) callback(data.responseJSON === undefined ? {} : data.responseJSON, status);
    }
  });
}
function showDialog(type, title, message) {
  var $backdrop = $('<div class="modal-backdrop" role="dialog"></div>');
  var $dialog = $('<div class="modal-dialog"></div>').addClass('type-' + type);
  $dialog.append($('<h4 class="modal-title"></h4>').text(title));
  $dialog.append($('<pre class="modal-body"></pre>').text(String(message)));
  var $close = $('<button type="button" class="btn btn-default">Close</button>');
  $close.on('click', function () { $backdrop.remove(); });
  $dialog.append($('<div class="modal-footer"></div>').append($close));
  $('#dialogContainer').append($backdrop.append($dialog));
}
function updateServiceStatus() {
  ajaxCall('/api/haproxy/service/status', {}, function (data) {
    var status = data.status || 'unknown';
    var running = status === 'running';
    $('#service_status_label')
      .text(running ? 'Running' : status === 'disabled' ? 'Disabled' : 'Stopped')
      .attr('class', 'label ' + (running ? 'label-success' : 'label-danger'))
      .attr('data-status', status);
    $('#restartService, #stopService').toggleClass('hidden', !running);
    $('#startService').toggleClass('hidden', running || status === 'disabled');
  });
}
function serviceAction(action) {
  var $buttons = $('#service_status_container .btn').prop('disabled', true);
  ajaxCall('/api/haproxy/service/' + action, {}, function () {
    $buttons.prop('disabled', false);
    updateServiceStatus();
  });
}
$(function () {
  $('#service_status_container').html(
    '<span id="service_status_label" class="label label-default">…</span>' +
    '<button type="button" id="restartService" class="btn btn-sm hidden" title="restart service">Restart</button>' +
    '<button type="button" id="stopService" class="btn btn-sm hidden" title="stop service">Stop</button>' +
    '<button type="button" id="startService" class="btn btn-sm hidden" title="start service">Start</button>'
  );
  $('#restartService').on('click', function () { serviceAction('restart'); });
  $('#stopService').on('click', function () { serviceAction('stop'); });
  $('#startService').on('click', function () { serviceAction('start'); });
  updateServiceStatus();
});
`;

const HAPROXY_BODY = `
<ul class="nav nav-tabs" id="maintabs">
  <li><a href="#general">Settings</a></li>
  <li><a href="#users">Users</a></li>
  <li><a href="#frontends">Public Services</a></li>
</ul>
<div class="tab-content content-box">
  <div id="general" class="tab-pane">
    <h3>Service</h3>
    <form id="frm_haproxy-general-settings">
      <p><label><input type="checkbox" id="haproxy.general.gracefulStop"> Graceful stop</label></p>
      <p><label>Graceful stop timeout <input type="text" id="haproxy.general.hardStopAfter" size="8"></label></p>
      <p><label><input type="checkbox" id="haproxy.general.seamlessReload"> Seamless reload</label></p>
    </form>
    <button type="button" class="btn btn-primary" id="saveAndReconfigureAct_haproxy-general-settings"><b>Apply</b> <i class="reconfigure-progress"></i></button>
  </div>
  <div id="users" class="tab-pane">
    <h3>User Management</h3>
    <table id="grid-users"><thead><tr><th>Enabled</th><th>Name</th><th>Description</th></tr></thead><tbody></tbody></table>
    <form id="frm_add_user" onsubmit="return false">
      <p>
        <input type="text" id="user.name" name="name" placeholder="Name" autocomplete="off">
        <input type="password" id="user.password" name="password" placeholder="Password" autocomplete="new-password">
        <button type="submit" class="btn" id="addUserAct">Add user</button>
      </p>
    </form>
  </div>
  <div id="frontends" class="tab-pane">
    <h3>Public Services</h3>
    <p>One frontend, <code>hrg_frontend</code>, answering <code>ok</code> to users of the userlist.</p>
  </div>
</div>
<div id="pendingChanges" class="alert hidden">The configuration has been changed. You must apply the changes in order for them to take effect.</div>
<section class="page-content-main">
  <div class="content-box" id="haproxyCommonButtons">
    <button class="btn btn-primary" id="reconfigureAct-common" type="button"><b>Apply</b> <i class="reconfigure-progress"></i></button>
  </div>
</section>
`;

/**
 * Tabs by hash, the users grid, and the Apply flow of the plugin's index.volt: configtest, stop
 * on ALERT, reconfigure, reload the page 300 ms after "ok", warn with data.status otherwise.
 */
const HAPROXY_SCRIPT = String.raw`
function showTab() {
  var id = window.location.hash;
  if (!/^#[a-z]+$/.test(id) || $(id + '.tab-pane').length === 0) id = '#general';
  $('.tab-pane').removeClass('active');
  $(id + '.tab-pane').addClass('active');
  $('#maintabs li').removeClass('active');
  $('#maintabs a[href="' + id + '"]').parent().addClass('active');
}
function loadUsers() {
  ajaxGet('/api/haproxy/settings/search_users', {}, function (data) {
    var $body = $('#grid-users tbody').empty();
    $.each(data.rows || [], function (i, row) {
      $('<tr></tr>').attr('data-row-id', row.uuid)
        .append($('<td></td>').text(row.enabled === '1' ? 'yes' : 'no'))
        .append($('<td class="user-name"></td>').text(row.name))
        .append($('<td></td>').text(row.description))
        .appendTo($body);
    });
  });
}
function loadGeneral() {
  ajaxGet('/api/haproxy/settings/get', {}, function (data) {
    var general = (data.haproxy || {}).general || {};
    $('[id="haproxy.general.gracefulStop"]').prop('checked', general.gracefulStop === '1');
    $('[id="haproxy.general.seamlessReload"]').prop('checked', general.seamlessReload === '1');
    $('[id="haproxy.general.hardStopAfter"]').val(general.hardStopAfter || '');
  });
}
function generalForm() {
  return {
    gracefulStop: $('[id="haproxy.general.gracefulStop"]').prop('checked') ? '1' : '0',
    seamlessReload: $('[id="haproxy.general.seamlessReload"]').prop('checked') ? '1' : '0',
    hardStopAfter: String($('[id="haproxy.general.hardStopAfter"]').val())
  };
}
$(function () {
  showTab();
  $(window).on('hashchange', showTab);
  $('#maintabs a').on('click', function (e) {
    e.preventDefault();
    window.location.hash = $(this).attr('href');
  });
  loadUsers();
  loadGeneral();

  $('#addUserAct').on('click', function () {
    var user = { enabled: '1', name: $('[id="user.name"]').val(), password: $('[id="user.password"]').val(), description: '' };
    ajaxCall('/api/haproxy/settings/add_user', { user: user }, function (data) {
      if (data.result === 'saved') {
        $('[id="user.name"], [id="user.password"]').val('');
        $('#pendingChanges').removeClass('hidden');
        loadUsers();
      } else {
        showDialog('warning', 'Input validation', JSON.stringify(data.validations || data));
      }
    });
  });

  $('[id*="reconfigureAct"]').click(function () {
    var $button = $(this);
    var saveFirst = this.id.indexOf('saveAndReconfigureAct') === 0;
    var finish = function () {
      $button.prop('disabled', false).find('.reconfigure-progress').removeClass('fa-spinner');
    };
    $button.prop('disabled', true).find('.reconfigure-progress').addClass('fa-spinner');
    var apply = function () {
      ajaxCall('/api/haproxy/service/configtest', {}, function (data) {
        if (data.result !== undefined && data.result.indexOf('ALERT') > -1) {
          finish();
          showDialog('danger', 'HAProxy configtest found critical errors', data.result);
          return;
        }
        ajaxCall('/api/haproxy/service/reconfigure', {}, function (data, status) {
          finish();
          if (status === 'success' && String(data.status).toLowerCase().trim() === 'ok') {
            setTimeout(function () { window.location.reload(true); }, 300);
          } else {
            showDialog('warning', 'Error reconfiguring HAProxy', data.status);
          }
        });
      });
    };
    if (!saveFirst) return apply();
    ajaxCall('/api/haproxy/settings/set', { haproxy: { general: generalForm() } }, function (data) {
      if (data.result === 'saved') apply();
      else { finish(); showDialog('warning', 'Input validation', JSON.stringify(data.validations || data)); }
    });
  });
});
`;

export function haproxyPage(common: Omit<LayoutInput, 'title' | 'heading' | 'body' | 'script'>) {
  return layout({
    ...common,
    title: 'Services: HAProxy: Settings',
    heading: 'Services: HAProxy: Settings',
    body: HAPROXY_BODY,
    script: HAPROXY_SCRIPT,
  });
}

export function statisticsPage(common: Omit<LayoutInput, 'title' | 'heading' | 'body' | 'script'>) {
  return layout({
    ...common,
    title: 'Services: HAProxy: Statistics',
    heading: 'Services: HAProxy: Statistics',
    body: `<div class="content-box"><h3>Overview</h3><table id="info"><tbody></tbody></table></div>`,
    script: String.raw`
$(function () {
  ajaxGet('/api/haproxy/statistics/info', {}, function (data) {
    var $body = $('#info tbody');
    $.each(data, function (key, value) {
      $('<tr></tr>').append($('<th></th>').text(key)).append($('<td></td>').text(value)).appendTo($body);
    });
  });
});`,
  });
}

export function maintenancePage(
  common: Omit<LayoutInput, 'title' | 'heading' | 'body' | 'script'>,
) {
  return layout({
    ...common,
    title: 'Services: HAProxy: Maintenance',
    heading: 'Services: HAProxy: Maintenance',
    body: '<div class="content-box"><h3>Server state</h3><p>No backends are configured on this stand-in.</p></div>',
    script: '',
  });
}

export function lobbyPage(common: Omit<LayoutInput, 'title' | 'heading' | 'body' | 'script'>) {
  return layout({
    ...common,
    title: 'Lobby: Dashboard',
    heading: 'Lobby: Dashboard',
    body: '<div class="content-box"><p>This is a stand-in OPNsense for HAProxy Reload Guard. Go to <a href="/ui/haproxy">Services: HAProxy</a>.</p></div>',
    script: '',
  });
}

export function messagePage(
  common: Omit<LayoutInput, 'title' | 'heading' | 'body' | 'script'>,
  title: string,
  text: string,
) {
  return layout({
    ...common,
    title,
    heading: title,
    body: `<div class="content-box"><p>${escapeHtml(text)}</p></div>`,
    script: '',
  });
}

/** The login form: authgui.inc reads `usernamefld`, `passwordfld` and the `login` button. */
export function loginPage({
  url,
  error,
  theme = 'light',
}: {
  url?: string;
  error?: string;
  theme?: Theme;
}): string {
  const action = url === undefined ? '/' : `/?url=${encodeURIComponent(url)}`;
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Login | OPNsense</title><style>${CSS}</style></head>
<body class="theme-${theme} page-login">
<div class="login">
  <h2>OPNsense</h2>
  ${error === undefined ? '' : `<p class="error">${escapeHtml(error)}</p>`}
  <form method="post" action="${escapeHtml(action)}" id="iform" name="iform" autocomplete="off">
    <label for="usernamefld">Username:</label>
    <input type="text" id="usernamefld" name="usernamefld" autofocus>
    <label for="passwordfld">Password:</label>
    <input type="password" id="passwordfld" name="passwordfld">
    <p><button type="submit" name="login" value="1" class="btn btn-primary">Login</button></p>
  </form>
</div>
</body>
</html>`;
}
