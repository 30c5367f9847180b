/** Small node:http helpers shared by the pages, the API and the control endpoints. */
import type { IncomingMessage, ServerResponse } from 'node:http';

const MAX_BODY = 1024 * 1024;

export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(new Error('body too large'));
        req.destroy();
      } else {
        chunks.push(c);
      }
    });
    req.on('end', () => {
      resolve(Buffer.concat(chunks).toString('utf8'));
    });
    req.on('error', reject);
  });
}

export function sendJson(res: ServerResponse, status: number, data: unknown): void {
  send(res, status, 'application/json; charset=UTF-8', JSON.stringify(data));
}

export function sendHtml(res: ServerResponse, status: number, html: string): void {
  send(res, status, 'text/html; charset=UTF-8', html);
}

export function send(
  res: ServerResponse,
  status: number,
  contentType: string | null,
  body: string | Buffer,
  headers: Record<string, string> = {},
): void {
  const all: Record<string, string | number> = {
    'Cache-Control': 'no-store',
    'Content-Length': Buffer.byteLength(body),
    ...headers,
  };
  if (contentType !== null) all['Content-Type'] = contentType;
  res.writeHead(status, all);
  res.end(body);
}

export function redirect(res: ServerResponse, location: string, cookie?: string): void {
  const headers: Record<string, string> = { Location: location, 'Cache-Control': 'no-store' };
  if (cookie !== undefined) headers['Set-Cookie'] = cookie;
  res.writeHead(302, headers);
  res.end();
}

/** Only a local path may be a redirect target (OPNsense sanitizes `url` as `local_uri`). */
export function localPath(value: string | null): string | null {
  if (value === null || !value.startsWith('/') || value.startsWith('//')) return null;
  if (/[\r\n\\]/.test(value)) return null;
  return value;
}
