import { describe, expect, it } from 'vitest';
import {
  ENDPOINTS,
  PRIVILEGE,
  SERVICE_ACTION_ENDPOINTS,
  isHaproxyPluginPath,
} from '../../../src/opnsense/endpoints.ts';

describe('ENDPOINTS', () => {
  it('names each path once, all under /api/', () => {
    const paths = Object.values(ENDPOINTS).map((endpoint) => endpoint.path);
    expect(new Set(paths).size).toBe(paths.length);
    for (const path of paths) expect(path).toMatch(/^\/api\/[a-z]+\/[a-z]+\/[A-Za-z_]+$/);
  });

  it('asks for Services: HAProxy on every plugin path and System Activity for the process list', () => {
    for (const endpoint of Object.values(ENDPOINTS)) {
      expect(endpoint.privilege).toBe(
        isHaproxyPluginPath(endpoint.path) ? 'Services: HAProxy' : 'Diagnostics: System Activity',
      );
    }
    expect(ENDPOINTS.activity.path).toBe('/api/diagnostics/activity/get_activity');
  });

  it('keeps the privilege names verbatim, as the UI localises by them', () => {
    expect(PRIVILEGE).toEqual({
      haproxy: 'Services: HAProxy',
      systemActivity: 'Diagnostics: System Activity',
    });
  });

  it('maps service actions to POST-only endpoints', () => {
    for (const [action, endpoint] of Object.entries(SERVICE_ACTION_ENDPOINTS)) {
      expect(endpoint.path).toBe(`/api/haproxy/service/${action}`);
      expect(endpoint.methods).toEqual(['POST']);
    }
  });

  it.each([
    ['/api/haproxy/service/status', true],
    ['/api/haproxyx/service/status', false],
    ['/api/diagnostics/activity/get_activity', false],
    ['/ui/haproxy', false],
  ])('isHaproxyPluginPath(%s) is %s', (path, expected) => {
    expect(isHaproxyPluginPath(path)).toBe(expected);
  });
});
