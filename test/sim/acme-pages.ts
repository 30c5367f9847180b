/**
 * The ACME client's pages, reduced to what restarts HAProxy (docs/opnsense.md §8):
 * - Services › ACME Client › Certificates (`/ui/acmeclient/certificates`): each row's "Issue or
 *   renew" posts the HAProxy integration first, then `certificates/sign/<uuid>`, as the plugin's
 *   `certificates.volt` does after its confirmation (left out here); "Run automations" posts
 *   `certificates/automation/<uuid>`; "Issue/renew all" posts `service/signallcerts`.
 * - Services › ACME Client › Settings (`/ui/acmeclient/settings`): Apply saves, then posts the
 *   HAProxy integration.
 * The restarts themselves happen in acme.ts; the pages only send the requests.
 */
import { layout, type LayoutInput } from './pages.ts';

type Common = Omit<LayoutInput, 'title' | 'heading' | 'body' | 'script'>;

const CERTIFICATES_BODY = `
<div class="content-box">
  <table id="grid-certificates" class="table table-condensed table-hover table-striped">
    <thead><tr><th data-column-id="name">Common Name</th><th data-column-id="commands">Commands</th></tr></thead>
    <tbody></tbody>
  </table>
  <button type="button" id="signallcertsAct" class="btn btn-primary">Issue/renew all certificates</button>
  <p id="acmeStatus"></p>
</div>
`;

const CERTIFICATES_SCRIPT = String.raw`
function loadCertificates() {
  ajaxCall('/api/acmeclient/certificates/search', {}, function (data) {
    var $body = $('#grid-certificates tbody').empty();
    $.each(data.rows || [], function (i, row) {
      var $commands = $('<td></td>');
      $('<button type="button" class="btn btn-xs btn-default command-sign"></button>')
        .attr('data-row-id', row.uuid).attr('title', 'Issue or renew certificate')
        .text('Issue or renew').appendTo($commands);
      $('<button type="button" class="btn btn-xs btn-default command-automation"></button>')
        .attr('data-row-id', row.uuid).attr('title', 'Run automations')
        .text('Run automations').appendTo($commands);
      $('<tr></tr>').attr('data-row-id', row.uuid)
        .append($('<td></td>').text(row.name)).append($commands).appendTo($body);
    });
  });
}
function acmeDone(what) {
  return function (data, status) {
    $('#acmeStatus').text(what + ': ' + (data.status || status));
    $('#grid-certificates button, #signallcertsAct').prop('disabled', false);
  };
}
$(function () {
  $('#grid-certificates').on('click', '.command-sign', function () {
    var uuid = $(this).attr('data-row-id');
    $('#grid-certificates button, #signallcertsAct').prop('disabled', true);
    // Handle HAProxy integration (no-op if not applicable), then sign: as certificates.volt.
    ajaxCall('/api/acmeclient/settings/fetch_ha_proxy_integration', {}, function () {
      ajaxCall('/api/acmeclient/certificates/sign/' + uuid, {}, acmeDone('sign'));
    });
  });
  $('#grid-certificates').on('click', '.command-automation', function () {
    var uuid = $(this).attr('data-row-id');
    $('#grid-certificates button, #signallcertsAct').prop('disabled', true);
    ajaxCall('/api/acmeclient/certificates/automation/' + uuid, {}, acmeDone('automation'));
  });
  $('#signallcertsAct').on('click', function () {
    $('#grid-certificates button, #signallcertsAct').prop('disabled', true);
    ajaxCall('/api/acmeclient/service/signallcerts', {}, acmeDone('signallcerts'));
  });
  loadCertificates();
});
`;

export function acmeCertificatesPage(common: Common) {
  return layout({
    ...common,
    title: 'Services: ACME Client: Certificates',
    heading: 'Services: ACME Client: Certificates',
    body: CERTIFICATES_BODY,
    script: CERTIFICATES_SCRIPT,
  });
}

const SETTINGS_BODY = `
<div class="content-box">
  <label><input type="checkbox" id="acmeclient.settings.haproxyIntegration" checked> HAProxy Integration</label>
  <button type="button" id="reconfigureAct" class="btn btn-primary">Apply</button>
  <p id="acmeStatus"></p>
</div>
`;

const SETTINGS_SCRIPT = String.raw`
$(function () {
  $('#reconfigureAct').on('click', function () {
    $('#reconfigureAct').prop('disabled', true);
    ajaxCall('/api/acmeclient/settings/fetch_ha_proxy_integration', {}, function (data, status) {
      $('#acmeStatus').text('integration: ' + (data.status || status));
      $('#reconfigureAct').prop('disabled', false);
    });
  });
});
`;

export function acmeSettingsPage(common: Common) {
  return layout({
    ...common,
    title: 'Services: ACME Client: Settings',
    heading: 'Services: ACME Client: Settings',
    body: SETTINGS_BODY,
    script: SETTINGS_SCRIPT,
  });
}
