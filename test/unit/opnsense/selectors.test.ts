// @vitest-environment happy-dom
import { readFileSync } from 'node:fs';
import { beforeEach, describe, expect, it } from 'vitest';
import { readCsrfToken } from '../../../src/opnsense/csrf.ts';
import {
  APPLY_BUTTON,
  csrfScriptText,
  isHaproxyPage,
  isHaproxyPageUrl,
  pageActionAt,
  triggerForClick,
} from '../../../src/opnsense/selectors.ts';

const page = readFileSync('test/unit/opnsense/pages/haproxy-settings.html', 'utf8');

beforeEach(() => {
  document.documentElement.innerHTML = page.replace(/^<!doctype html>/i, '');
});

describe('OPNsense HAProxy page selectors, over a saved page', () => {
  it.each([
    ['#reconfigureAct-common', 'apply'],
    ['#reconfigureAct_progress', 'apply'],
    ['#saveAndReconfigureAct_haproxy-general-settings', 'apply'],
    ['#saveAndReconfigureAct_progress', 'apply'],
    ['#service_status_container i', null],
    ['#configtestAct-common', null],
    ['#saveAndTestAct_haproxy-general-settings', null],
    ['a[href="#users"]', null],
  ])('a click on %s means %s', (selector, trigger) => {
    expect(triggerForClick(document.querySelector(selector))).toBe(trigger);
  });

  it('finds every Apply button the page binds', () => {
    expect([...document.querySelectorAll(APPLY_BUTTON)].map((element) => element.id)).toEqual([
      'saveAndReconfigureAct_haproxy-general-settings',
      'saveAndReconfigureAct_progress',
      'reconfigureAct-common',
      'reconfigureAct_progress',
    ]);
  });

  it('recognises the HAProxy page, and nothing else', () => {
    expect(isHaproxyPage(document, '/ui/haproxy')).toBe(true);
    expect(isHaproxyPage(document, '/ui/haproxy/statistics')).toBe(true);
    expect(isHaproxyPage(document, '/ui/haproxyfoo')).toBe(false);
    expect(isHaproxyPage(document, '/ui/nginx')).toBe(false);
    document.body.innerHTML = '<p>Login</p>';
    expect(isHaproxyPage(document, '/ui/haproxy')).toBe(false);
  });

  it('reads the CSRF token from the layout script only', () => {
    expect(readCsrfToken(csrfScriptText(document))).toBe('dGVzdC10b2tlbi1mb3ItZml4dHVyZQ==');
    document.head.innerHTML = '<script src="/x.js"></script>';
    expect(csrfScriptText(document)).toBe('');
  });

  it('ignores clicks on non-elements', () => {
    expect(triggerForClick(null)).toBeNull();
    expect(triggerForClick(document)).toBeNull();
  });
});

describe("the page's own requests the observer follows", () => {
  it.each([
    ['/api/haproxy/service/configtest', 'configtest'],
    ['/api/haproxy/service/reconfigure', 'reconfigure'],
    ['/api/haproxy/service/start', 'start'],
    ['/api/haproxy/service/restart', 'restart'],
    // Compared whole, as the old pattern `^…/(configtest|reconfigure|start|restart)$` did.
    ['/api/haproxy/service/stop', undefined],
    ['/api/haproxy/service/status', undefined],
    ['/api/haproxy/service/reconfigure/', undefined],
    ['/api/haproxy/service/reconfigureAct', undefined],
    ['/x/api/haproxy/service/reconfigure', undefined],
    ['/api/core/service/restart/haproxy', undefined],
  ])('%s is %s', (path, action) => {
    expect(pageActionAt(path)).toBe(action);
  });

  it('tells the HAProxy pages by their path', () => {
    expect(isHaproxyPageUrl('https://fw.lan/ui/haproxy#users')).toBe(true);
    expect(isHaproxyPageUrl('https://fw.lan/ui/haproxy/statistics', 'https://fw.lan')).toBe(true);
    expect(isHaproxyPageUrl('https://fw.lan/ui/haproxyfoo')).toBe(false);
    expect(isHaproxyPageUrl('https://fw.lan/ui/haproxy', 'https://other.lan')).toBe(false);
  });
});
