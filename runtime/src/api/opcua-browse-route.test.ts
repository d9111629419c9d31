import { mkdtemp, rm } from 'node:fs/promises';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Flow } from '@millwright/model';
import { closeBrowseSessions, extensions } from '@millwright/nodes-opcua';
import { copyTestPki, startSimPlc, type SimPlc } from '@millwright/sim-plc';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveFamilyRoutes } from '../testing/serve-family-routes.js';

let dir: string;
let plc: SimPlc;
let server: Server;
let base: string;

const flows = (): Flow[] => [
  {
    version: 1,
    id: 'f1',
    name: 'line',
    nodes: [],
    wires: [],
    configs: [
      {
        id: 'plc',
        type: 'opcua-endpoint',
        typeVersion: 1,
        config: { endpointUrl: plc.endpointUrl, pkiFolder: join(dir, 'client'), trustUnknownServerCertificates: true },
      },
      {
        id: 'down',
        type: 'opcua-endpoint',
        typeVersion: 1,
        config: { endpointUrl: 'opc.tcp://127.0.0.1:9', pkiFolder: join(dir, 'client'), requestTimeoutMs: 500 },
      },
      { id: 'broker', type: 'mqtt-broker', typeVersion: 1, config: {} },
      {
        id: 'from-env',
        type: 'opcua-endpoint',
        typeVersion: 1,
        // As the demo plant writes it: the address comes from the environment.
        config: {
          endpointUrl: 'opc.tcp://${env.MW_TEST_BROWSE_PLC}',
          pkiFolder: join(dir, 'client'),
          trustUnknownServerCertificates: true,
        },
      },
    ],
  },
];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'opcua-route-'));
  await copyTestPki(dir);
  plc = await startSimPlc({ simulate: false, pkiFolder: join(dir, 'plc') });
  // Served as the runtime mounts the OPC UA family's extension.
  const served = await serveFamilyRoutes(extensions, {
    configNode: (id) =>
      flows()
        .flatMap((f) => f.configs ?? [])
        .find((c) => c.id === id),
  });
  server = served.server;
  base = `${served.base}/opcua/browse`;
});

afterAll(async () => {
  await closeBrowseSessions();
  server?.closeAllConnections();
  await new Promise((r) => server?.close(r));
  await plc?.stop();
  await rm(dir, { recursive: true, force: true });
});

const get = async (query: string) => {
  const res = await fetch(`${base}?${query}`);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
};

describe('GET /api/opcua/browse', () => {
  it('lists the children of a node of the live server', async () => {
    const res = await get(`config=plc&nodeId=${encodeURIComponent('ns=1;s=Line1')}`);
    expect(res.status).toBe(200);
    expect(res.body['nodeId']).toBe('ns=1;s=Line1');
    expect(res.body['children']).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ nodeId: 'ns=1;s=Line1.Machine1', nodeClass: 'Object', hasChildren: true }),
        expect.objectContaining({ nodeId: 'ns=1;s=Line1.WorkOrder', dataType: 'String', hasChildren: false }),
      ]),
    );
  });

  it('fills ${env.NAME} in the endpoint as flows do (the demo plant writes its PLC address that way)', async () => {
    process.env['MW_TEST_BROWSE_PLC'] = plc.endpointUrl.replace('opc.tcp://', '');
    try {
      const res = await get('config=from-env');
      expect(res.status).toBe(200);
      expect(JSON.stringify(res.body['children'])).toContain('"displayName":"Line1"');
    } finally {
      delete process.env['MW_TEST_BROWSE_PLC'];
    }
  });

  it('starts at the Objects folder', async () => {
    const res = await get('config=plc');
    expect(res.body['nodeId']).toBe('i=85');
    expect(JSON.stringify(res.body['children'])).toContain('"displayName":"Line1"');
  });

  it('answers 400, 404 and 502 with error bodies', async () => {
    expect(await get('')).toMatchObject({ status: 400, body: { code: 'invalid_request' } });
    expect(await get('config=nope')).toMatchObject({ status: 404, body: { code: 'not_found' } });
    expect(await get('config=broker')).toMatchObject({
      status: 400,
      body: { message: expect.stringMatching(/mqtt-broker/) },
    });
    expect(await get(`config=plc&nodeId=${encodeURIComponent('ns=1;s=Nope')}`)).toMatchObject({
      status: 400,
      body: { code: 'opcua_browse_refused' },
    });
    expect(await get('config=down')).toMatchObject({
      status: 502,
      body: { code: 'opcua_not_connected', hint: expect.stringMatching(/server is running/) },
    });
  }, 15_000);
});
