/**
 * Status › High Availability on the master of a pair (docs/opnsense.md §8): 25.1+'s page
 * (`/ui/core/hasync_status`, hasync_status.volt: the backup's services with "Synchronize and
 * Restart" per row and "Synchronize and reconfigure all", posting the `hasync_status` API) and
 * 24.x's legacy `/status_habackup.php` (form posts to itself: `exec_sync`, `reload_templates`,
 * `restart`), with the legacy pages' CSRF check (header or the session's form field).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { hasPrivilege, PRIVILEGE, type Session } from './auth.ts';
import type { SimContext } from './context.ts';
import { availableIn } from './ha-api.ts';
import { readBody, send } from './http-util.ts';
import { escapeHtml, layout, messagePage, type LayoutInput } from './pages.ts';

type Common = Omit<LayoutInput, 'title' | 'heading' | 'body' | 'script'>;

export const HA_STATUS_PATH = '/ui/core/hasync_status';
export const LEGACY_HA_STATUS_PATH = '/status_habackup.php';

const TITLE = 'Status: High Availability';

/**
 * The legacy layout (head.inc) appends the session's CSRF field to every form, next to the
 * same `$.ajaxSetup` header the MVC layout has; either one passes the legacy check.
 */
function legacyCsrfScript(session: Session): string {
  const input = `<input type="hidden" name="${session.csrfKey}" value="${session.csrfToken}" autocomplete="new-password" />`;
  return `$(function () { $('form').each(function () { $(this).append(${JSON.stringify(input)}); }); });`;
}

const STATUS_BODY = `
<div id="status_query" class="alert">Loading....</div>
<div id="status_error" class="alert" style="display: none;">The backup firewall is not accessible (check user credentials).</div>
<div id="status_ok" style="display: none;">
  <div class="content-box">
    <table><thead><tr><th colspan="3">Backup firewall versions</th></tr><tr><th>Firmware</th><th>Base</th><th>Kernel</th></tr></thead>
    <tbody><tr><td id="remote_firmware_version"></td><td id="remote_base_version"></td><td id="remote_kernel_version"></td></tr></tbody></table>
  </div>
  <div class="content-box">
    <div id="grid_services-header"><div class="row"><div class="actionBar">
      <div id="sync_container">
        <span>Synchronize and reconfigure all</span>
        <span id="act_restart_all" class="btn btn-xs btn-default" title="Synchronize and restart all services"><i class="fa fa-repeat fa-fw"></i>&#8635;</span>
      </div>
    </div></div></div>
    <table id="grid_services" class="table table-condensed table-hover table-striped">
      <thead><tr><th>Service</th><th>Description</th><th>Status</th></tr></thead>
      <tbody></tbody>
    </table>
  </div>
</div>
`;

/**
 * hasync_status.volt, with the bootgrid reduced to a table: the version call decides whether the
 * backup is reachable, each row's `.xmlrpc_srv_status_act` posts
 * `/api/core/hasync_status/<action>/<name>/<id>` through ajaxCall (so `restart/haproxy/` with an
 * empty id), `#act_restart_all` posts `restart_all`.
 */
const STATUS_SCRIPT = String.raw`
var ACTION_TITLES = { start: 'Start', restart: 'Synchronize and Restart', stop: 'Stop' };
var ACTION_SIGNS = { start: '\u25B6', restart: '\u21BB', stop: '\u25A0' };
function loadHaServices() {
  $.ajax({ type: 'POST', url: '/api/core/hasync_status/services/', dataType: 'json',
    data: { current: 1, rowCount: -1 } }).done(function (data) {
    var $body = $('#grid_services tbody').empty();
    $.each(data.rows || [], function (i, row) {
      var $status = $('<td></td>');
      var actions = row.status ? (row.nocheck ? ['restart'] : ['restart', 'stop']) : ['start'];
      $status.append($('<span class="btn btn-xs"></span>').addClass(row.status ? 'btn-success' : 'btn-danger')
        .text(row.status ? ACTION_SIGNS.start : ACTION_SIGNS.stop));
      $.each(actions, function (j, action) {
        $('<span class="btn btn-xs btn-default xmlrpc_srv_status_act"></span>')
          .attr('data-service_action', action).attr('data-service_id', row.id || '')
          .attr('data-service_name', row.name || '').attr('title', ACTION_TITLES[action])
          .text(ACTION_SIGNS[action]).appendTo($status);
      });
      $('<tr></tr>').attr('data-row-id', row.uid)
        .append($('<td></td>').text(row.name)).append($('<td></td>').text(row.description))
        .append($status).appendTo($body);
    });
  });
}
$(function () {
  ajaxGet('/api/core/hasync_status/version', {}, function (data) {
    if (data.response && data.response.firmware) {
      $('#remote_firmware_version').text(data.response.firmware.version);
      $('#remote_base_version').text(data.response.base.version);
      $('#remote_kernel_version').text(data.response.kernel.version);
      $('#grid_services').on('click', '.xmlrpc_srv_status_act', function (event) {
        event.stopPropagation();
        if ($(this).hasClass('locked')) return;
        $(this).parent().find('span').addClass('locked');
        ajaxCall('/api/core/hasync_status/' + $(this).attr('data-service_action') + '/' +
          $(this).attr('data-service_name') + '/' + $(this).attr('data-service_id'), {}, loadHaServices);
      });
      loadHaServices();
      $('#status_ok').show();
    } else {
      $('#status_error').show();
    }
    $('#status_query').hide();
    $('#act_restart_all').click(function () {
      var $icon = $(this).find('i');
      if ($icon.hasClass('fa-spinner')) return;
      $icon.removeClass('fa-repeat').addClass('fa-spinner fa-pulse');
      ajaxCall('/api/core/hasync_status/restart_all', {}, function () {
        $icon.removeClass('fa-spinner fa-pulse').addClass('fa-repeat');
        loadHaServices();
      });
    });
  });
});
`;

export function haStatusPage(common: Common): string {
  return layout({
    ...common,
    title: TITLE,
    heading: TITLE,
    body: STATUS_BODY,
    script: STATUS_SCRIPT,
  });
}

/**
 * status_habackup.php's page: the backup's services rendered on the server (XMLRPC
 * `list_services`), each running one with a restart and a stop button, and "all (*)". A click
 * posts to the page itself: `exec_sync` (the XMLRPC config sync), `reload_templates`, then one
 * `restart` per service, then reloads the page.
 */
function legacyBody(ctx: SimContext): string {
  const backup = ctx.ha.backup;
  if (backup === null) {
    return `<div class="alert">The backup firewall is not accessible or not configured.</div>`;
  }
  const version = escapeHtml(backup.firmwareVersion());
  const rows = backup
    .listServices()
    .map((service, sequence) => {
      const name = escapeHtml(service.name);
      const button = (action: string, title: string) =>
        `<span data-service_action="${action}" data-service_id="" data-service_name="${name}" title="${escapeHtml(title)}" class="btn btn-xs btn-default xmlrpc_srv_status_act">${escapeHtml(title)}</span>`;
      const buttons = service.status
        ? `${button('restart', `Restart ${service.name}Service`)} ${button('stop', `Stop ${service.name}Service`)}`
        : button('start', `Start ${service.name}Service`);
      return `<tr data-service="${name}"><td>${name}</td><td>${escapeHtml(service.description)}</td>
  <td><div data-busy-id="action_${sequence}"><span class="label ${service.status ? 'label-success' : 'label-danger'}">${service.status ? 'running' : 'stopped'}</span> ${buttons}</div>
  <div id="action_${sequence}" style="display:none;">…</div><div id="action_${sequence}_done" style="display:none;">done</div></td></tr>`;
    })
    .join('\n');
  return `
<div class="content-box"><table><thead><tr><th colspan="3">Backup firewall versions</th></tr><tr><th>Firmware</th><th>Base</th><th>Kernel</th></tr></thead>
<tbody><tr><td>${version}</td><td>${version}</td><td>${version}</td></tr></tbody></table></div>
<div class="content-box"><table id="habackup_services"><thead><tr><th colspan="3">Backup services</th></tr><tr><th>Service</th><th>Description</th><th>Status</th></tr></thead>
<tbody>
${rows}
<tr><td>templates</td><td></td><td><div id="action_templates" style="display:none;">…</div><div id="action_templates_done" style="display:none;">done</div></td></tr>
<tr><td>all (*)</td><td></td><td><div data-sequence=""><span data-service_action="restart_all" data-service_name="all" title="Restart all services" class="btn btn-xs btn-default xmlrpc_srv_status_act">Restart all services</span></div></td></tr>
</tbody></table></div>`;
}

const LEGACY_SCRIPT = String.raw`
$(function () {
  function post(params, done) { $.post(window.location.pathname, params, done); }
  function performActions(todo) {
    var item = todo.shift();
    var busy = item.handle.parent().data('busy-id');
    item.handle.parent().hide();
    if (busy) $('#' + busy).show();
    post(item.params, function () {
      if (busy) { $('#' + busy).hide(); $('#' + busy + '_done').show(); }
      if (todo.length > 0) performActions(todo); else location.reload(true);
    });
  }
  $('.xmlrpc_srv_status_act').click(function (event) {
    event.preventDefault();
    var todo = [];
    var paramsOf = function ($el) {
      return { action: $el.data('service_action'), service: $el.data('service_name'), id: $el.data('service_id') };
    };
    if ($(this).data('service_action') == 'restart_all') {
      $(this).parent().hide();
      $('.xmlrpc_srv_status_act').each(function () {
        if ($(this).data('service_action') == 'restart') todo.push({ handle: $(this), params: paramsOf($(this)) });
      });
    } else {
      todo.push({ handle: $(this), params: paramsOf($(this)) });
    }
    // Synchronize the configuration first, then the backup's templates, then the services.
    post({ action: 'exec_sync' }, function () {
      $('#action_templates').show();
      post({ action: 'reload_templates' }, function () {
        $('#action_templates').hide();
        $('#action_templates_done').show();
        performActions(todo);
      });
    });
  });
});
`;

export function legacyHaStatusPage(common: Common, ctx: SimContext, session: Session): string {
  return layout({
    ...common,
    title: TITLE,
    heading: TITLE,
    body: legacyBody(ctx),
    script: `${legacyCsrfScript(session)}\n${LEGACY_SCRIPT}`,
  });
}

/**
 * A POST to status_habackup.php: the legacy CSRF check (the `X-CSRFToken` header or the form
 * field named by the session's key; refused: the same empty 403 as the API), then the action,
 * answered with `echo json_encode(...)` under PHP's default `text/html`.
 */
async function legacyPost(
  req: IncomingMessage,
  res: ServerResponse,
  ctx: SimContext,
  session: Session,
) {
  const form = new URLSearchParams(await readBody(req));
  const token = req.headers['x-csrftoken'] ?? form.get(session.csrfKey);
  if (token !== session.csrfToken) {
    send(res, 403, null, '');
    return;
  }
  const backup = ctx.ha.backup;
  const answer = (data: unknown) => {
    send(res, 200, 'text/html; charset=UTF-8', JSON.stringify(data));
  };
  const action = form.get('action') ?? '';
  const service = form.get('service') ?? '';
  switch (action) {
    case 'exec_sync':
      // configd `filter sync`: the XMLRPC config sync, nothing restarted.
      backup?.sync(ctx.model);
      answer({ status: 'done' });
      return;
    case 'reload_templates':
      backup?.reloadTemplates();
      answer({ status: 'done' });
      return;
    case 'start':
    case 'stop':
    case 'restart': {
      const result = backup === null ? null : await backup.control(action, service);
      const done = { start: 'started', stop: 'stopped', restart: 'restarted' }[action];
      // xmlrpc_exec() returns false when the backup is unreachable.
      answer({ response: result === null ? false : `${service} has been ${done}.` });
      return;
    }
    default:
      // The page exits without output for anything else.
      send(res, 200, 'text/html; charset=UTF-8', '');
  }
}

/**
 * Serves the HA status page of the sim's version; false when `path` is not one (or not in this
 * version), so the caller answers 404.
 */
export async function handleHaPage(
  req: IncomingMessage,
  res: ServerResponse,
  ctx: SimContext,
  path: string,
  session: Session,
  common: Common,
  headers: Record<string, string>,
): Promise<boolean> {
  const legacy = !availableIn('25.7', ctx.opnsenseVersion);
  if (path !== (legacy ? LEGACY_HA_STATUS_PATH : HA_STATUS_PATH)) return false;
  if (!hasPrivilege(session.user, PRIVILEGE.haBackup)) {
    send(
      res,
      403,
      'text/html; charset=UTF-8',
      messagePage(common, 'Forbidden', `You do not have the privilege "${PRIVILEGE.haBackup}".`),
      headers,
    );
    return true;
  }
  if (legacy && req.method === 'POST') {
    await legacyPost(req, res, ctx, session);
    return true;
  }
  const html = legacy ? legacyHaStatusPage(common, ctx, session) : haStatusPage(common);
  send(res, 200, 'text/html; charset=UTF-8', html, headers);
  return true;
}
