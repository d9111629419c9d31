import { readFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeB2mml } from '@millwright/isa95';
import { afterEach, describe, expect, it } from 'vitest';
import { performanceReportXml } from './reports.js';
import { startSimErp, type ReceivedSummary, type SimErp } from './sim-erp.js';

let erp: SimErp | undefined;
let dir: string | undefined;
afterEach(async () => {
  await erp?.stop();
  erp = undefined;
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

const post = (url: string, body: string, key?: string, signal?: AbortSignal) =>
  fetch(`${url}/api/production-performance`, {
    method: 'POST',
    headers: { 'content-type': 'application/xml', ...(key ? { 'idempotency-key': key } : {}) },
    body,
    ...(signal ? { signal } : {}),
  });
const report = (id: string) =>
  performanceReportXml({ id, workOrder: 'WO-1001', good: 10, reject: 1, bodId: `bod-${id}` });

describe('simulated ERP', () => {
  it('issues work orders as JSON and as B2MML ProcessOperationsSchedule', async () => {
    erp = await startSimErp();
    const list = (await (await fetch(`${erp.url}/api/work-orders`)).json()) as Array<{ id: string }>;
    expect(list.map((w) => w.id)).toEqual(['WO-1001', 'WO-1002', 'WO-1003']);
    const res = await fetch(`${erp.url}/api/work-orders/WO-1002/b2mml`);
    expect(res.headers.get('content-type')).toMatch(/application\/xml/);
    const decoded = decodeB2mml(await res.text());
    expect(decoded.ok && decoded.doc.verb + decoded.doc.noun).toBe('ProcessOperationsSchedule');
    if (decoded.ok && decoded.doc.noun === 'OperationsSchedule')
      expect(decoded.doc.items[0]?.requests?.map((r) => r.id)).toEqual(['WO-1002']);
    const all = decodeB2mml(await (await fetch(`${erp.url}/api/work-orders?format=b2mml`)).text());
    expect(all.ok && all.doc.noun === 'OperationsSchedule' && all.doc.items[0]?.requests?.length).toBe(3);
    expect((await fetch(`${erp.url}/api/work-orders/WO-9/b2mml`)).status).toBe(404);
    const wo = erp.issueWorkOrder({ quantity: 42 });
    expect(wo.id).toBe('WO-1004');
  });

  it('accepts a performance report once per idempotency key and answers repeats with the original ConfirmBOD', async () => {
    dir = await mkdtemp(join(tmpdir(), 'mw-sim-erp-'));
    const recordFile = join(dir, 'received.json');
    erp = await startSimErp({ recordFile });
    const first = await post(erp.url, report('P1'), 'k1');
    expect(first.status).toBe(200);
    const confirm = await first.text();
    const decoded = decodeB2mml(confirm);
    expect(decoded.ok && decoded.doc.noun).toBe('BOD');
    const again = await post(erp.url, report('P1'), 'k1');
    expect(again.status).toBe(200);
    expect(await again.text()).toBe(confirm);
    await post(erp.url, report('P2'), 'k2');
    await post(erp.url, report('P3')); // no key: recorded, no dedupe
    const summary = (await (await fetch(`${erp.url}/api/_received`)).json()) as ReceivedSummary;
    expect(summary.duplicates).toBe(1);
    expect(summary.reports.map((r) => [r.seq, r.idempotencyKey, r.bodId, r.performanceIds, r.workOrderIds])).toEqual([
      [1, 'k1', 'bod-P1', ['P1'], ['WO-1001']],
      [2, 'k2', 'bod-P2', ['P2'], ['WO-1001']],
      [3, undefined, 'bod-P3', ['P3'], ['WO-1001']],
    ]);
    expect(JSON.parse(await readFile(recordFile, 'utf8'))).toMatchObject({ duplicates: 1, rejected: 0 });
  });

  it('rejects invalid B2MML with 400 and the fault paths, without recording', async () => {
    erp = await startSimErp();
    const res = await post(erp.url, '<SyncOperationsPerformance xmlns="http://www.mesa.org/xml/B2MML"/>', 'bad');
    expect(res.status).toBe(400);
    const body = (await res.json()) as { code: string; issues: Array<{ pathString: string }> };
    expect(body.code).toBe('invalid_b2mml');
    expect(body.issues.length).toBeGreaterThan(0);
    expect(body.issues[0]?.pathString).toMatch(/SyncOperationsPerformance/);
    expect(erp.summary()).toMatchObject({ reports: [], rejected: 1 });
  });

  it('fails with 500, hangs in timeout mode, and refuses connections when down, on the same port after', async () => {
    erp = await startSimErp();
    await erp.setMode('fail500');
    expect((await post(erp.url, report('P1'), 'k1')).status).toBe(500);
    expect((await fetch(`${erp.url}/api/_received`)).status).toBe(200); // test routes keep working

    await erp.setMode('timeout');
    const started = Date.now();
    await expect(post(erp.url, report('P1'), 'k1', AbortSignal.timeout(200))).rejects.toThrow(/abort|timeout/i);
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);

    await erp.setMode('down');
    const failed = (p: Promise<Response>) =>
      p.then(
        () => 'answered',
        (err: Error & { cause?: { code?: string } }) => err.cause?.code,
      );
    // The first may hit a pooled keep-alive socket that was cut (UND_ERR_SOCKET); new connections are refused.
    await failed(post(erp.url, report('P1'), 'k1'));
    expect(await failed(post(erp.url, report('P1'), 'k1'))).toBe('ECONNREFUSED');

    await erp.setMode('ok');
    expect((await post(erp.url, report('P1'), 'k1')).status).toBe(200);
    expect(erp.received().map((r) => r.idempotencyKey)).toEqual(['k1']);
  });

  it('in drop-response mode records the report but cuts the connection; the retry is a suppressed duplicate', async () => {
    erp = await startSimErp();
    await erp.setMode('drop-response');
    await expect(post(erp.url, report('P1'), 'k1')).rejects.toThrow();
    await erp.setMode('ok');
    expect((await post(erp.url, report('P1'), 'k1')).status).toBe(200);
    expect(erp.summary()).toMatchObject({ duplicates: 1 });
    expect(erp.received()).toHaveLength(1);
  });

  it('switches mode through POST /api/_mode, including going down', async () => {
    erp = await startSimErp();
    const bad = await fetch(`${erp.url}/api/_mode`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ mode: 'sideways' }),
    });
    expect(bad.status).toBe(400);
    const res = await fetch(`${erp.url}/api/_mode`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ mode: 'down' }),
    });
    expect(res.status).toBe(200);
    const deadline = Date.now() + 2_000;
    while (
      erp.mode !== 'down' ||
      (await fetch(`${erp.url}/api/_received`).then(
        () => true,
        () => false,
      ))
    ) {
      if (Date.now() > deadline) throw new Error('the ERP did not go down');
      await new Promise((r) => setTimeout(r, 20));
    }
  });
});
