import { newMessageId } from '@millwright/sdk';
import express, { Router, type Request, type Response } from 'express';
import type { FlowManager } from '../engine/flow-manager.js';
import { contentTypeOfText, cookiesOf, setCookies, underBase } from './http-answer.js';

/** How long a flow may take to answer an http-in request before the caller gets 504. */
export const HTTP_IN_TIMEOUT_MS = 30_000;

export interface HttpInRouteOptions {
  manager: Pick<FlowManager, 'request' | 'nodesOfType' | 'backlog'>;
  timeoutMs?: number;
  /** Largest accepted request body (default 5mb). */
  bodyLimit?: string;
}

/** What an http-in node puts in `msg.req`. */
export interface HttpInRequest {
  method: string;
  /** Path below `/http`, e.g. `/orders/WO-1`. */
  path: string;
  /** Values of the `:name` segments of the node's path. */
  params: Record<string, string>;
  query: Record<string, string | string[]>;
  headers: Record<string, string>;
  /** The Cookie header as `{ name: value }` (Node-RED's `msg.req.cookies`). */
  cookies: Record<string, string>;
  /** Parsed body: JSON, form fields as an object, text (text/*, XML), or bytes. */
  body: unknown;
}

/**
 * Endpoints defined by flows, mounted at `/http`: a request whose method and path match an
 * `http-in` node of a deployed flow (`/orders/:id`, `ALL` methods, a trailing `*`) is delivered to
 * that node as `{ payload, req, res: { id } }` (payload: the body, or the query for a request
 * without one), and the `http-response` node's answer `{ statusCode, headers, payload }` is sent
 * back. No match: 404. No answer within `timeoutMs` (30 s): 504. The flows run in worker threads;
 * the round trip goes through `FlowManager.request` and `NodeContext.respond`.
 *
 * These endpoints are not behind the admin token: they are the flows' own API (ERP pushing work
 * orders). The runtime binds to loopback unless configured otherwise.
 */
export function httpInRoutes(options: HttpInRouteOptions): Router {
  const timeoutMs = options.timeoutMs ?? HTTP_IN_TIMEOUT_MS;
  const router = Router();
  router.use(express.raw({ type: () => true, limit: options.bodyLimit ?? '5mb' }));
  router.use(async (req: Request, res: Response) => {
    const path = req.path;
    const method = req.method.toUpperCase();
    let params: Record<string, string> | undefined;
    const node = options.manager.nodesOfType('http-in').find((n) => {
      const m = typeof n.config['method'] === 'string' ? n.config['method'].toUpperCase() : 'GET';
      if (m !== 'ALL' && m !== method) return false;
      params = matchPath(typeof n.config['path'] === 'string' ? n.config['path'] : '', path);
      return params !== undefined;
    });
    if (!node || !params) {
      res.status(404).json({ code: 'not_found', message: `no http-in node for ${method} ${path}` });
      return;
    }
    // Back-pressure: a flow whose sources are paused takes no more requests; the caller retries.
    const backlog = options.manager.backlog(node.flowId);
    if (backlog !== undefined) {
      res
        .status(503)
        .set('Retry-After', '1')
        .json({ code: 'flow_busy', message: `flow "${node.flowId}" has ${backlog} messages queued; retry later` });
      return;
    }
    const body = parseBody(req);
    if (body instanceof Error) {
      res.status(400).json({ code: 'invalid_body', message: body.message });
      return;
    }
    const request: HttpInRequest = {
      method,
      path,
      params,
      query: queryOf(req),
      headers: headersOf(req),
      cookies: cookiesOf(req.get('cookie')),
      body,
    };
    let answer: unknown;
    try {
      answer = await options.manager.request(
        node.nodeId,
        (replyTo) => ({
          id: newMessageId(),
          payload: body === undefined ? request.query : body,
          req: request,
          res: { id: replyTo },
        }),
        timeoutMs,
      );
    } catch (err) {
      // The flow is starting or restarting (a deploy, a crash): the caller retries in a moment.
      if ((err as { code?: unknown }).code !== 'flow_not_running') throw err;
      res
        .status(503)
        .set('Retry-After', '1')
        .json({ code: 'flow_not_running', message: (err as Error).message });
      return;
    }
    if (answer === undefined) {
      res
        .status(504)
        .json({ code: 'http_timeout', message: `the flow did not answer ${method} ${path} within ${timeoutMs} ms` });
      return;
    }
    send(res, answer, req.baseUrl);
  });
  return router;
}

/**
 * Matches a node path (`/orders/:id`, `/files/*`) against a request path. Returns the `:name`
 * values (and `*` as `params['*']`), or undefined. Trailing slashes do not matter.
 */
export function matchPath(pattern: string, path: string): Record<string, string> | undefined {
  const split = (p: string) => p.split('/').filter(Boolean);
  const want = split(pattern);
  const got = split(path);
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    const w = want[i] as string;
    if (w === '*' && i === want.length - 1) {
      params['*'] = got.slice(i).map(decode).join('/');
      return params;
    }
    const g = got[i];
    if (g === undefined) return undefined;
    if (w.startsWith(':')) params[w.slice(1)] = decode(g);
    else if (w !== g) return undefined;
  }
  return got.length === want.length ? params : undefined;
}

function decode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

function parseBody(req: Request): unknown {
  const raw: unknown = req.body;
  if (!Buffer.isBuffer(raw) || raw.length === 0) return undefined;
  const type = (req.get('content-type') ?? '').toLowerCase();
  if (/[/+]json\b/.test(type)) {
    try {
      return JSON.parse(raw.toString('utf8')) as unknown;
    } catch (err) {
      return new Error(`the body is not valid JSON: ${(err as Error).message}`);
    }
  }
  if (type.startsWith('application/x-www-form-urlencoded'))
    return Object.fromEntries(new URLSearchParams(raw.toString('utf8')));
  if (!type || type.startsWith('text/') || /[/+]xml\b/.test(type)) return raw.toString('utf8');
  return new Uint8Array(raw);
}

function queryOf(req: Request): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  const url = new URL(req.originalUrl, 'http://x');
  for (const key of new Set(url.searchParams.keys())) {
    const all = url.searchParams.getAll(key);
    out[key] = all.length === 1 ? (all[0] as string) : all;
  }
  return out;
}

function headersOf(req: Request): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) out[k] = Array.isArray(v) ? v.join(', ') : v;
  return out;
}

// Connection-level headers belong to this hop; express sets its own.
const SKIP = new Set(['content-length', 'transfer-encoding', 'connection', 'keep-alive', 'host']);

/**
 * Sends an http-response answer `{ statusCode, headers, cookies, payload }`. A root-relative
 * `Location` (a redirect to `/other`) and cookie paths are moved below `base` (`/http`), where the
 * flows' endpoints live.
 */
function send(res: Response, answer: unknown, base: string): void {
  const a = (typeof answer === 'object' && answer !== null ? answer : {}) as Record<string, unknown>;
  const status =
    typeof a['statusCode'] === 'number' && a['statusCode'] >= 100 && a['statusCode'] < 600 ? a['statusCode'] : 200;
  const headers =
    typeof a['headers'] === 'object' && a['headers'] !== null ? (a['headers'] as Record<string, unknown>) : {};
  for (const [k, v] of Object.entries(headers)) {
    if (SKIP.has(k.toLowerCase()) || (typeof v !== 'string' && typeof v !== 'number')) continue;
    res.setHeader(k, k.toLowerCase() === 'location' ? underBase(String(v), base) : String(v));
  }
  setCookies(res, a['cookies'], base);
  const payload = a['payload'];
  res.status(status);
  if (payload === undefined || payload === null) res.end();
  else if (typeof payload === 'string') {
    if (!res.getHeader('content-type')) res.type(contentTypeOfText(payload));
    res.send(payload);
  } else if (payload instanceof Uint8Array) {
    if (!res.getHeader('content-type')) res.type('application/octet-stream');
    res.send(Buffer.from(payload));
  } else res.json(payload);
}
