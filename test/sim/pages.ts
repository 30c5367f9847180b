/**
 * The HTML pages: the login form (src/www/authgui.inc) and the HAProxy plugin pages in OPNsense's
 * layout (views/layouts/default.volt): jQuery, the inline `$.ajaxSetup` carrying the CSRF token,
 * the service bar, and the Apply buttons bound the way the plugin binds them (docs/opnsense.md §3).
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
#service_status_container .label-opnsense { min-width:24px; height:22px; padding:3px 4px; text-align:center; }
#service_status_container .label-success::before { content:'\\25B6'; }
#service_status_container .label-danger::before { content:'\\25A0'; }
table { border-collapse:collapse; width:100%; }
th, td { text-align:left; padding:6px 8px; border-bottom:1px solid var(--border); }
input[type=text], input[type=password] { padding:5px 8px; border:1px solid var(--border); background:var(--bg); color:var(--fg); border-radius:3px; }
.alert { padding:10px 14px; border:1px solid var(--warn); background:rgba(240,173,78,.15); margin:10px 0; }
.hidden { display:none !important; }
hr { border:0; border-top:1px solid var(--border); }
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
    <a href="/ui/core/service" class="${input.title === 'System: Services' ? 'active' : ''}">System: Services</a>
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
/** BootstrapDialog.show, reduced: a type, a title, a message, buttons ({label, action(close)}). */
function showDialog(type, title, message, buttons) {
  var $backdrop = $('<div class="modal-backdrop" role="dialog"></div>');
  var $dialog = $('<div class="modal-dialog"></div>').addClass('type-' + type);
  var close = function () { $backdrop.remove(); };
  $dialog.append($('<h4 class="modal-title"></h4>').text(title));
  // BootstrapDialog inserts the message as HTML; the API escaped <, > and & (htmlspecialchars).
  $dialog.append($('<pre class="modal-body"></pre>').html(String(message)));
  var $footer = $('<div class="modal-footer"></div>');
  $.each(buttons || [{ label: 'Close', action: close }], function (i, b) {
    $('<button type="button" class="btn"></button>').addClass(b.cssClass || 'btn-default').text(b.label)
      .on('click', function () { b.action(close); }).appendTo($footer);
  });
  $('#dialogContainer').append($backdrop.append($dialog.append($footer)));
}
/**
 * opnsense_ui.js' updateServiceStatusUI: a status icon in #service_status_container, nothing
 * else. (The newer updateServiceControlUI renders restart/stop/start buttons there; the HAProxy
 * plugin never adopted it, so its pages have none of those buttons.)
 */
function updateServiceStatusUI(status) {
  var css = status === 'running' ? 'label-success' : status === 'stopped' ? 'label-danger' : 'hidden';
  var icon = status === 'running' ? 'fa-play' : 'fa-stop';
  $('#service_status_container').html(
    '<span class="label label-opnsense label-opnsense-sm ' + css + '" title="' + status + '">' +
    '<i class="fa ' + icon + ' fa-fw"></i></span>'
  );
}
/** The System › Services list posts these (core service API), with no timeout. */
function serviceCommand(action, id, done) {
  ajaxCall('/api/core/service/' + action + '/' + id, {}, done);
}
`;

/** Every HAProxy plugin page asks for the status and shows only the icon (docs/opnsense.md §3). */
const HAPROXY_STATUS_SCRIPT = String.raw`
$(function () {
  ajaxCall('/api/haproxy/service/status', {}, function (data) {
    updateServiceStatusUI(data['status']);
  });
});
`;

// Ids, forms and buttons as in the plugin's index.volt: the grid tabs share
// #haproxyCommonButtons (hidden until a non-"general" tab is shown), the settings sub-tabs carry
// their own saveAndReconfigureAct_/saveAndTestAct_ buttons. Each progress icon's id also contains
// the action name, as in the original, so it is matched by the same [id*=...] selectors.
const HAPROXY_BODY = `
<ul class="nav nav-tabs" role="tablist" id="maintabs">
  <li class="active"><a data-toggle="tab" href="#introduction"><b>Introduction</b></a></li>
  <li><a data-toggle="tab" href="#frontends">Public Services</a></li>
  <li><a data-toggle="tab" id="users-tab" href="#users">Users</a></li>
  <li><a data-toggle="tab" id="general-settings-tab" href="#general-settings">Settings: Service</a></li>
</ul>
<div class="tab-content content-box">
  <div id="introduction" class="tab-pane active">
    <h3>Quick Start Guide</h3>
    <p>This stand-in runs one public service guarded by a userlist. Add users under <a href="#users">Users</a>, then Apply.</p>
  </div>
  <div id="frontends" class="tab-pane">
    <h3>Public Services</h3>
    <p>One frontend, <code>hrg_frontend</code>, answering <code>ok</code> to users of the userlist.</p>
  </div>
  <div id="users" class="tab-pane">
    <h3>Users</h3>
    <table id="grid-users"><thead><tr><th>Enabled</th><th>Name</th><th>Description</th></tr></thead><tbody></tbody></table>
    <form id="frm_add_user" onsubmit="return false">
      <p>
        <input type="text" id="user.name" name="name" placeholder="Name" autocomplete="off">
        <input type="password" id="user.password" name="password" placeholder="Password" autocomplete="new-password">
        <button type="submit" class="btn" id="addUserAct">Add user</button>
      </p>
    </form>
  </div>
  <div id="general-settings" class="tab-pane">
    <h3>Service</h3>
    <form id="frm_haproxy-general-settings">
      <p><label><input type="checkbox" id="haproxy.general.gracefulStop"> Graceful stop</label></p>
      <p><label>Graceful stop timeout <input type="text" id="haproxy.general.hardStopAfter" size="8"></label></p>
      <p><label><input type="checkbox" id="haproxy.general.seamlessReload"> Seamless reload</label></p>
    </form>
    <hr>
    <button class="btn btn-primary" id="saveAndReconfigureAct_haproxy-general-settings" type="button"><b>Apply</b> <i id="saveAndReconfigureAct_progress"></i></button>
    <button class="btn btn-primary" id="saveAndTestAct_haproxy-general-settings" type="button"><b>Save & Test syntax</b><i id="saveAndTestAct_progress" class=""></i></button>
  </div>
  <div class="col-md-12" id="haproxyCommonButtons" style="display: none">
    <div id="haproxyPendingReminder" class="alert alert-warning" style="display: none" role="alert">There are pending configuration changes that must be applied in order for them to take effect.</div>
    <hr>
    <button class="btn btn-primary" id="reconfigureAct-common" type="button"><b>Apply</b><i id="reconfigureAct_progress" class=""></i></button>
    <button class="btn btn-primary" id="configtestAct-common" type="button"><b>Test syntax</b><i id="configtestAct_progress" class=""></i></button>
  </div>
</div>
`;

/**
 * The plugin's page logic: tabs by hash, the users grid, the pending-changes reminder, and the
 * Apply flows of index.volt — common Apply: configtest, stop on ALERT, reconfigure, reload the
 * page 300 ms after "ok", warn with data.status otherwise; settings Apply: save the form first,
 * and on ALERT ask "Try anyway?".
 */
const HAPROXY_SCRIPT = String.raw`
var TABS = { '#general': '#general-settings' };
function showTab() {
  var hash = TABS[window.location.hash] || window.location.hash;
  if (!/^#[a-z-]+$/.test(hash) || $(hash + '.tab-pane').length === 0) return;
  // index.volt: the common buttons belong to the grid tabs, not to the settings tabs.
  $('#haproxyCommonButtons').toggle(!/^#general/.test(hash));
  $('.tab-pane').removeClass('active');
  $(hash + '.tab-pane').addClass('active');
  $('#maintabs li').removeClass('active');
  $('#maintabs a[href="' + hash + '"]').parent().addClass('active');
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
function pendingChangesReminder() {
  ajaxCall('/api/haproxy/export/diff/', {}, function (data) {
    $('#haproxyPendingReminder').toggle(Boolean(data.response && data.response.trim()));
  });
}
function saveGeneral(callbackOk) {
  var general = {
    gracefulStop: $('[id="haproxy.general.gracefulStop"]').prop('checked') ? '1' : '0',
    seamlessReload: $('[id="haproxy.general.seamlessReload"]').prop('checked') ? '1' : '0',
    hardStopAfter: String($('[id="haproxy.general.hardStopAfter"]').val())
  };
  ajaxCall('/api/haproxy/settings/set', { haproxy: { general: general } }, function (data) {
    if (data.result === 'saved') callbackOk();
    else showDialog('warning', 'Input validation', JSON.stringify(data.validations || data));
  });
}
function progress(selector, on) {
  $(selector).toggleClass('fa fa-spinner fa-pulse', on);
}
function reconfigure(progressSelector, reloadOnSuccess) {
  ajaxCall('/api/haproxy/service/reconfigure', {}, function (data, status) {
    if (status != 'success' || data['status'] != 'ok') {
      showDialog('warning', 'Error reconfiguring HAProxy', data['status']);
    } else if (reloadOnSuccess) {
      // reload page to hide pending changes reminder
      setTimeout(function () { window.location.reload(true); }, 300);
    }
    progress(progressSelector, false);
  });
}
function configtestDialog(data) {
  if (data['result'].indexOf('ALERT') > -1) {
    showDialog('danger', 'HAProxy configtest found critical errors', data['result']);
  } else if (data['result'].indexOf('WARNING') > -1) {
    showDialog('warning', 'HAProxy configtest found minor errors', data['result']);
  } else {
    showDialog('warning', 'HAProxy configtest result', 'Your HAProxy config contains no errors.');
  }
}
$(function () {
  $('#maintabs a').on('click', function (e) {
    e.preventDefault();
    history.pushState(null, null, $(this).attr('href'));
    showTab();
  });
  $(window).on('hashchange', showTab);
  showTab();
  loadUsers();
  loadGeneral();
  pendingChangesReminder();

  $('#addUserAct').on('click', function () {
    var user = { enabled: '1', name: $('[id="user.name"]').val(), password: $('[id="user.password"]').val(), description: '' };
    ajaxCall('/api/haproxy/settings/add_user', { user: user }, function (data) {
      if (data.result === 'saved') {
        $('[id="user.name"], [id="user.password"]').val('');
        loadUsers();
        pendingChangesReminder();
      } else {
        showDialog('warning', 'Input validation', JSON.stringify(data.validations || data));
      }
    });
  });

  // Reconfigure haproxy - activate changes
  $('[id*="reconfigureAct"]').each(function () {
    $(this).click(function () {
      progress('[id*="reconfigureAct_progress"]', true);
      ajaxCall('/api/haproxy/service/configtest', {}, function (data) {
        if (data['result'].indexOf('ALERT') > -1) {
          showDialog('danger', 'HAProxy configtest found critical errors',
            'The HAProxy service may not be able to start due to critical errors. Run syntax check for further details.',
            [{ label: 'Abort', action: function (close) { progress('[id*="reconfigureAct_progress"]', false); close(); } }]);
        } else {
          reconfigure('[id*="reconfigureAct_progress"]', true);
        }
      });
    });
  });

  $('[id*="configtestAct"]').each(function () {
    $(this).click(function () {
      progress('[id*="configtestAct_progress"]', true);
      ajaxCall('/api/haproxy/service/configtest', {}, function (data) {
        progress('[id*="configtestAct_progress"]', false);
        configtestDialog(data);
      });
    });
  });

  $('[id*="saveAndTestAct"]').each(function () {
    $(this).click(function () {
      saveGeneral(function () {
        progress('[id*="saveAndTestAct_progress"]', true);
        ajaxCall('/api/haproxy/service/configtest', {}, function (data) {
          configtestDialog(data);
          progress('[id*="saveAndTestAct_progress"]', false);
        });
      });
    });
  });

  // save general settings and reconfigure HAProxy
  $('[id*="saveAndReconfigureAct"]').each(function () {
    $(this).click(function () {
      saveGeneral(function () {
        progress('[id*="saveAndReconfigureAct_progress"]', true);
        ajaxCall('/api/haproxy/service/configtest', {}, function (data) {
          if (data['result'].indexOf('ALERT') > -1) {
            showDialog('danger', 'HAProxy config contains critical errors',
              'The HAProxy service may not be able to start due to critical errors. Try anyway?', [
                { label: 'Continue', cssClass: 'btn-primary', action: function (close) {
                  reconfigure('[id*="saveAndReconfigureAct_progress"]', false);
                  close();
                } },
                { label: 'Abort', action: function (close) {
                  progress('[id*="saveAndReconfigureAct_progress"]', false);
                  close();
                } }
              ]);
          } else {
            reconfigure('[id*="saveAndReconfigureAct_progress"]', true);
          }
        });
      });
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
    script: HAPROXY_STATUS_SCRIPT + HAPROXY_SCRIPT,
  });
}

export function statisticsPage(common: Omit<LayoutInput, 'title' | 'heading' | 'body' | 'script'>) {
  return layout({
    ...common,
    title: 'Services: HAProxy: Statistics',
    heading: 'Services: HAProxy: Statistics',
    body: `<div class="content-box"><h3>Overview</h3><table id="info"><tbody></tbody></table></div>`,
    script:
      HAPROXY_STATUS_SCRIPT +
      String.raw`
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
    script: HAPROXY_STATUS_SCRIPT,
  });
}

/**
 * The dashboard's services widget, reduced to what the extension's users meet: one row per
 * service from `core/service/search`, with restart/stop/start posting the core service API the
 * way BaseWidget's ajaxCall does (docs/opnsense.md §8): a 5 s timeout, and after a timeout the same
 * request again at once, up to 3 times. Any other error, or the last timeout, ends it with no
 * callback: the real widget's promise rejects and its buttons stay busy.
 */
const DASHBOARD_BODY = `
<div class="content-box"><p>This is a stand-in OPNsense for HAProxy Reload Guard. Go to <a href="/ui/haproxy">Services: HAProxy</a>.</p></div>
<section class="content-box widget" id="dashboard-services-widget">
  <h3>Services</h3>
  <table><thead><tr><th>Service</th><th>Description</th><th>Status</th><th></th></tr></thead><tbody></tbody></table>
</section>
`;

const DASHBOARD_SCRIPT = String.raw`
var WIDGET_TIMEOUT_MS = 5000;
var WIDGET_RETRY_LIMIT = 3;
function widgetCommand(action, id, done) {
  var timeouts = 0;
  function send() {
    $.ajax({
      type: 'POST', url: '/api/core/service/' + action + '/' + id, dataType: 'json',
      contentType: 'application/json', data: '{}', timeout: WIDGET_TIMEOUT_MS,
      success: function () { done(); },
      error: function (xhr, textStatus) {
        timeouts += textStatus === 'timeout' ? 1 : 0;
        if (textStatus === 'timeout' && timeouts <= WIDGET_RETRY_LIMIT) send();
      }
    });
  }
  send();
}
function loadServicesWidget() {
  ajaxGet('/api/core/service/search', {}, function (data) {
    var $body = $('#dashboard-services-widget tbody').empty();
    $.each(data.rows || [], function (i, row) {
      var running = row.running == 1;
      var $actions = $('<td class="service-actions"></td>');
      $.each(running ? ['restart', 'stop'] : ['start'], function (j, action) {
        $('<button type="button" class="btn btn-sm"></button>')
          .attr('data-service-action', action).attr('data-service-id', row.id)
          .attr('title', action.charAt(0).toUpperCase() + action.slice(1))
          .text(action.charAt(0).toUpperCase() + action.slice(1)).appendTo($actions);
      });
      $('<tr></tr>').attr('data-service-id', row.id)
        .append($('<td></td>').text(row.name))
        .append($('<td></td>').text(row.description))
        .append($('<td></td>').append($('<span class="label"></span>')
          .addClass(running ? 'label-success' : 'label-danger').text(running ? 'Running' : 'Stopped')))
        .append($actions)
        .appendTo($body);
    });
  });
}
$(function () {
  $('#dashboard-services-widget').on('click', 'button[data-service-action]', function () {
    $('#dashboard-services-widget button').prop('disabled', true);
    widgetCommand($(this).attr('data-service-action'), $(this).attr('data-service-id'), loadServicesWidget);
  });
  loadServicesWidget();
});
`;

export function lobbyPage(common: Omit<LayoutInput, 'title' | 'heading' | 'body' | 'script'>) {
  return layout({
    ...common,
    title: 'Lobby: Dashboard',
    heading: 'Lobby: Dashboard',
    body: DASHBOARD_BODY,
    script: DASHBOARD_SCRIPT,
  });
}

/**
 * System › Services (`/ui/core/service`): the bootgrid of `core/service/search`, each row with
 * the grid's command buttons (`command-restart`, `command-stop`, `command-start`, keyed by
 * `data-row-id`), posting `/api/core/service/<action>/<id>` through ajaxCall.
 */
const SERVICES_BODY = `
<div class="content-box">
  <table id="grid-services" class="table table-condensed table-hover table-striped">
    <thead><tr><th data-column-id="name">Name</th><th data-column-id="description">Description</th><th data-column-id="running">Status</th><th data-column-id="commands">Commands</th></tr></thead>
    <tbody></tbody>
  </table>
</div>
`;

const SERVICES_SCRIPT = String.raw`
var COMMAND_LABELS = { restart: 'Restart', stop: 'Stop', start: 'Start' };
function loadServices() {
  ajaxGet('/api/core/service/search', {}, function (data) {
    var $body = $('#grid-services tbody').empty();
    $.each(data.rows || [], function (i, row) {
      var running = row.running == 1;
      var $commands = $('<td></td>');
      $.each(running ? ['restart', 'stop'] : ['start'], function (j, action) {
        $('<button type="button" class="btn btn-xs btn-default bootgrid-tooltip"></button>')
          .addClass('command-' + action).attr('data-row-id', row.id)
          .attr('title', COMMAND_LABELS[action]).text(COMMAND_LABELS[action]).appendTo($commands);
      });
      $('<tr></tr>').attr('data-row-id', row.id)
        .append($('<td></td>').text(row.name))
        .append($('<td></td>').text(row.description))
        .append($('<td></td>').append($('<span class="label"></span>')
          .addClass(running ? 'label-success' : 'label-danger').text(running ? 'Running' : 'Stopped')))
        .append($commands)
        .appendTo($body);
    });
  });
}
$(function () {
  $.each(['restart', 'stop', 'start'], function (i, action) {
    $('#grid-services').on('click', '.command-' + action, function () {
      $('#grid-services button').prop('disabled', true);
      serviceCommand(action, $(this).attr('data-row-id'), loadServices);
    });
  });
  loadServices();
});
`;

export function servicesPage(common: Omit<LayoutInput, 'title' | 'heading' | 'body' | 'script'>) {
  return layout({
    ...common,
    title: 'System: Services',
    heading: 'System: Services',
    body: SERVICES_BODY,
    script: SERVICES_SCRIPT,
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
