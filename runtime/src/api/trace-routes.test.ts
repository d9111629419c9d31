import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { extensions, GENEALOGY_FILE, GenealogyStore, type TraceResult } from '@millwright/nodes-mes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveFamilyRoutes } from '../testing/serve-family-routes.js';

let dir: string;
let server: Server;
let base: string;
let writer: GenealogyStore;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'trace-route-'));
  const storePath = join(dir, GENEALOGY_FILE);
  writer = GenealogyStore.open(storePath);
  const time = '2024-05-01T08:00:00.000Z';
  writer.append([
    { consumedLot: 'R1', producedLot: 'B1', time, workOrder: 'WO-1' },
    { consumedLot: 'R2', producedLot: 'B1', time, workOrder: 'WO-1' },
    { consumedLot: 'B1', producedLot: 'F1', time, workOrder: 'WO-2' },
  ]);
  const served = await serveFamilyRoutes(extensions, { dataDir: dir });
  server = served.server;
  base = `${served.base}/trace`;
});

afterAll(async () => {
  writer?.close();
  server?.closeAllConnections();
  await new Promise((r) => server?.close(r));
  rmSync(dir, { recursive: true, force: true });
});

const get = async (path: string) => {
  const res = await fetch(`${base}/${path}`);
  return { status: res.status, body: (await res.json()) as TraceResult & { code?: string; message?: string } };
};

describe('GET /api/trace/:lot', () => {
  it('traces backward by default and forward on request', async () => {
    const back = await get('F1');
    expect(back.status).toBe(200);
    expect(back.body).toMatchObject({
      lot: 'F1',
      direction: 'backward',
      depth: 10,
      found: true,
      lots: ['B1', 'R1', 'R2'],
    });
    const fwd = await get('R1?direction=forward&depth=1');
    expect(fwd.body).toMatchObject({ direction: 'forward', depth: 1, lots: ['B1'], truncated: true });
  });

  it('sees edges appended after the first request (another thread writing)', async () => {
    expect((await get('F9')).status).toBe(404);
    writer.append([{ consumedLot: 'F1', producedLot: 'F9', time: '2024-05-01T09:00:00.000Z' }]);
    const r = await get('F9');
    expect(r.status).toBe(200);
    expect(r.body.lots).toEqual(['B1', 'F1', 'R1', 'R2']);
  });

  it('answers 404 for an unknown lot and 400 for a bad direction or depth', async () => {
    expect(await get('NOPE')).toMatchObject({ status: 404, body: { code: 'not_found' } });
    expect(await get('F1?direction=sideways')).toMatchObject({ status: 400, body: { code: 'invalid_request' } });
    expect((await get('F1?depth=0')).status).toBe(400);
    expect((await get('F1?depth=abc')).status).toBe(400);
    expect((await get('F1?depth=101')).status).toBe(400);
  });

  it('lot ids with URL-special characters are decoded', async () => {
    writer.append([{ consumedLot: 'LOT/7 #a', producedLot: 'F1', time: '2024-05-01T09:00:00.000Z' }]);
    const r = await get(encodeURIComponent('LOT/7 #a') + '?direction=forward');
    expect(r.body).toMatchObject({ found: true, lots: ['F1', 'F9'] });
  });
});
