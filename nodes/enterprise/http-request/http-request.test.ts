import { testNode, type NodeHarness } from '@millwright/sdk';
import { afterEach, describe, expect, it } from 'vitest';
import { TEST_CONFINEMENT } from '../testing/confinement.js';
import { json, startTestServer, type TestServer } from '../testing/http-server.js';
import httpRequest from './index.js';

let h: NodeHarness | undefined;
let server: TestServer | undefined;
afterEach(async () => {
  await h?.stop();
  await server?.close();
  h = undefined;
  server = undefined;
});

const firstError = async (node: NodeHarness) =>
  (await node.waitForEvent((e) => e.type === 'error', 3_000)) as { error: { code: string; message: string } };

describe('http-request node', () => {
  it('GETs a URL filled from the message (URL-encoded) and parses a JSON answer', async () => {
    server = await startTestServer((_req, res) => json(res, 200, { ok: true, items: [1, 2] }));
    h = await testNode(httpRequest, {
      confinement: TEST_CONFINEMENT,
      config: { url: `${server.url}/api/orders/{{payload.order}}?q={{topic}}` },
    });
    h.input({ payload: { order: 'WO 1/2' }, topic: 'a&b' });
    const [out] = await h.next();
    expect(server.requests[0]).toMatchObject({ method: 'GET', url: '/api/orders/WO%201%2F2?q=a%26b' });
    expect(out).toMatchObject({ payload: { ok: true, items: [1, 2] }, statusCode: 200, topic: 'a&b' });
    expect(out?.headers?.['content-type']).toBe('application/json');
  });

  it('POSTs an object payload as JSON and an XML string with its content type, with config headers', async () => {
    server = await startTestServer((req, res) => {
      res.writeHead(201, { 'content-type': 'text/plain' }).end(`got ${req.body.length}`);
    });
    h = await testNode(httpRequest, {
      confinement: TEST_CONFINEMENT,
      config: { method: 'POST', url: server.url, headers: [{ name: 'X-Order', value: '{{payload.order}}' }] },
    });
    h.input({ payload: { order: 'WO-7', qty: 3 } });
    h.input({ payload: '<a>1</a>', headers: { 'content-type': 'application/xml; charset=utf-8' } });
    const outs = await h.next(2);
    const [a, b] = [...server.requests].sort((x, y) => x.body.length - y.body.length);
    expect(b).toMatchObject({ method: 'POST', body: '{"order":"WO-7","qty":3}' });
    expect(b?.headers['content-type']).toBe('application/json');
    expect(b?.headers['x-order']).toBe('WO-7');
    expect(a?.headers['content-type']).toBe('application/xml; charset=utf-8');
    expect(outs.map((o) => o.statusCode)).toEqual([201, 201]);
    expect(outs.map((o) => o.payload).sort()).toEqual(['got 24', 'got 8']);
  });

  it('sends Basic and Bearer authorization from the credentials, and refuses a missing secret', async () => {
    server = await startTestServer((req, res) => json(res, 200, { auth: req.headers.authorization }));
    h = await testNode(httpRequest, {
      confinement: TEST_CONFINEMENT,
      config: { url: server.url, auth: 'basic' },
      credentials: { username: 'mes', password: 's3cret' },
    });
    h.input({});
    expect((await h.next())[0]?.payload).toEqual({ auth: `Basic ${Buffer.from('mes:s3cret').toString('base64')}` });
    await h.stop();
    h = await testNode(httpRequest, {
      confinement: TEST_CONFINEMENT,
      config: { url: server.url, auth: 'bearer' },
      credentials: { token: 'tok' },
    });
    h.input({});
    expect((await h.next())[0]?.payload).toEqual({ auth: 'Bearer tok' });
    await h.stop();
    h = await testNode(httpRequest, { confinement: TEST_CONFINEMENT, config: { url: server.url, auth: 'bearer' } });
    h.input({});
    expect((await firstError(h)).error.code).toBe('credentials_missing');
  });

  it('reports a timeout, a refused connection and (when asked) an error status as errors', async () => {
    server = await startTestServer((req, res) => {
      if (req.url !== '/slow') json(res, 503, { code: 'busy' }); // /slow never answers
    });
    h = await testNode(httpRequest, {
      confinement: TEST_CONFINEMENT,
      config: { url: `${server.url}/slow`, timeoutMs: 100 },
    });
    h.input({});
    expect((await firstError(h)).error.code).toBe('http_timeout');
    await h.stop();

    h = await testNode(httpRequest, { confinement: TEST_CONFINEMENT, config: { url: 'http://127.0.0.1:1/x' } });
    h.input({});
    expect((await firstError(h)).error).toMatchObject({ code: 'http_connection_failed' });
    await h.stop();

    h = await testNode(httpRequest, { confinement: TEST_CONFINEMENT, config: { url: server.url } });
    h.input({});
    expect((await h.next())[0]).toMatchObject({ statusCode: 503, payload: { code: 'busy' } });
    await h.stop();
    h = await testNode(httpRequest, {
      confinement: TEST_CONFINEMENT,
      config: { url: server.url, errorOnStatus: true },
    });
    h.input({});
    expect((await firstError(h)).error.message).toMatch(/answered 503/);
  });

  it('takes msg.url when the node has none, and rejects a bad template in the config', async () => {
    server = await startTestServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/xml' }).end('<ok/>');
    });
    h = await testNode(httpRequest, { confinement: TEST_CONFINEMENT });
    h.input({ url: `${server.url}/from-msg` });
    expect((await h.next())[0]?.payload).toBe('<ok/>');
    expect(server.requests[0]?.url).toBe('/from-msg');
    expect(httpRequest.config.safeParse({ url: 'http://x/{{#open}}' }).success).toBe(false);
  });
});
