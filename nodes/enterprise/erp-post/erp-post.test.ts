import fs from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ErrorEvent } from '@millwright/model';
import { journalPath, readOutbox, submitCommand } from '@millwright/outbox';
import { performanceReportXml, startSimErp, type SimErp } from '@millwright/sim-erp';
import { testNode, type NodeHarness } from '@millwright/sdk';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startTestServer, type TestServer } from '../testing/http-server.js';
import erpPost from './index.js';

const NODE = 'node-under-test';
let harnesses: NodeHarness[] = [];
let erp: SimErp | undefined;
let server: TestServer | undefined;
let dataDir: string | undefined;
afterEach(async () => {
  vi.restoreAllMocks();
  for (const h of harnesses) await h.stop();
  harnesses = [];
  await erp?.stop();
  await server?.close();
  erp = undefined;
  server = undefined;
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
  dataDir = undefined;
});

const fastRetry = { baseDelayMs: 20, maxDelayMs: 50, jitter: false };
async function start(
  config: Record<string, unknown>,
  opts: { credentials?: Record<string, unknown>; disk?: boolean } = {},
) {
  if (opts.disk !== false) dataDir ??= await mkdtemp(join(tmpdir(), 'mw-erp-post-'));
  const h = await testNode(erpPost, {
    config: { ...fastRetry, ...config },
    ...(opts.credentials ? { credentials: opts.credentials } : {}),
    ...(opts.disk !== false && dataDir ? { dataDir } : {}),
  });
  harnesses.push(h);
  return h;
}
const report = (n: number) => ({
  payload: performanceReportXml({ id: `PERF-${n}`, workOrder: 'WO-1001', good: n }),
  bodId: `bod-${n}`,
  headers: { 'content-type': 'application/xml' },
  topic: `line1/${n}`,
});
const isDeadLetter = (e: { type: string }): e is ErrorEvent =>
  e.type === 'error' && (e as ErrorEvent).error.code === 'erp_post_dead_letter';
const until = async (check: () => boolean, what: string, ms = 5_000) => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
};

describe('erp-post node', () => {
  it('posts the payload with the idempotency key and sends the answer on `ok`', async () => {
    erp = await startSimErp();
    const h = await start({ url: `${erp.url}/api/production-performance` });
    h.input(report(1));
    const [out] = await h.next();
    expect(out).toMatchObject({ statusCode: 200, topic: 'line1/1', bodId: 'bod-1' });
    expect(out?.payload).toMatch(/<ConfirmBOD/);
    expect(out?.['outbox']).toMatchObject({ idempotencyKey: 'bod-1', attempts: 1 });
    expect(erp.received().map((r) => [r.idempotencyKey, r.performanceIds])).toEqual([['bod-1', ['PERF-1']]]);
    await until(() => h.statuses().at(-1)?.status?.text === 'idle', 'idle status');
  });

  it('journals and fsyncs the request before it goes on the wire', async () => {
    const order: string[] = [];
    const realFsync = fs.fsyncSync;
    vi.spyOn(fs, 'fsyncSync').mockImplementation((fd) => {
      order.push('fsync');
      realFsync(fd);
    });
    let onDisk = '';
    server = await startTestServer((_req, res) => {
      order.push('request');
      onDisk = fs.readFileSync(journalPath(join(dataDir ?? '', 'outbox'), NODE), 'utf8');
      res.writeHead(204).end();
    });
    const h = await start({ url: server.url });
    order.length = 0; // opening the journal fsyncs too
    h.input({ payload: '<r/>', idempotencyKey: 'k-77' });
    await h.next();
    expect(order.slice(0, 2)).toEqual(['fsync', 'request']);
    expect(onDisk).toContain('"op":"enqueue"');
    expect(onDisk).toContain('"key":"k-77"');
    expect(server.requests[0]?.headers['idempotency-key']).toBe('k-77');
  });

  it('retries 500s and timeouts with backoff, keeps order, and delivers each report once', async () => {
    erp = await startSimErp();
    await erp.setMode('fail500');
    const h = await start({ url: `${erp.url}/api/production-performance`, timeoutMs: 200 });
    for (let n = 1; n <= 5; n++) h.input(report(n));
    await until(() => (h.statuses().at(-1)?.status?.text ?? '').includes('HTTP 500'), 'an error status');
    expect(h.statuses().at(-1)?.status).toMatchObject({
      fill: 'red',
      text: expect.stringMatching(/^5 queued · HTTP 500/),
    });
    await erp.setMode('timeout');
    await new Promise((r) => setTimeout(r, 300));
    await erp.setMode('ok');
    const outs = await h.next(5, { timeoutMs: 5_000 });
    expect(outs.map((o) => o['bodId'])).toEqual(['bod-1', 'bod-2', 'bod-3', 'bod-4', 'bod-5']);
    expect(erp.received().map((r) => r.idempotencyKey)).toEqual(['bod-1', 'bod-2', 'bod-3', 'bod-4', 'bod-5']);
    expect((outs[0]?.['outbox'] as { attempts: number }).attempts).toBeGreaterThan(1);
  });

  it('sends again with the same key when the answer is lost; the ERP drops the duplicate', async () => {
    erp = await startSimErp();
    await erp.setMode('drop-response');
    const h = await start({ url: `${erp.url}/api/production-performance` });
    h.input(report(1));
    await until(() => erp?.received().length === 1, 'the first receipt');
    await erp.setMode('ok');
    await h.next();
    expect(erp.summary()).toMatchObject({ duplicates: 1 });
    expect(erp.received()).toHaveLength(1);
  });

  it('after a restart, sends what the previous instance had queued', async () => {
    erp = await startSimErp();
    await erp.setMode('down');
    const first = await start({ url: `${erp.url}/api/production-performance` });
    for (let n = 1; n <= 3; n++) first.input(report(n));
    await until(() => readOutbox(join(dataDir ?? '', 'outbox'), NODE)?.pending.length === 3, '3 journaled');
    await first.stop();
    await erp.setMode('ok');
    const second = await start({ url: `${erp.url}/api/production-performance` });
    const outs = await second.next(3);
    expect(outs.map((o) => o['topic'])).toEqual(['line1/1', 'line1/2', 'line1/3']);
    expect(erp.received().map((r) => r.idempotencyKey)).toEqual(['bod-1', 'bod-2', 'bod-3']);
    expect(second.logs().some((l) => l.message.includes('recovered 3 queued'))).toBe(true);
  });

  it('dead-letters a 4xx at once, and a replay command sends it again', async () => {
    let accept = false;
    server = await startTestServer((_req, res) => {
      if (accept) res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
      else res.writeHead(422, { 'content-type': 'application/json' }).end('{"code":"unknown_order"}');
    });
    const h = await start({ url: server.url });
    h.input({ payload: { order: 'WO-9' }, topic: 't' });
    const dead = await h.waitForEvent(isDeadLetter, 3_000);
    expect(dead.error).toMatchObject({ kind: 'user', message: expect.stringContaining('HTTP 422') });
    expect(server.requests).toHaveLength(1);
    const outbox = join(dataDir ?? '', 'outbox');
    const [letter] = readOutbox(outbox, NODE)?.dead ?? [];
    expect(letter?.error).toMatch(/unknown_order/);
    expect(h.statuses().at(-1)?.status).toMatchObject({ fill: 'yellow', text: 'idle, 1 dead' });

    accept = true;
    submitCommand(outbox, NODE, { op: 'replay', ids: [letter?.id ?? ''] });
    const [out] = await h.next(1, { timeoutMs: 3_000 });
    expect(out).toMatchObject({ payload: { ok: true }, topic: 't' });
    expect(server.requests[1]?.body).toBe('{"order":"WO-9"}');
    expect(readOutbox(outbox, NODE)).toEqual({ pending: [], dead: [] });
  });

  it('dead-letters after maxAttempts failures as an operational error', async () => {
    server = await startTestServer((_req, res) => res.writeHead(503).end('busy') && undefined);
    const h = await start({ url: server.url, maxAttempts: 3 });
    h.input({ payload: 'x' });
    const dead = await h.waitForEvent(isDeadLetter, 3_000);
    expect(dead.error).toMatchObject({
      kind: 'operational',
      message: expect.stringContaining('gave up after 3 attempts'),
    });
    expect(server.requests).toHaveLength(3);
  });

  it('renders a body template escaped for XML, adds auth from the credentials and config headers', async () => {
    server = await startTestServer((_req, res) => res.writeHead(200).end() && undefined);
    const h = await start(
      {
        url: `${server.url}/orders/{{payload.order}}`,
        body: '<Report order="{{payload.order}}">{{payload.note}}</Report>',
        headers: [{ name: 'X-Line', value: '{{topic}}' }],
        auth: 'basic',
        idempotencyHeader: 'X-Request-Id',
      },
      { credentials: { username: 'mes', password: 'pw' } },
    );
    h.input({ payload: { order: 'A/1', note: 'a < b & "c"' }, topic: 'L1' });
    await h.next();
    const req = server.requests[0];
    expect(req?.url).toBe('/orders/A%2F1');
    expect(req?.body).toBe('<Report order="A/1">a &lt; b &amp; &quot;c&quot;</Report>');
    expect(req?.headers).toMatchObject({
      'content-type': 'application/xml',
      'x-line': 'L1',
      authorization: `Basic ${Buffer.from('mes:pw').toString('base64')}`,
    });
    expect(req?.headers['x-request-id']).toMatch(/\S/);
    const journal = fs.readFileSync(journalPath(join(dataDir ?? '', 'outbox'), NODE), 'utf8');
    expect(journal).not.toContain(Buffer.from('mes:pw').toString('base64')); // secrets never reach the disk
  });

  it('keeps the outbox in memory without a data dir, and says so', async () => {
    server = await startTestServer((_req, res) => res.writeHead(200).end() && undefined);
    const h = await start({ url: server.url }, { disk: false });
    h.input({ payload: 'x' });
    await h.next();
    expect(h.logs().some((l) => l.level === 'warn' && l.message.includes('in memory'))).toBe(true);
    expect(h.statuses().at(-1)?.status?.text).toBe('idle (memory)');
  });

  it('keeps `..` from the message inside the path, and sends credentials only to the host of its url', async () => {
    server = await startTestServer((_req, res) => res.writeHead(200).end() && undefined);
    const port = new URL(server.url).port;
    const h = await start(
      { url: `http://{{payload.host}}:${port}/orders/{{payload.order}}`, auth: 'bearer' },
      { credentials: { token: 'secret-token' } },
    );
    h.input({ payload: { host: '127.0.0.1', order: '..' } });
    const e = await h.waitForEvent((ev): ev is ErrorEvent => ev.type === 'error', 2_000);
    expect((e as ErrorEvent).error.code).toBe('http_url_dot_segment');
    h.input({ payload: { host: '127.0.0.1', order: 'WO-1' } }); // the host comes from the message
    await h.next();
    expect(server.requests.map((r) => [r.url, r.headers.authorization])).toEqual([['/orders/WO-1', undefined]]);
  });

  it('reports a message it cannot build (empty payload) without queueing it', async () => {
    server = await startTestServer((_req, res) => res.writeHead(200).end() && undefined);
    const h = await start({ url: server.url });
    h.input({});
    const e = await h.waitForEvent((ev): ev is ErrorEvent => ev.type === 'error', 2_000);
    expect((e as ErrorEvent).error.code).toBe('erp_post_empty');
    expect(readOutbox(join(dataDir ?? '', 'outbox'), NODE)?.pending).toEqual([]);
  });
});
