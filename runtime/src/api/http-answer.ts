import type { CookieOptions, Response } from 'express';

// What an http-response answer becomes on the wire, where it must match Node-RED for imported
// flows: the content type guessed from a string payload, cookies in and out, and paths (redirect
// targets, cookie paths) written relative to the flows' base path `/http`, as http-in paths are.

const HTML_START =
  /^<(!doctype\s+html|html|head|body|div|p|h[1-6]|table|ul|ol|form|span|a|img|br|hr|section|article|main|header|footer|nav|script|style|pre|meta|link|title|button|input|iframe|svg)[\s>/]/i;

/**
 * Content type of a string payload without a content-type header: HTML (a template's page) as
 * `text/html` as Node-RED serves it, other markup as `application/xml`, anything else `text/plain`
 * (Node-RED: `text/html` for every string; plain text is not served as HTML here on purpose).
 */
export function contentTypeOfText(payload: string): string {
  const start = payload.trimStart();
  if (HTML_START.test(start)) return 'text/html';
  return start.startsWith('<') ? 'application/xml' : 'text/plain';
}

/** `msg.req.cookies`: the request's Cookie header as `{ name: value }` (values URI-decoded). */
export function cookiesOf(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const name = part.slice(0, eq).trim();
    let value = part.slice(eq + 1).trim();
    if (value.startsWith('"') && value.endsWith('"') && value.length >= 2) value = value.slice(1, -1);
    if (!name || name in out) continue; // the first (most specific path) wins, as in cookie-parser
    try {
      out[name] = decodeURIComponent(value);
    } catch {
      out[name] = value;
    }
  }
  return out;
}

/**
 * A root-relative path (`/orders/1`) moved below `base` (`/http/orders/1`), as http-in paths are;
 * absolute URLs, protocol-relative ones, relative paths and paths already below `base` stay.
 */
export function underBase(path: string, base: string): string {
  if (!base || !path.startsWith('/') || path.startsWith('//')) return path;
  if (path === base || path.startsWith(`${base}/`) || path.startsWith(`${base}?`)) return path;
  return path === '/' ? base : `${base}${path}`;
}

/**
 * Sets `msg.cookies` of an http-response answer as Node-RED does: `{ name: value }`,
 * `{ name: { value, maxAge, expires, path, domain, httpOnly, secure, sameSite } }`, and `null` (or
 * `{ value: null }`) to clear one. Paths are moved below `base`. Signed cookies are not offered.
 */
export function setCookies(res: Response, cookies: unknown, base: string): void {
  if (typeof cookies !== 'object' || cookies === null) return;
  for (const [name, spec] of Object.entries(cookies as Record<string, unknown>)) {
    if (spec === null || spec === undefined) {
      res.clearCookie(name, { path: underBase('/', base) });
      continue;
    }
    if (typeof spec !== 'object') {
      res.cookie(name, String(spec), { path: underBase('/', base) });
      continue;
    }
    const s = spec as Record<string, unknown>;
    const options = cookieOptions(s, base);
    if (s['value'] === null) res.clearCookie(name, options);
    else res.cookie(name, typeof s['value'] === 'string' ? s['value'] : JSON.stringify(s['value'] ?? ''), options);
  }
}

function cookieOptions(s: Record<string, unknown>, base: string): CookieOptions {
  const o: CookieOptions = { path: underBase(typeof s['path'] === 'string' ? s['path'] : '/', base) };
  if (typeof s['domain'] === 'string') o.domain = s['domain'];
  if (typeof s['maxAge'] === 'number' && Number.isFinite(s['maxAge'])) o.maxAge = s['maxAge'];
  const expires = s['expires'];
  if (expires instanceof Date || typeof expires === 'string' || typeof expires === 'number') {
    const d = new Date(expires);
    if (!Number.isNaN(d.getTime())) o.expires = d;
  }
  if (typeof s['httpOnly'] === 'boolean') o.httpOnly = s['httpOnly'];
  if (typeof s['secure'] === 'boolean') o.secure = s['secure'];
  const sameSite = s['sameSite'];
  if (typeof sameSite === 'boolean' || sameSite === 'lax' || sameSite === 'strict' || sameSite === 'none')
    o.sameSite = sameSite;
  return o;
}
