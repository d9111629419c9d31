import { OperationalError, UserError } from '@millwright/model';
import Mustache from 'mustache';
import { OutboundClient, type ExchangeResult } from './outbound-client.js';

/** A request ready to go on the wire. */
export interface HttpRequestSpec {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string | Uint8Array;
  timeoutMs: number;
  signal?: AbortSignal;
  /** Sends under the node's outbound policy; omitted: unchecked, on shared sockets. */
  client?: OutboundClient;
}

/** What came back. `body` is the raw bytes; see `decodeBody`. */
export interface HttpResponseData {
  statusCode: number;
  headers: Record<string, string>;
  body: Buffer;
  url: string;
}

/** How a response body becomes `msg.payload`. */
export type ResponseType = 'auto' | 'text' | 'json' | 'buffer';

// Connection-level headers that must not be copied from a message into a new request.
const HOP_BY_HOP = new Set(['host', 'connection', 'content-length', 'transfer-encoding', 'keep-alive', 'upgrade']);
const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const MAX_REDIRECTS = 10;
const UNCHECKED = new OutboundClient(undefined);

/**
 * Sends one HTTP request with a timeout, following redirects (at most 10; each hop is checked by
 * the client's outbound policy; Authorization and Cookie are dropped when a hop leaves the
 * origin; 303, and 301/302 after a POST, go on as GET). Resolves with any status (4xx/5xx
 * included); rejects with a UserError `outbound_denied` (a refused destination) or
 * `http_url_invalid`, or an OperationalError `http_timeout` (no answer in `timeoutMs`),
 * `http_aborted` (the caller's signal) or `http_connection_failed` (refused, reset, DNS, too many
 * redirects), whose `cause` is the socket error.
 */
export async function sendHttp(spec: HttpRequestSpec): Promise<HttpResponseData> {
  const timeout = AbortSignal.timeout(spec.timeoutMs);
  const signal = spec.signal ? AbortSignal.any([spec.signal, timeout]) : timeout;
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(spec.headers)) if (!HOP_BY_HOP.has(k.toLowerCase())) headers[k] = v;
  let url = httpUrl(spec.url);
  let method = spec.method;
  let body = spec.body !== undefined && method !== 'GET' && method !== 'HEAD' ? spec.body : undefined;
  const client = spec.client ?? UNCHECKED;
  for (let hop = 0; ; hop++) {
    let res: ExchangeResult;
    try {
      res = await client.exchange({ method, url, headers, ...(body !== undefined ? { body } : {}), signal });
    } catch (err) {
      if ((err as { code?: string }).code === 'outbound_denied') throw err;
      if (timeout.aborted)
        throw new OperationalError('http_timeout', `no answer from ${spec.url} within ${spec.timeoutMs} ms`, err);
      if (spec.signal?.aborted) throw new OperationalError('http_aborted', `request to ${spec.url} was aborted`, err);
      const e = err as { code?: string; message?: string };
      throw new OperationalError('http_connection_failed', `cannot reach ${url.href}: ${e.code ?? e.message}`, err);
    }
    const location = res.headers['location'];
    if (!REDIRECTS.has(res.statusCode) || !location) return { ...res, url: url.href };
    if (hop >= MAX_REDIRECTS)
      throw new OperationalError(
        'http_connection_failed',
        `cannot reach ${spec.url}: more than ${MAX_REDIRECTS} redirects`,
      );
    const next = httpUrl(new URL(location, url).href);
    if (next.origin !== url.origin)
      for (const k of Object.keys(headers))
        if (k.toLowerCase() === 'authorization' || k.toLowerCase() === 'cookie') delete headers[k];
    if (res.statusCode === 303 || ((res.statusCode === 301 || res.statusCode === 302) && method === 'POST')) {
      if (method !== 'HEAD') method = 'GET';
      body = undefined;
      for (const k of Object.keys(headers)) if (k.toLowerCase() === 'content-type') delete headers[k];
    }
    url = next;
  }
}

function httpUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UserError('http_url_invalid', `"${text}" is not a URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new UserError('http_url_invalid', `"${text}" is not an http or https URL`);
  return url;
}

/** Parses a response body: JSON when asked or when the content type says so, text for text types. */
export function decodeBody(res: HttpResponseData, type: ResponseType): unknown {
  const contentType = res.headers['content-type'] ?? '';
  if (type === 'buffer') return res.body;
  if (type === 'text') return res.body.toString('utf8');
  const isJson = /[/+]json\b/i.test(contentType);
  if (type === 'json' || isJson) {
    const text = res.body.toString('utf8');
    if (!text && type === 'auto') return text;
    try {
      return JSON.parse(text) as unknown;
    } catch (err) {
      if (type === 'json')
        throw new UserError('http_invalid_json', `response from ${res.url} is not JSON: ${(err as Error).message}`);
      return text;
    }
  }
  if (!contentType || /^text\/|[/+]xml\b|x-www-form-urlencoded|javascript|csv/i.test(contentType))
    return res.body.toString('utf8');
  return res.body;
}

/** A request body from a message payload, with the content type it implies. */
export function bodyFromPayload(payload: unknown): { body: string | Uint8Array | undefined; contentType?: string } {
  if (payload === undefined || payload === null) return { body: undefined };
  if (typeof payload === 'string')
    return { body: payload, contentType: payload.trimStart().startsWith('<') ? 'application/xml' : 'text/plain' };
  if (payload instanceof Uint8Array) return { body: payload, contentType: 'application/octet-stream' };
  return { body: JSON.stringify(payload), contentType: 'application/json' };
}

/** Escaping of `{{x}}` in a template; `{{{x}}}` is always raw. */
export type TemplateEscape = 'url' | 'xml' | 'json' | 'none';

const XML: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };
const ESCAPES: Record<TemplateEscape, (v: unknown) => string> = {
  url: (v) => encodeURIComponent(text(v)),
  xml: (v) => text(v).replace(/[&<>"']/g, (c) => XML[c] ?? c),
  json: (v) => (typeof v === 'string' ? JSON.stringify(v).slice(1, -1) : text(v)),
  none: text,
};
function text(v: unknown): string {
  return typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v);
}

/**
 * Renders a Mustache template with the message's properties (`{{payload.order}}`, also
 * `{{msg.topic}}`). Templates without tags are returned as they are.
 * Throws a UserError `invalid_template` on bad syntax.
 */
export function render(template: string, msg: object, escape: TemplateEscape): string {
  if (!template.includes('{{')) return template;
  try {
    return Mustache.render(template, { ...msg, msg }, {}, { escape: ESCAPES[escape] });
  } catch (err) {
    throw new UserError('invalid_template', `template "${template}": ${(err as Error).message}`);
  }
}

/**
 * Renders a URL template: each `{{x}}` value is percent-encoded as one path segment (a `/`, `?`
 * or `#` in it stays data), and a value that would make a `.` or `..` segment is refused with a
 * UserError `http_url_dot_segment`, since every URL parser resolves those (`%2e%2e` too) and the
 * request would leave the path the template gives (raw `{{{x}}}` values are checked for that too).
 */
export function renderUrl(template: string, msg: object): string {
  const url = render(template, msg, 'url');
  if (dotSegments(url) > dotSegments(template.replace(/\{\{[^}]*\}\}\}?/g, 'x')))
    throw new UserError(
      'http_url_dot_segment',
      `a value in "${template}" makes a "." or ".." path segment (${url}): refused, it would change the path`,
    );
  return url;
}

/** The `.` and `..` segments (in any percent-encoding) of a URL's path. */
function dotSegments(url: string): number {
  const path = url.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i, '').split(/[?#]/)[0] ?? '';
  return path.split('/').filter((seg) => /^(\.|%2e){1,2}$/i.test(seg)).length;
}

/** The escape that suits a body of this content type. */
export function escapeFor(contentType: string): TemplateEscape {
  if (/json/i.test(contentType)) return 'json';
  if (/xml|html/i.test(contentType)) return 'xml';
  return 'none';
}

/** String headers from `msg.headers` (anything else is ignored). */
export function messageHeaders(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return out;
  for (const [k, v] of Object.entries(value)) if (typeof v === 'string') out[k.toLowerCase()] = v;
  return out;
}
