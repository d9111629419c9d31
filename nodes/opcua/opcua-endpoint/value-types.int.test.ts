import type { ConfigNode } from '@millwright/model';
import { runFlow, type FlowHarness } from '@millwright/sdk';
import { freePort } from '@millwright/sim-plc';
import type { UAVariable } from 'node-opcua';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { nodes } from '../index.js';
import { startCompanionServer, type CompanionServer } from '../testing/companion-server.js';
import { flowOf, until } from './test-fixtures.js';

// Enumerations, matrices and structures against a server with the DI and Machinery nodesets
// (decision 0035), and operations waiting for a connection that is not up yet.
let srv: CompanionServer;
let h: FlowHarness | undefined;
beforeAll(async () => {
  srv = await startCompanionServer();
});
afterAll(() => srv?.stop());
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

const endpoint = (config: Record<string, unknown> = {}): ConfigNode => ({
  id: 'ep',
  type: 'opcua-endpoint',
  typeVersion: 1,
  config: {
    endpointUrl: srv.endpointUrl,
    pkiFolder: srv.clientPkiFolder,
    trustUnknownServerCertificates: true,
    reconnectMaxDelayMs: 300,
    requestTimeoutMs: 3_000,
    ...config,
  },
});
const serverValue = (nodeId: string) => {
  const v = srv.addressSpace.findNode(nodeId) as UAVariable;
  return v.readValue().value;
};

describe('OPC UA value types against the companion server (DI + Machinery)', () => {
  it('reads enumerations as { value, name } from EnumStrings (DI) and EnumValues, bare numbers when off', async () => {
    const { deviceHealth, spindleMode } = srv.nodeIds;
    h = await runFlow(
      flowOf(
        [
          {
            id: 'named',
            type: 'opcua-read',
            config: {
              endpoint: 'ep',
              items: [
                { nodeId: deviceHealth, name: 'health' },
                { nodeId: spindleMode, name: 'spindle' },
              ],
            },
          },
          {
            id: 'bare',
            type: 'opcua-read',
            config: { endpoint: 'ep', enumNames: false, items: [{ nodeId: deviceHealth }] },
          },
        ],
        [endpoint()],
      ),
      nodes,
    );
    h.send('named', {});
    h.send('bare', {});
    const [named] = await h.waitForOutputs('named', 1, { timeoutMs: 5_000 });
    const [bare] = await h.waitForOutputs('bare', 1, { timeoutMs: 5_000 });
    expect(named?.payload).toEqual({
      health: { value: 3, name: 'OFF_SPEC' },
      spindle: { value: 10, name: 'Clockwise' },
    });
    expect(bare?.payload).toBe(3);
  });

  it('reads a 2x3 matrix as nested arrays with its dimensions and writes one back as a matrix', async () => {
    h = await runFlow(
      flowOf(
        [
          { id: 'write', type: 'opcua-write', config: { endpoint: 'ep', nodeId: srv.nodeIds.matrix } },
          { id: 'read', type: 'opcua-read', config: { endpoint: 'ep', items: [{ nodeId: srv.nodeIds.matrix }] } },
        ],
        [endpoint()],
      ),
      nodes,
    );
    h.send('read', {});
    const [before] = await h.waitForOutputs('read', 1, { timeoutMs: 5_000 });
    expect(before?.payload).toEqual([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(before?.opcua).toMatchObject({ dataType: 'Double', dimensions: [2, 3] });

    h.send('write', {
      payload: [
        [6, 5, 4],
        [3, 2, 1.5],
      ],
    });
    await h.waitForOutputs('write', 1, { timeoutMs: 5_000 });
    const stored = serverValue(srv.nodeIds.matrix);
    expect(stored.arrayType).toBe(2); // VariantArrayType.Matrix
    expect(stored.dimensions).toEqual([2, 3]);
    expect(Array.from(stored.value as Float64Array)).toEqual([6, 5, 4, 3, 2, 1.5]);

    h.send('write', { payload: [[1, 2], [3]] });
    await until(() => h!.errors('write').length === 1, 'a refused ragged matrix');
    expect(h.errors('write')[0]?.error).toMatchObject({ code: 'opcua_bad_value', kind: 'user' });
  });

  it('writes a structure from a plain object with the server field names and reads the same back', async () => {
    const recipe = {
      Name: 'Batch-7',
      Quantity: 42,
      Enabled: false,
      Steps: [
        { Setpoint: 95.5, DurationS: 30 },
        { Setpoint: 20, DurationS: 600 },
      ],
    };
    h = await runFlow(
      flowOf(
        [
          { id: 'write', type: 'opcua-write', config: { endpoint: 'ep', nodeId: srv.nodeIds.recipe } },
          {
            id: 'read',
            type: 'opcua-read',
            config: {
              endpoint: 'ep',
              items: [
                { nodeId: srv.nodeIds.recipe, name: 'recipe' },
                { nodeId: srv.nodeIds.recipes, name: 'recipes' },
              ],
            },
          },
        ],
        [endpoint()],
      ),
      nodes,
    );
    h.send('write', { payload: recipe });
    const t0 = Date.now();
    const [written] = await h.waitForOutputs('write', 1, { timeoutMs: 5_000 });
    console.log(`structure write answered in ${Date.now() - t0} ms (definitions loaded on first use)`);
    expect(written?.opcua).toMatchObject({ outcome: 'applied', dataType: 'ExtensionObject' });
    h.send('read', {});
    const [read] = await h.waitForOutputs('read', 1, { timeoutMs: 5_000 });
    const payload = read?.payload as { recipe: unknown; recipes: Array<{ Name: string; Steps: unknown[] }> };
    expect(payload.recipe).toEqual(recipe);
    // An array of structures: the same field names in every element.
    expect(payload.recipes.map((r) => r.Name)).toEqual(['Batch-A', 'Batch-B']);
    expect(payload.recipes[1]?.Steps[0]).toEqual({ Setpoint: 80.5, DurationS: 60 });
    expect(read?.opcua).toMatchObject({ recipe: { dataType: 'ExtensionObject' } });

    // A typo must not write a default value: unknown and missing fields are refused, naming the fields.
    h.send('write', { payload: { ...recipe, Quantitiy: 1 } });
    h.send('write', { payload: { Name: 'x', Quantity: 1, Enabled: true, Steps: [{ Setpoint: 1 }] } });
    await until(() => h!.errors('write').length === 2, 'two refused structures');
    const messages = h.errors('write').map((e) => `${e.error.code}: ${e.error.message}`);
    expect(messages).toContainEqual(
      expect.stringMatching(/^opcua_bad_value: .*unknown field Quantitiy.*Name, Quantity, Enabled, Steps/),
    );
    expect(messages).toContainEqual(
      expect.stringMatching(/^opcua_bad_value: msg\.payload\.Steps\[0\]: missing field DurationS/),
    );
  });

  it('writes an enumeration by name and sends named values from a subscription', async () => {
    h = await runFlow(
      flowOf(
        [
          { id: 'write', type: 'opcua-write', config: { endpoint: 'ep', nodeId: srv.nodeIds.spindleMode } },
          {
            id: 'sub',
            type: 'opcua-subscribe',
            config: {
              endpoint: 'ep',
              items: [{ nodeId: srv.nodeIds.spindleMode, name: 'spindle' }],
              samplingIntervalMs: 0,
              publishingIntervalMs: 50,
            },
          },
        ],
        [endpoint()],
      ),
      nodes,
    );
    await h.waitForOutputs('sub', 1, { timeoutMs: 5_000 });
    h.send('write', { payload: 'CounterClockwise' });
    await h.waitForOutputs('write', 1, { timeoutMs: 5_000 });
    expect(serverValue(srv.nodeIds.spindleMode).value).toBe(20);
    await until(() => h!.outputs('sub').length === 2, 'the change notified');
    expect(h.outputs('sub').map((m) => m.payload)).toEqual([
      { value: 10, name: 'Clockwise' },
      { value: 20, name: 'CounterClockwise' },
    ]);
    h.send('write', { payload: 'Sideways' });
    await until(() => h!.errors('write').length === 1, 'an unknown name refused');
    expect(h.errors('write')[0]?.error.message).toMatch(/no such name.*0 Off, 10 Clockwise, 20 CounterClockwise/);
  });
});

describe('connection readiness', () => {
  const readFlow = (url: string, config: Record<string, unknown>) =>
    flowOf(
      [{ id: 'read', type: 'opcua-read', config: { endpoint: 'ep', items: [{ nodeId: srv.nodeIds.deviceHealth }] } }],
      [endpoint({ endpointUrl: url, requestTimeoutMs: 200, ...config })],
    );

  it('a read sent before the server is up waits for the connection and succeeds when it comes', async () => {
    const port = await freePort();
    h = await runFlow(readFlow(`opc.tcp://127.0.0.1:${port}`, { startupWaitMs: 8_000 }), nodes);
    const local = h;
    const sent = Date.now();
    local.send('read', {});
    await new Promise((r) => setTimeout(r, 500)); // longer than the 200 ms request timeout
    const late = await startCompanionServer({ port });
    const listening = Date.now() - sent;
    try {
      const [msg] = await local.waitForOutputs('read', 1, { timeoutMs: 8_000 });
      expect(msg?.payload).toEqual({ value: 3, name: 'OFF_SPEC' });
      expect(local.errors('read')).toEqual([]);
      console.log(`read answered ${Date.now() - sent} ms after it was sent; the server listened from ${listening} ms`);
    } finally {
      await local.stop();
      await late.stop();
    }
  });

  it('keeps waiting through a refused session that may pass (server full), not only through an unreachable server', async () => {
    const capabilities = srv.server.engine.serverCapabilities;
    const max = capabilities.maxSessions;
    capabilities.maxSessions = 0; // every CreateSession: BadTooManySessions
    try {
      h = await runFlow(readFlow(srv.endpointUrl, { startupWaitMs: 8_000 }), nodes);
      const local = h;
      local.send('read', {});
      await until(
        () => local.statuses('read').some((s) => /BadTooManySessions/.test(String(s.status?.text))),
        'a refused session',
      );
      await new Promise((r) => setTimeout(r, 400)); // twice the 200 ms request timeout
      expect(local.errors('read')).toEqual([]);
      capabilities.maxSessions = max;
      const [msg] = await local.waitForOutputs('read', 1, { timeoutMs: 5_000 });
      expect(msg?.payload).toEqual({ value: 3, name: 'OFF_SPEC' });
    } finally {
      capabilities.maxSessions = max;
    }
  });

  it('fails with opcua_not_connected naming the wait once the startup wait is over', async () => {
    const port = await freePort();
    h = await runFlow(readFlow(`opc.tcp://127.0.0.1:${port}`, { startupWaitMs: 600 }), nodes);
    const local = h;
    const sent = Date.now();
    local.send('read', {});
    await until(() => local.errors('read').length === 1, 'the read to fail', 5_000);
    const waited = Date.now() - sent;
    expect(local.errors('read')[0]?.error).toMatchObject({ code: 'opcua_not_connected', kind: 'operational' });
    expect(local.errors('read')[0]?.error.message).toMatch(
      /not connected to opc\.tcp:\/\/127\.0\.0\.1:\d+ after 600 ms: connecting/,
    );
    expect(waited).toBeGreaterThanOrEqual(590);
    expect(waited).toBeLessThan(3_000);
  });
});
