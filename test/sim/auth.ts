/**
 * OPNsense's two ways in (docs/opnsense.md §4): a GUI session (cookie `PHPSESSID` + a CSRF token per
 * session) and an API key/secret pair sent as HTTP basic auth. Users and privileges are fixed.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const PRIVILEGE = {
  haproxy: 'Services: HAProxy',
  systemActivity: 'Diagnostics: System Activity',
  services: 'Status: Services',
  /** `api/core/hasync/*`: the HA settings, with the peer's XMLRPC password (docs/opnsense.md §8). */
  haSettings: 'System: High Availability',
  /** `api/core/hasync_status/*` and the Status › High Availability pages. */
  haBackup: 'Status: HA backup',
  acme: 'Services: ACME Client',
} as const;

export type Privilege = (typeof PRIVILEGE)[keyof typeof PRIVILEGE];

export interface GuiUser {
  readonly name: string;
  readonly password: string;
  /** `all` = the admin group's "All pages". */
  readonly privileges: 'all' | readonly Privilege[];
}

/** root has every page; haproxy-only can run HAProxy but not read the process list. */
export const GUI_USERS: readonly GuiUser[] = [
  { name: 'root', password: 'opnsense', privileges: 'all' },
  { name: 'haproxy-only', password: 'haproxy-only', privileges: [PRIVILEGE.haproxy] },
];

export function hasPrivilege(user: GuiUser, privilege: Privilege): boolean {
  return user.privileges === 'all' || user.privileges.includes(privilege);
}

export interface Session {
  readonly id: string;
  readonly user: GuiUser;
  readonly csrfToken: string;
  /**
   * The name of the legacy pages' form field that carries the token (a random name per
   * session; the layout appends `<input type="hidden" name=key value=token>` to every form).
   */
  readonly csrfKey: string;
  lastAccess: number;
}

export interface ApiKey {
  readonly key: string;
  readonly secret: string;
}

/** OPNsense's default GUI session timeout (4 h) when none is configured. */
export const SESSION_TIMEOUT_MS = 4 * 3600 * 1000;

/** An 80-character key in OPNsense's alphabet (it generates base64 without padding). */
function randomKey(): string {
  return randomBytes(60).toString('base64');
}

function sameString(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function parseCookies(header: string | undefined): Map<string, string> {
  const cookies = new Map<string, string>();
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0) cookies.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  return cookies;
}

export type ApiKeyResult = { kind: 'user'; user: GuiUser } | { kind: 'bad' };

export type Auth = ReturnType<typeof createAuth>;

export function createAuth(now: () => number = Date.now) {
  const sessions = new Map<string, Session>();
  const apiKey: ApiKey = { key: randomKey(), secret: randomKey() };
  // Deleted under System › Access › Users › API keys: from then on OPNsense knows no such key.
  let apiKeyRevoked = false;
  const root = GUI_USERS[0];
  if (root === undefined) throw new Error('no admin user');

  return {
    apiKey,

    /** The admin deleted root's API key: every request with it gets 401 from now on. */
    revokeApiKey(): void {
      apiKeyRevoked = true;
    },

    /** Checks the login form; a new session (and id) on success, as session_regenerate_id does. */
    login(name: string, password: string): Session | null {
      const user = GUI_USERS.find((u) => u.name === name && sameString(u.password, password));
      if (user === undefined) return null;
      const session: Session = {
        id: randomBytes(16).toString('hex'),
        user,
        csrfToken: randomBytes(24).toString('base64url'),
        csrfKey: randomBytes(8).toString('hex'),
        lastAccess: now(),
      };
      sessions.set(session.id, session);
      return session;
    },

    /** The live session named by the request's cookie; an idle-expired one is dropped. */
    session(req: IncomingMessage): Session | null {
      const id = parseCookies(req.headers.cookie).get('PHPSESSID');
      const session = id === undefined ? undefined : sessions.get(id);
      if (session === undefined) return null;
      if (now() - session.lastAccess > SESSION_TIMEOUT_MS) {
        sessions.delete(session.id);
        return null;
      }
      return session;
    },

    /** Every authenticated call extends the session (doAuth sets last_access). */
    touch(session: Session): void {
      session.lastAccess = now();
    },

    destroy(session: Session): void {
      sessions.delete(session.id);
    },

    /**
     * API key mode is chosen by the mere presence of an Authorization header (isExternalClient);
     * anything but a valid `Basic base64(key:secret)` is then a 401.
     */
    apiKeyUser(authorization: string): ApiKeyResult {
      const [scheme, encoded] = authorization.split(' ');
      if (scheme?.toLowerCase() !== 'basic' || encoded === undefined) return { kind: 'bad' };
      const decoded = Buffer.from(encoded, 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      if (colon < 0) return { kind: 'bad' };
      const key = decoded.slice(0, colon);
      const secret = decoded.slice(colon + 1);
      return !apiKeyRevoked && sameString(key, apiKey.key) && sameString(secret, apiKey.secret)
        ? { kind: 'user', user: root }
        : { kind: 'bad' };
    },
  };
}

/** The session cookie: `Secure` only over https, as OPNsense sets it (docs/opnsense.md §4, §6). */
export function sessionCookie(session: Session, secure: boolean): string {
  return `PHPSESSID=${session.id};${secure ? ' Secure;' : ''} HttpOnly; SameSite=Lax; Path=/`;
}

export function clearedSessionCookie(secure: boolean): string {
  return `PHPSESSID=deleted; Expires=Thu, 01 Jan 1970 00:00:01 GMT; Max-Age=0;${secure ? ' Secure;' : ''} HttpOnly; SameSite=Lax; Path=/`;
}
