import { decodeB2mml } from '@millwright/isa95';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failures, V0701_XSD, xmllint } from '../../isa95/src/test-support/xmllint.js';
import { nextRevision } from './revisions.js';
import { startSimPlm, type SimPlm } from './sim-plm.js';

let plm: SimPlm;
beforeAll(async () => {
  plm = await startSimPlm();
});
afterAll(() => plm.stop());

const get = (path: string) => fetch(`${plm.url}${path}`);

describe('sim PLM', () => {
  it('publishes each product revision as B2MML that validates against V0701 and reads back', async () => {
    const res = await get('/api/products/PART-A/b2mml');
    expect(res.status).toBe(200);
    expect(res.headers.get('x-plm-seq')).toBe('1');
    const xml = await res.text();
    expect(failures(xmllint({ xml }, V0701_XSD))).toEqual({});
    const read = decodeB2mml(xml);
    if (!read.ok || read.doc.noun !== 'OperationsDefinitionInformation') throw new Error('not a definition');
    const info = read.doc.items[0];
    expect(info?.definitions?.[0]).toMatchObject({ id: 'PD-PART-A', version: 'A', operationsType: 'Production' });
    expect(info?.definitions?.[0]?.segments?.[0]?.parameters).toEqual([
      { id: 'TemperatureSetpoint', values: [{ value: '65', dataType: 'decimal', unit: 'Cel' }] },
    ]);
    // Decimals as text or number, whichever the codec keeps: the amounts are what counts.
    const bom = info?.materialBills?.[0]?.items?.map(
      (i) => `${String(i.quantities?.[0]?.value)} ${i.quantities?.[0]?.unit}`,
    );
    expect(bom).toEqual(['0.125 kg', '0.002 kg']);
  });

  it('releases a new revision with a changed setpoint and BOM; a poller gets each release once, in order', async () => {
    const res = await fetch(`${plm.url}/api/products/PART-A/release`, { method: 'POST' });
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ seq: 3, product: 'PART-A', revision: 'B', temperatureSetpoint: 67 });
    expect(
      plm
        .current()
        .find((r) => r.product === 'PART-A')
        ?.bom.map((l) => l.quantity),
    ).toEqual([0.125, 0.0018]);
    const seen: string[] = [];
    for (let after = 0; ;) {
      const next = await get(`/api/revisions/next?after=${after}`);
      if (next.status === 204) break;
      after = Number(next.headers.get('x-plm-seq'));
      const read = decodeB2mml(await next.text());
      if (!read.ok || read.doc.noun !== 'OperationsDefinitionInformation') throw new Error('not a definition');
      seen.push(`${after}:${read.doc.items[0]?.id}`);
    }
    expect(seen).toEqual(['1:PLM-PART-A-A', '2:PLM-PART-B-A', '3:PLM-PART-A-B']);
  });

  it('refuses a release of an unknown product and a setpoint that is not a number', async () => {
    const post = (product: string, body: unknown) =>
      fetch(`${plm.url}/api/products/${product}/release`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    expect((await post('PART-X', {})).status).toBe(404);
    expect((await post('PART-A', { temperatureSetpoint: 'hot' })).status).toBe(400);
    expect(plm.releases()).toHaveLength(3);
  });

  it('counts revision letters past Z', () => {
    expect([nextRevision('A'), nextRevision('Y'), nextRevision('Z'), nextRevision('AZ')]).toEqual([
      'B',
      'Z',
      'ZA',
      'AZA',
    ]);
  });
});
