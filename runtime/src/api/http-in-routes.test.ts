import { once } from 'node:events';
import type { Server } from 'node:http';
import type { FlowMessage } from '@millwright/model';
import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { httpInRoutes, matchPath } from './http-in-routes.js';

let server: Server | undefined;
afterEach(async () => {
  if (server) await new Promise((r) => server?.close(r));
  server = undefined;
});

type Answer = (msg: FlowMessage) => unknown;
/** The routes over a fake manager: http-in nodes from `nodes`, answers computed by `answer`. */
async function serve(
  nodes: Array<{ nodeId: string; method: string; path: string }>,
  answer: Answer,
  timeoutMs = 1_000,
  backlog: number | undefined = undefined,
) {
  const delivered: Array<{ nodeId: string; msg: FlowMessage }> = [];
  const manager = {
    nodesOfType: (type: string) =>
      type === 'http-in'
        ? nodes.map((n) => ({ flowId: 'f', nodeId: n.nodeId, config: { method: n.method, path: n.path } }))
        : [],
    request: async (nodeId: string, build: (replyTo: string) => FlowMessage, ms: number) => {
      const msg = build('reply-1');
      delivered.push({ nodeId, msg });
      const a = answer(msg);
      if (a === undefined) await new Promise((r) => setTimeout(r, ms));
      return a;
    },
    backlog: () => backlog,
  };
  const app = express();
  app.use('/http', httpInRoutes({ manager, timeoutMs }));
  server = app.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return { url: `http://127.0.0.1:${address.port}/http`, delivered };
}

describe('matchPath', () => {
  it('matches literal segments, :params (decoded) and a trailing *', () => {
    expect(matchPath('/orders', '/orders/')).toEqual({});
    expect(matchPath('/orders/:id', '/orders/WO%201')).toEqual({ id: 'WO 1' });
    expect(matchPath('/orders/:id', '/orders')).toBeUndefined();
    expect(matchPath('/orders/:id', '/orders/1/x')).toBeUndefined();
    expect(matchPath('/files/*', '/files/a/b.csv')).toEqual({ '*': 'a/b.csv' });
    expect(matchPath('/a', '/b')).toBeUndefined();
  });
});

describe('http-in routes', () => {
  it('delivers a JSON POST to the matching node and sends its answer back', async () => {
    const { url, delivered } = await serve(
      [
        { nodeId: 'get', method: 'GET', path: '/orders/:id' },
        { nodeId: 'post', method: 'POST', path: '/orders/:id' },
      ],
      (msg) => ({
        statusCode: 201,
        headers: { 'x-flow': 'yes', 'content-length': '999' },
        payload: { got: msg.payload },
      }),
    );
    const res = await fetch(`${url}/orders/WO-7?line=L1&tag=a&tag=b`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ qty: 5 }),
    });
    expect(res.status).toBe(201);
    expect(res.headers.get('x-flow')).toBe('yes');
    expect(await res.json()).toEqual({ got: { qty: 5 } });
    expect(delivered[0]?.nodeId).toBe('post');
    expect(delivered[0]?.msg).toMatchObject({
      payload: { qty: 5 },
      res: { id: 'reply-1' },
      req: { method: 'POST', path: '/orders/WO-7', params: { id: 'WO-7' }, query: { line: 'L1', tag: ['a', 'b'] } },
    });
    expect((delivered[0]?.msg['req'] as { headers: Record<string, string> }).headers['content-type']).toBe(
      'application/json',
    );
  });

  it('passes XML and form bodies, uses the query as payload without a body, and answers text and bytes', async () => {
    const { url, delivered } = await serve([{ nodeId: 'any', method: 'ALL', path: '/in' }], (msg) =>
      typeof msg.payload === 'string' ? { payload: '<ok/>' } : { payload: new Uint8Array([1, 2]) },
    );
    const xml = await fetch(`${url}/in`, {
      method: 'PUT',
      headers: { 'content-type': 'application/xml' },
      body: '<wo/>',
    });
    expect([xml.status, xml.headers.get('content-type'), await xml.text()]).toEqual([
      200,
      'application/xml; charset=utf-8',
      '<ok/>',
    ]);
    const form = await fetch(`${url}/in`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'a=1&b=two',
    });
    expect([...new Uint8Array(await form.arrayBuffer())]).toEqual([1, 2]);
    await fetch(`${url}/in?x=1`);
    expect(delivered.map((d) => d.msg.payload)).toEqual(['<wo/>', { a: '1', b: 'two' }, { x: '1' }]);
  });

  it('answers 404 without a matching node, 400 for bad JSON and 504 when the flow does not answer', async () => {
    const { url } = await serve([{ nodeId: 'n', method: 'POST', path: '/slow' }], () => undefined, 100);
    expect((await fetch(`${url}/slow`)).status).toBe(404); // GET, node takes POST
    expect((await fetch(`${url}/other`, { method: 'POST' })).status).toBe(404);
    const bad = await fetch(`${url}/slow`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{',
    });
    expect(bad.status).toBe(400);
    const slow = await fetch(`${url}/slow`, { method: 'POST', body: 'x' });
    expect(slow.status).toBe(504);
    expect(((await slow.json()) as { code: string }).code).toBe('http_timeout');
  });

  it('answers 503 with Retry-After, delivering nothing, while the flow is over its queue limit', async () => {
    const { url, delivered } = await serve(
      [{ nodeId: 'in', method: 'POST', path: '/orders' }],
      () => 'ok',
      1_000,
      12_345,
    );
    const res = await fetch(`${url}/orders`, {
      method: 'POST',
      body: '{}',
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('1');
    expect(await res.json()).toMatchObject({
      code: 'flow_busy',
      message: expect.stringContaining('12345 messages queued'),
    });
    expect(delivered).toEqual([]);
  });
});

describe('Node-RED compatible answers', () => {
  it('serves an HTML page as text/html, passes request cookies, sets and clears cookies below /http', async () => {
    const { url, delivered } = await serve([{ nodeId: 'page', method: 'GET', path: '/page' }], () => ({
      payload: '<!DOCTYPE html>\n<html><body><h1>Line 1</h1></body></html>',
      cookies: {
        session: { value: 'abc', maxAge: 60_000, httpOnly: true },
        theme: 'dark',
        old: null,
        scoped: { value: 'x', path: '/api' },
      },
    }));
    const res = await fetch(`${url}/page`, { headers: { cookie: 'shift=late; badge=A%201' } });
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect((delivered[0]?.msg['req'] as { cookies: unknown }).cookies).toEqual({ shift: 'late', badge: 'A 1' });
    const set = res.headers.getSetCookie();
    expect(set).toHaveLength(4);
    expect(set[0]).toMatch(/^session=abc; Max-Age=60; Path=\/http; Expires=.*; HttpOnly$/);
    expect(set[1]).toBe('theme=dark; Path=/http');
    expect(set[2]).toMatch(/^old=; Path=\/http; Expires=Thu, 01 Jan 1970/);
    expect(set[3]).toBe('scoped=x; Path=/http/api');
  });

  it('moves a root-relative redirect below /http and leaves absolute ones and those already there alone', async () => {
    const { url } = await serve([{ nodeId: 'r', method: 'GET', path: '/go/:to' }], (msg) => {
      const to = (msg['req'] as { params: { to: string } }).params.to;
      const location = { local: '/done?x=1', abs: 'https://mes.example/x', already: '/http/done' }[to];
      return { statusCode: 302, headers: { location }, payload: null };
    });
    const where = async (to: string) =>
      (await fetch(`${url}/go/${to}`, { redirect: 'manual' })).headers.get('location');
    expect(await where('local')).toBe('/http/done?x=1');
    expect(await where('abs')).toBe('https://mes.example/x');
    expect(await where('already')).toBe('/http/done');
  });
});
