import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer as createHttpsServer } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, runFlow, type FlowHarness } from '@millwright/sdk';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import { flowOf, LOOPBACK } from '../testing/net-test-support.js';
import websocketClient from '../websocket-client/index.js';
import websocketListener from '../websocket-listener/index.js';
import websocketOut from '../websocket-out/index.js';
import websocketIn from './index.js';

const NODES = [websocketListener, websocketClient, websocketIn, websocketOut];
const stops: Array<() => unknown> = [];
afterEach(async () => {
  for (const stop of stops.splice(0).reverse()) await stop();
});

/** A flow echoing every frame back to the client it came from, through a listener on `port`. */
async function echoFlow(port: number, listener: Record<string, unknown> = {}, token?: string): Promise<FlowHarness> {
  const h = await runFlow(
    flowOf(
      [
        { id: 'in', type: 'websocket-in', config: { listener: 'ep' } },
        { id: 'out', type: 'websocket-out', config: { listener: 'ep' } },
      ],
      [['in', 'out']],
      [{ id: 'ep', type: 'websocket-listener', config: { port, path: '/ws', ...listener } }],
    ),
    NODES,
    token ? { credentials: { ep: { token } } } : {},
  );
  stops.push(() => h.stop());
  return h;
}

/** Opens a client; resolves with it and what it receives, or rejects with the refusal. */
function open(url: string, options: { headers?: Record<string, string> } = {}) {
  const ws = new WebSocket(url, options);
  const received: Array<string | Buffer> = [];
  ws.on('message', (d: Buffer, binary) => received.push(binary ? d : d.toString()));
  const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
  stops.push(() => ws.terminate());
  return new Promise<{ ws: WebSocket; received: typeof received; closed: Promise<number> }>((resolve, reject) => {
    ws.once('open', () => resolve({ ws, received, closed }));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

describe('websocket listener with websocket-in and websocket-out', () => {
  it('echoes text and binary to the sender only; an oversize frame cuts that client with 1009 and the rest goes on', async () => {
    const port = await freePort();
    const h = await echoFlow(port, { maxMessageBytes: 64 });
    const a = await open(`ws://127.0.0.1:${port}/ws`);
    const b = await open(`ws://127.0.0.1:${port}/ws`);
    a.ws.send('hello');
    a.ws.send(Buffer.from([1, 2, 3]));
    await expect.poll(() => a.received).toEqual(['hello', Buffer.from([1, 2, 3])]);
    expect(b.received).toEqual([]);
    expect(h.outputs('in')[0]).toMatchObject({ payload: 'hello', _session: { type: 'websocket' } });

    b.ws.send('x'.repeat(100));
    expect(await b.closed).toBe(1009);
    await expect.poll(() => h.errors('in')[0]?.error.code).toBe('net_frame_too_large');
    a.ws.send('still');
    await expect.poll(() => a.received.at(-1)).toBe('still');

    // Without a session websocket-out sends to every client; to a client that left it is an error.
    const c = await open(`ws://127.0.0.1:${port}/ws`);
    h.send('out', { payload: 'all' });
    await expect.poll(() => [a.received.at(-1), c.received.at(-1)]).toEqual(['all', 'all']);
    const fromA = h.outputs('in')[0];
    a.ws.close();
    await a.closed;
    h.send('out', { ...fromA, payload: 'gone' });
    await expect.poll(() => h.errors('out')[0]?.error.code).toBe('ws_session_closed');
  });

  it('a client that stops reading is closed once maxBufferedBytes wait for it (net_peer_slow); others are served', async () => {
    const port = await freePort();
    const h = await echoFlow(port, { maxBufferedBytes: 65_536 });
    const slow = await open(`ws://127.0.0.1:${port}/ws`);
    slow.ws.send('hi');
    await h.waitForOutputs('in', 1);
    slow.ws.pause();
    const fromSlow = h.outputs('in')[0];
    const big = 'z'.repeat(16_384);
    for (let i = 0; i < 600; i++) h.send('out', { ...fromSlow, payload: big });
    await expect.poll(() => h.errors('out').map((e) => e.error.code), { timeout: 5_000 }).toContain('net_peer_slow');
    const fast = await open(`ws://127.0.0.1:${port}/ws`);
    fast.ws.send('ok');
    await expect.poll(() => fast.received).toEqual(['ok']);
  });

  it('refuses a wrong path (404), a missing token (401) and clients beyond maxConnections (503)', async () => {
    const port = await freePort();
    await echoFlow(port, { maxConnections: 1 }, 's3cret');
    await expect(open(`ws://127.0.0.1:${port}/other`)).rejects.toThrow('HTTP 404');
    await expect(open(`ws://127.0.0.1:${port}/ws`)).rejects.toThrow('HTTP 401');
    const ok = await open(`ws://127.0.0.1:${port}/ws`, { headers: { authorization: 'Bearer s3cret' } });
    await expect(open(`ws://127.0.0.1:${port}/ws?access_token=s3cret`)).rejects.toThrow('HTTP 503');
    ok.ws.send('in');
    await expect.poll(() => ok.received).toEqual(['in']);
  });

  it('whole messages: JSON objects become the message and the whole message goes out', async () => {
    const port = await freePort();
    const h = await echoFlow(port, { wholeMessage: true });
    const a = await open(`ws://127.0.0.1:${port}/ws`);
    a.ws.send(JSON.stringify({ payload: { v: 1 }, topic: 'line1' }));
    a.ws.send('not json');
    await expect.poll(() => a.received).toHaveLength(2);
    const [first, second] = a.received.map((r) => JSON.parse(String(r)) as Record<string, unknown>);
    expect(first).toMatchObject({ payload: { v: 1 }, topic: 'line1' });
    expect(first).not.toHaveProperty('_session');
    expect(second).toMatchObject({ payload: 'not json' });
    expect(h.outputs('in')[0]).toMatchObject({ topic: 'line1', _session: { type: 'websocket' } });
  });
});

describe('websocket client', () => {
  async function clientFlow(port: number, confinement = LOOPBACK): Promise<FlowHarness> {
    const h = await runFlow(
      flowOf(
        [
          { id: 'in', type: 'websocket-in', config: { mode: 'client', client: 'c' } },
          { id: 'out', type: 'websocket-out', config: { mode: 'client', client: 'c' } },
        ],
        [],
        [{ id: 'c', type: 'websocket-client', config: { url: `ws://127.0.0.1:${port}/feed`, reconnectMs: 100 } }],
      ),
      NODES,
      { confinement },
    );
    stops.push(() => h.stop());
    return h;
  }

  it('receives and sends, and reconnects when the server drops it', async () => {
    const port = await freePort();
    const server = new WebSocketServer({ port, host: '127.0.0.1' });
    stops.push(() => new Promise((r) => server.close(r)));
    const got: string[] = [];
    server.on('connection', (ws) => {
      ws.on('message', (d: Buffer) => got.push(d.toString()));
      ws.send('welcome');
    });
    const h = await clientFlow(port);
    await h.waitForOutputs('in', 1);
    h.send('out', { payload: { n: 1 } });
    await expect.poll(() => got).toEqual(['{"n":1}']);
    for (const ws of server.clients) ws.terminate();
    await h.waitForOutputs('in', 2, { timeoutMs: 3_000 });
    expect(h.statuses('in').map((s) => s.status?.text)).toContainEqual(expect.stringMatching(/^disconnected/));
  });

  it('wss: trusts a server certificate signed by tls.caFile, and refuses it without', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mw-wss-'));
    stops.push(() => rm(dir, { recursive: true, force: true }));
    const [certFile, keyFile] = [join(dir, 'c.pem'), join(dir, 'k.pem')];
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=127.0.0.1',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
        '-keyout',
        keyFile,
        '-out',
        certFile,
      ],
      { stdio: 'ignore' },
    );
    const port = await freePort();
    const https = createHttpsServer({ cert: await readFile(certFile), key: await readFile(keyFile) });
    const server = new WebSocketServer({ server: https });
    server.on('connection', (ws) => ws.send('secure'));
    await new Promise<void>((r) => https.listen(port, '127.0.0.1', r));
    stops.push(() => new Promise((r) => https.close(r)));
    stops.push(() => server.clients.forEach((c) => c.terminate()));
    const flow = (tls: Record<string, unknown>) =>
      runFlow(
        flowOf(
          [{ id: 'in', type: 'websocket-in', config: { mode: 'client', client: 'c' } }],
          [],
          [{ id: 'c', type: 'websocket-client', config: { url: `wss://127.0.0.1:${port}/`, reconnectMs: 5_000, tls } }],
        ),
        NODES,
        { confinement: LOOPBACK },
      );
    const trusted = await flow({ caFile: certFile });
    stops.push(() => trusted.stop());
    expect((await trusted.waitForOutputs('in', 1))[0]?.payload).toBe('secure');
    const untrusted = await flow({});
    stops.push(() => untrusted.stop());
    await expect.poll(() => untrusted.statuses('in').at(-1)?.status?.text).toMatch(/self.signed/i);
  });

  it('is refused by the default outbound policy (loopback) and says so', async () => {
    const port = await freePort();
    const h = await clientFlow(port, { fileRoots: [], outbound: { allow: [], deny: ['127.0.0.0/8'] } });
    await expect.poll(() => h.statuses('in').at(-1)?.status?.text).toMatch(/outbound connection refused/);
    h.send('out', { payload: 'x' });
    await expect.poll(() => h.errors('out')[0]?.error.code).toBe('ws_not_connected');
  });
});
