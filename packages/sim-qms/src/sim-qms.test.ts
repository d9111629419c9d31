import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimQms, type SimQms } from './sim-qms.js';

let qms: SimQms;
beforeAll(async () => {
  qms = await startSimQms();
});
afterAll(() => qms.stop());

const post = (path: string, body: unknown, key?: string) =>
  fetch(`${qms.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(key ? { 'idempotency-key': key } : {}) },
    body: JSON.stringify(body),
  });

describe('sim QMS', () => {
  it('answers a non-conformance with a CAPA id, once per idempotency key', async () => {
    const nc = { id: 'QE-1', kind: 'non-conformance', lot: 'LOT-1' };
    const first = await post('/api/quality-events', nc, 'QE-1');
    expect(first.status).toBe(201);
    expect(await first.json()).toEqual({ eventId: 'QE-1', capaId: 'CAPA-0001', status: 'open' });
    const again = await post('/api/quality-events', nc, 'QE-1');
    expect(await again.json()).toEqual({ eventId: 'QE-1', capaId: 'CAPA-0001', status: 'open' });
    expect(qms.events()).toHaveLength(1);
    expect(qms.duplicates()).toBe(1);
    const inspection = await post('/api/quality-events', { id: 'QE-2', kind: 'inspection-result' }, 'QE-2');
    expect(await inspection.json()).toEqual({ eventId: 'QE-2', status: 'recorded' });
    expect((await post('/api/quality-events', { kind: 'deviation' })).status).toBe(400);
  });

  it('lists dispositions after a sequence number; a decided CAPA stays decided', async () => {
    expect(await (await fetch(`${qms.url}/api/dispositions?after=0`)).json()).toEqual([]);
    const res = await post('/api/capa/CAPA-0001/disposition', { disposition: 'scrap' });
    expect(await res.json()).toMatchObject({ capaId: 'CAPA-0001', lot: 'LOT-1', disposition: 'scrap', seq: 1 });
    qms.disposition('CAPA-0001', 'release');
    const list = (await (await fetch(`${qms.url}/api/dispositions?after=0`)).json()) as unknown[];
    expect(list).toMatchObject([{ capaId: 'CAPA-0001', disposition: 'scrap', status: 'closed' }]);
    expect(await (await fetch(`${qms.url}/api/dispositions?after=1`)).json()).toEqual([]);
    expect((await post('/api/capa/CAPA-0001/disposition', { disposition: 'maybe' })).status).toBe(400);
  });

  it('dispositions by itself when asked to, and fails on demand', async () => {
    const auto = await startSimQms({ autoDisposition: { afterMs: 50, disposition: 'release' } });
    try {
      const res = await fetch(`${auto.url}/api/quality-events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ id: 'QE-9', kind: 'non-conformance', lot: 'L9' }),
      });
      expect(res.status).toBe(201);
      await new Promise((r) => setTimeout(r, 150));
      expect(auto.capas()).toMatchObject([{ capaId: 'CAPA-0001', status: 'closed', disposition: 'release' }]);
      auto.setMode('fail500');
      expect((await fetch(`${auto.url}/api/dispositions`)).status).toBe(500);
    } finally {
      await auto.stop();
    }
  });
});
