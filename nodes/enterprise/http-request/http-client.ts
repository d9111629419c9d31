import { OperationalError, UserError } from '@millwright/model';
import Mustache from 'mustache';

/** A request ready to go on the wire. */
export interface HttpRequestSpec {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string | Uint8Array;
  timeoutMs: number;
  signal?: AbortSignal;
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

/**
 * Sends one HTTP request with a timeout. Resolves with any status (4xx/5xx included); rejects with
 * an OperationalError `http_timeout` (no answer in `timeoutMs`), `http_aborted` (the caller's
 * signal) or `http_connection_failed` (refused, reset, DNS), whose `cause` is the socket error.
 */
export async function sendHttp(spec: HttpRequestSpec): Promise<HttpResponseData> {
  const timeout = AbortSignal.timeout(spec.timeoutMs);
  const signal = spec.signal ? AbortSignal.any([spec.signal, timeout]) : timeout;
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(spec.headers)) if (!HOP_BY_HOP.has(k.toLowerCase())) headers[k] = v;
  try {
    const res = await fetch(spec.url, {
      method: spec.method,
      headers,
      signal,
      ...(spec.body !== undefined && spec.method !== 'GET' && spec.method !== 'HEAD' ? { body: spec.body } : {}),
    });
    const body = Buffer.from(await res.arrayBuffer());
    const out: Record<string, string> = {};
    res.headers.forEach((value, key) => (out[key] = value));
    return { statusCode: res.status, headers: out, body, url: res.url || spec.url };
  } catch (err) {
    if (timeout.aborted)
      throw new OperationalError('http_timeout', `no answer from ${spec.url} within ${spec.timeoutMs} ms`, err);
    if (spec.signal?.aborted) throw new OperationalError('http_aborted', `request to ${spec.url} was aborted`, err);
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    const why = cause?.code ?? cause?.message ?? (err instanceof Error ? err.message : String(err));
    throw new OperationalError('http_connection_failed', `cannot reach ${spec.url}: ${why}`, err);
  }
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
