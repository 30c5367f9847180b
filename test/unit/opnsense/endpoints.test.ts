import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import * as endpointsModule from '../../../src/opnsense/endpoints.ts';
import {
  ENDPOINTS,
  PRIVILEGE,
  SERVICE_ACTION_ENDPOINTS,
  acceptsMethod,
  isHaproxyPluginPath,
} from '../../../src/opnsense/endpoints.ts';

const ENDPOINTS_FILE = 'src/opnsense/endpoints.ts';

/** Every source file of the extension, with its text. */
function sourceFiles(dir = 'src'): { path: string; text: string }[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.(?:tsx?|html)$/.test(entry.name) ? [{ path, text: readFileSync(path, 'utf8') }] : [];
  });
}

/** The string, template and regular-expression literals of a file that name an `/api/` path. */
function apiLiterals(path: string, text: string): string[] {
  if (path.endsWith('.html')) return text.includes('/api/') ? [path] : [];
  const file = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isStringLiteralLike(node) || ts.isTemplateLiteralToken(node)) {
      if (node.text.includes('/api/')) found.push(`${path}: ${node.getText()}`);
    } else if (ts.isRegularExpressionLiteral(node)) {
      if (/\\?\/api\\?\//.test(node.text)) found.push(`${path}: ${node.text}`);
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

describe('ENDPOINTS', () => {
  it('names each path once, all under /api/', () => {
    const paths = Object.values(ENDPOINTS).map((endpoint) => endpoint.path);
    expect(new Set(paths).size).toBe(paths.length);
    for (const path of paths) {
      expect(path).toMatch(/^\/api\/[a-z]+\/[a-z_]+\/[A-Za-z_]+(?:\/haproxy)?$/);
    }
  });

  it('asks for Services: HAProxy on every plugin path, Status: Services on the core service paths, Services: ACME Client on the ACME paths', () => {
    for (const endpoint of Object.values(ENDPOINTS)) {
      const expected = isHaproxyPluginPath(endpoint.path)
        ? 'Services: HAProxy'
        : endpoint.path.startsWith('/api/core/service/')
          ? 'Status: Services'
          : endpoint.path.startsWith('/api/core/hasync_status/')
            ? 'Status: HA backup'
            : endpoint.path.startsWith('/api/core/hasync/')
              ? 'System: High Availability'
              : endpoint.path.startsWith('/api/acmeclient/')
                ? 'Services: ACME Client'
                : 'Diagnostics: System Activity';
      expect(endpoint.privilege).toBe(expected);
    }
    expect(ENDPOINTS.activity.path).toBe('/api/diagnostics/activity/get_activity');
  });

  it('keeps the privilege names verbatim, as the UI localises by them', () => {
    expect(PRIVILEGE).toEqual({
      haproxy: 'Services: HAProxy',
      systemActivity: 'Diagnostics: System Activity',
      services: 'Status: Services',
      haStatus: 'Status: HA backup',
      haSettings: 'System: High Availability',
      acme: 'Services: ACME Client',
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

  it.each([
    ['POST', true],
    ['post', true],
    ['GET', false],
    ['', false],
  ])('reconfigure accepts %j: %s', (method, expected) => {
    expect(acceptsMethod(ENDPOINTS.serviceReconfigure, method)).toBe(expected);
  });
});

describe('the endpoint table is the only place of API paths', () => {
  const files = sourceFiles();

  it('finds the source files it checks', () => {
    // Guards the two tests below against passing over an empty or misplaced tree.
    expect(files.map((file) => file.path)).toContain(ENDPOINTS_FILE);
    expect(files.length).toBeGreaterThan(50);
    expect(
      apiLiterals('x.ts', "const a = '/api/x'; const b = `${o}/api/y`; const c = /\\/api\\//;"),
    ).toHaveLength(3);
    expect(apiLiterals('x.ts', '// GET /api/x\n/** POST /api/y */ const a = 1;')).toEqual([]);
  });

  it('has no /api/ string, template or regular-expression literal outside endpoints.ts', () => {
    const strays = files
      .filter((file) => file.path !== ENDPOINTS_FILE)
      .flatMap((file) => apiLiterals(file.path, file.text));
    expect(strays).toEqual([]);
  });

  it('has every entry used outside endpoints.ts, by name or through a group that is', () => {
    const others = files.filter((file) => file.path !== ENDPOINTS_FILE);
    const referenced = (name: string) =>
      others.some((file) => new RegExp(`\\b${name}\\b`).test(file.text));
    // A group is an exported object of entries, such as SERVICE_ACTION_ENDPOINTS.
    const groups = Object.entries(endpointsModule).filter(
      ([name, value]) =>
        name !== 'ENDPOINTS' &&
        typeof value === 'object' &&
        Object.values(value).some((entry) => Object.values(ENDPOINTS).includes(entry as never)),
    );
    const unused = Object.entries(ENDPOINTS)
      .filter(
        ([name, entry]) =>
          !referenced(`ENDPOINTS\\.${name}`) &&
          !groups.some(
            ([group, members]) =>
              referenced(group) && Object.values(members as object).includes(entry),
          ),
      )
      .map(([name]) => name);
    expect(unused).toEqual([]);
  });
});
