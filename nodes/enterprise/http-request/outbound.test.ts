import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ErrorEvent } from '@millwright/model';
import { readOutbox } from '@millwright/outbox';
import { compileOutboundPolicy, DEFAULT_OUTBOUND_DENY, testNode, type NodeHarness } from '@millwright/sdk';
import { afterEach, describe, expect, it } from 'vitest';
import { TEST_CONFINEMENT } from '../testing/confinement.js';
import { json, startTestServer, type TestServer } from '../testing/http-server.js';
import httpRequest from './index.js';

let h: NodeHarness | undefined;
let servers: TestServer[] = [];
afterEach(async () => {
  await h?.stop();
  h = undefined;
  for (const s of servers) await s.close();
  servers = [];
});
const serve = async (handle: Parameters<typeof startTestServer>[0] = (_req, res) => json(res, 200, { ok: 1 })) => {
  const s = await startTestServer(handle);
  servers.push(s);
  return s;
};
const portOf = (s: TestServer) => Number(new URL(s.url).port);
const errorOf = async (node: NodeHarness) => {
  const e = (await node.waitForEvent((ev) => ev.type === 'error', 5_000)) as {
    error: { code: string; message: string };
  };
  node.events.length = 0;
  return e.error;
};

describe('outbound policy', () => {
  it('parses host, CIDR, wildcard and port entries and decides in order: own port, allow, deny', () => {
    const p = compileOutboundPolicy({
      allow: ['127.0.0.1:8090', '*.plant.local', '[::1]:9000', '10.0.0.0/8:443'],
      deny: [...DEFAULT_OUTBOUND_DENY, '10.0.0.0/8'],
      ownPorts: [1880],
    });
    const ok = (host: string, address: string, port: number) => p.refusal({ host, address, port }) === undefined;
    expect(ok('127.0.0.1', '127.0.0.1', 8090)).toBe(true);
    expect(ok('127.0.0.1', '127.0.0.1', 8091)).toBe(false);
    expect(ok('localhost', '127.0.0.1', 80)).toBe(false); // a name is checked by the address it resolves to
    expect(ok('::ffff:127.0.0.1', '::ffff:127.0.0.1', 80)).toBe(false); // IPv4-mapped
    expect(ok('0.0.0.0', '0.0.0.0', 80)).toBe(false);
    expect(ok('169.254.169.254', '169.254.169.254', 80)).toBe(false); // cloud metadata
    expect(ok('fe80::1', 'fe80::1', 80)).toBe(false);
    expect(ok('erp.plant.local', '127.0.0.1', 80)).toBe(true); // an allowed name beats deny
    expect(ok('::1', '::1', 9000)).toBe(true);
    expect(ok('10.1.2.3', '10.1.2.3', 443)).toBe(true);
    expect(ok('10.1.2.3', '10.1.2.3', 80)).toBe(false);
    expect(ok('192.0.2.7', '192.0.2.7', 80)).toBe(true);
    // The runtime's own port on any local address, even where loopback is allowed.
    const loop = compileOutboundPolicy({ allow: ['127.0.0.1'], deny: [], ownPorts: [1880] });
    expect(loop.refusal({ host: '127.0.0.1', address: '127.0.0.1', port: 1880 })).toMatch(/own admin port/);
    expect(loop.refusal({ host: '0.0.0.0', address: '0.0.0.0', port: 1880 })).toMatch(/own admin port/);
    expect(() => compileOutboundPolicy({ allow: ['10.0.0.0/33'], deny: [] })).toThrow(/prefix/);
    expect(() => compileOutboundPolicy({ allow: ['host:port'], deny: [] })).toThrow(/port/);
  });
});

describe('outbound lookup (the checked address is the connected address)', () => {
  const resolve = (policy: Parameters<typeof compileOutboundPolicy>[0], host: string) =>
    new Promise<{ err: { code?: string } | null; addresses: Array<{ address: string }> }>((done) =>
      compileOutboundPolicy(policy).lookup(80)(host, { all: true }, (err, addresses) =>
        done({ err, addresses: Array.isArray(addresses) ? addresses : [] }),
      ),
    );
  it('hands the socket only the resolved addresses the policy allows, or fails with outbound_denied', async () => {
    const v4only = await resolve({ allow: ['127.0.0.1'], deny: DEFAULT_OUTBOUND_DENY }, 'localhost');
    expect(v4only.err).toBeNull();
    expect(v4only.addresses.map((a) => a.address)).toEqual(['127.0.0.1']); // ::1, if resolved, is left out
    const denied = await resolve({ allow: [], deny: DEFAULT_OUTBOUND_DENY }, 'localhost');
    expect(denied.err?.code).toBe('outbound_denied');
  });
});

describe('http-request confinement', () => {
  it('refuses loopback, link-local and a name resolving to loopback by default, without connecting', async () => {
    const s = await serve();
    h = await testNode(httpRequest, { config: { url: '' } }); // no confinement given: the defaults
    for (const url of [s.url, `http://localhost:${portOf(s)}/`, `http://[::ffff:127.0.0.1]:${portOf(s)}/`]) {
      h.input({ url });
      const e = await errorOf(h);
      expect(e.code, url).toBe('outbound_denied');
    }
    h.input({ url: 'http://169.254.169.254/latest/meta-data/' });
    expect((await errorOf(h)).code).toBe('outbound_denied');
    expect(s.requests).toHaveLength(0);
  });

  it('sends the bearer token only to the host of its url, not to a host the message chose', async () => {
    const legit = await serve((req, res) => {
      if (req.url === '/go-away') res.writeHead(302, { location: `${other.url}/redirected` }).end();
      else json(res, 200, { ok: 1 });
    });
    const other = await serve();
    // The URL comes from the message: no host is fixed, so no token goes anywhere.
    h = await testNode(httpRequest, {
      confinement: TEST_CONFINEMENT,
      config: { url: '', auth: 'bearer' },
      credentials: { token: 'secret-token' },
    });
    h.input({ url: `${other.url}/steal` });
    expect((await h.next())[0]?.statusCode).toBe(200);
    expect(other.requests[0]?.url).toBe('/steal');
    expect(other.requests[0]?.headers.authorization).toBeUndefined();
    expect(h.logs().map((l) => l.message)).toEqual([expect.stringMatching(/credentials not sent to http:\/\/127/)]);
    await h.stop();
    // A host filled from the message is no fixed host either.
    h = await testNode(httpRequest, {
      confinement: TEST_CONFINEMENT,
      config: { url: `http://{{payload.host}}:${portOf(other)}/steal`, auth: 'bearer' },
      credentials: { token: 'secret-token' },
    });
    h.input({ payload: { host: '127.0.0.1' } });
    await h.next();
    expect(other.requests[1]?.headers.authorization).toBeUndefined();
    await h.stop();
    // The configured host gets it; a redirect to another host does not carry it.
    h = await testNode(httpRequest, {
      confinement: TEST_CONFINEMENT,
      config: { url: `${legit.url}/{{payload.path}}`, auth: 'bearer' },
      credentials: { token: 'secret-token' },
    });
    h.input({ payload: { path: 'orders' } });
    h.input({ payload: { path: 'go-away' } });
    const outs = await h.next(2);
    expect(legit.requests.map((r) => [r.url, r.headers.authorization])).toEqual([
      ['/orders', 'Bearer secret-token'],
      ['/go-away', 'Bearer secret-token'],
    ]);
    expect(other.requests[2]).toMatchObject({ url: '/redirected' });
    expect(other.requests[2]?.headers.authorization).toBeUndefined();
    expect(outs[1]?.['responseUrl']).toBe(`${other.url}/redirected`);
  });

  it('keeps `..` and `/` in a URL template value inside the path', async () => {
    const s = await serve();
    h = await testNode(httpRequest, {
      confinement: TEST_CONFINEMENT,
      config: { url: `${s.url}/api/orders/{{payload.order}}/status` },
    });
    for (const order of ['..', '.', '%2e%2e', '.%2E']) {
      h.input({ payload: { order } });
      if (order.startsWith('%') || order.startsWith('.%')) {
        await h.next(); // percent signs are encoded: "%252e%252e" is data, not a dot segment
        continue;
      }
      expect((await errorOf(h)).code, order).toBe('http_url_dot_segment');
    }
    h.input({ payload: { order: '../../admin' } });
    await h.next(3);
    expect(s.requests.map((r) => r.url)).toEqual([
      '/api/orders/%252e%252e/status',
      '/api/orders/.%252E/status',
      '/api/orders/..%2F..%2Fadmin/status',
    ]);
  });

  it('refuses a redirect to a denied address', async () => {
    const inner = await serve();
    const outer = await serve((_req, res) => {
      res.writeHead(307, { location: `${inner.url}/internal` }).end();
    });
    // Only the outer server's port is allowed on loopback.
    h = await testNode(httpRequest, {
      confinement: { ...TEST_CONFINEMENT, outbound: { allow: [new URL(outer.url).host], deny: DEFAULT_OUTBOUND_DENY } },
      config: { url: outer.url },
    });
    h.input({});
    const e = await errorOf(h);
    expect(e.code).toBe('outbound_denied');
    expect(e.message).toContain(`port ${portOf(inner)}`);
    expect(outer.requests).toHaveLength(1);
    expect(inner.requests).toHaveLength(0);
  });

  it('with store-and-forward, a refused destination is a dead letter at once, not retried', async () => {
    const s = await serve();
    const dataDir = await mkdtemp(join(tmpdir(), 'mw-http-denied-'));
    try {
      h = await testNode(httpRequest, { config: { method: 'POST', url: s.url }, dataDir }); // default policy
      h.input({ payload: { order: 1 } });
      const dead = (await h.waitForEvent(
        (e): e is ErrorEvent => e.type === 'error' && (e as ErrorEvent).error.code === 'http_dead_letter',
        3_000,
      )) as ErrorEvent;
      expect(dead.error.message).toContain('outbound connection refused');
      expect(readOutbox(join(dataDir, 'outbox'), h.nodeId)?.dead).toHaveLength(1);
      expect(s.requests).toHaveLength(0);
    } finally {
      await h?.stop();
      h = undefined;
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
