import { join } from 'node:path';
import { runFlow, type FlowHarness } from '@millwright/sdk';
import { freePort } from '@millwright/sim-plc';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { nodes } from '../index.js';
import { endpointNode, flowOf, startPlcFixture, until, type PlcFixture } from '../opcua-endpoint/test-fixtures.js';
import { browseAddressSpace, closeBrowseSessions } from './browse-address-space.js';
import type { BrowsedTreeNode } from './opcua-browse.js';

let fx: PlcFixture;
let h: FlowHarness | undefined;
beforeAll(async () => {
  fx = await startPlcFixture();
});
afterAll(async () => {
  await closeBrowseSessions();
  await fx?.close();
});
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

const start = async (config: Record<string, unknown>) => {
  h = await runFlow(
    flowOf([{ id: 'browse', type: 'opcua-browse', config: { endpoint: 'plc', ...config } }], [endpointNode(fx)]),
    nodes,
  );
  return h;
};

describe('opcua-browse node', () => {
  it('lists the Objects folder by default', async () => {
    const h = await start({});
    h.send('browse', {});
    const [msg] = await h.waitForOutputs('browse', 1, { timeoutMs: 10_000 });
    expect(msg?.topic).toBe('i=85');
    const line = (msg?.payload as BrowsedTreeNode[]).find((n) => n.browseName === '1:Line1');
    expect(line).toEqual({
      nodeId: 'ns=1;s=Line1',
      browseName: '1:Line1',
      displayName: 'Line1',
      nodeClass: 'Object',
      hasChildren: true,
    });
  });

  it('descends several levels and stops at maxNodes', async () => {
    const h = await start({ nodeId: 'ns=1;s=Line1', depth: 2 });
    h.send('browse', {});
    const [msg] = await h.waitForOutputs('browse', 1, { timeoutMs: 10_000 });
    const tree = msg?.payload as BrowsedTreeNode[];
    const machine = tree.find((n) => n.displayName === 'Machine1');
    expect(machine?.children?.map((c) => c.displayName)).toEqual(
      expect.arrayContaining(['State', 'GoodCount', 'Temperature', 'TemperatureSetpoint']),
    );
    expect(msg?.truncated).toBeUndefined();

    // The same node named in the nsu= form.
    await h.stop();
    const byUri = await start({ nodeId: `nsu=${fx.plc.namespaceUri};s=Line1.Machine1` });
    byUri.send('browse', {});
    const [named] = await byUri.waitForOutputs('browse', 1, { timeoutMs: 10_000 });
    expect((named?.payload as BrowsedTreeNode[]).map((c) => c.displayName)).toContain('TemperatureSetpoint');

    await byUri.stop();
    const small = await start({ nodeId: 'ns=1;s=Line1', depth: 3, maxNodes: 4 });
    small.send('browse', {});
    const [cut] = await small.waitForOutputs('browse', 1, { timeoutMs: 10_000 });
    expect(cut?.truncated).toBe(true);
  });

  it('raises an error for an unknown node', async () => {
    const h = await start({});
    h.send('browse', { topic: 'ns=1;s=Nope' });
    await until(() => h.errors('browse').length === 1, 'an error');
    expect(h.errors('browse')[0]?.error.message).toMatch(/BadNodeIdUnknown/);
  });
});

describe('browseAddressSpace (editor API)', () => {
  const endpoint = () => ({
    endpointUrl: fx.plc.endpointUrl,
    pkiFolder: join(fx.dir, 'client'),
    trustUnknownServerCertificates: true,
  });

  it('returns the children of a machine with node classes, data types, access levels, values and nsu= NodeIds', async () => {
    fx.plc.setState({ goodCount: 4321, temperatureSetpoint: 68.25 });
    const children = await browseAddressSpace({ endpoint: endpoint(), nodeId: 'ns=1;s=Line1.Machine1' });
    const byName = Object.fromEntries(children.map((c) => [c.displayName, c]));
    expect(byName['Temperature']).toEqual({
      nodeId: 'ns=1;s=Line1.Machine1.Temperature',
      stableNodeId: `nsu=${fx.plc.namespaceUri};s=Line1.Machine1.Temperature`,
      browseName: '1:Temperature',
      displayName: 'Temperature',
      nodeClass: 'Variable',
      dataType: 'Double',
      hasChildren: true, // EURange, EngineeringUnits... properties of the analog item
      access: { read: true, write: false, history: false },
      value: expect.stringMatching(/^-?\d+(\.\d+)?$/) as string,
    });
    expect(byName['GoodCount']).toMatchObject({ dataType: 'UInt32', hasChildren: false, value: '4321' });
    expect(byName['TemperatureSetpoint']).toMatchObject({
      value: '68.25',
      access: { read: true, write: true, history: false },
    });
    expect(byName['State']).toMatchObject({
      dataType: 'String',
      nodeClass: 'Variable',
      value: expect.stringMatching(/^"/) as string,
    });
    const props = await browseAddressSpace({ endpoint: endpoint(), nodeId: 'ns=1;s=Line1.Machine1.Temperature' });
    expect(props.find((p) => p.displayName === 'EURange')?.dataType).toBe('Range'); // a structure: named by browse name
  });

  it('starts at the Objects folder and reuses its connection', async () => {
    const t0 = performance.now();
    const roots = await browseAddressSpace({ endpoint: endpoint() });
    expect(roots.map((r) => r.displayName)).toEqual(expect.arrayContaining(['Server', 'Line1']));
    expect(performance.now() - t0).toBeLessThan(1_000); // the session of the previous test is still open
  });

  it('fails with a user error for an unknown node and an operational one for an unreachable server', async () => {
    await expect(browseAddressSpace({ endpoint: endpoint(), nodeId: 'ns=1;s=Nope' })).rejects.toMatchObject({
      code: 'opcua_browse_refused',
      kind: 'user',
    });
    const port = await freePort();
    await expect(
      browseAddressSpace({ endpoint: { ...endpoint(), endpointUrl: `opc.tcp://127.0.0.1:${port}` }, timeoutMs: 600 }),
    ).rejects.toMatchObject({ code: 'opcua_not_connected', kind: 'operational' });
    await expect(browseAddressSpace({ endpoint: { endpointUrl: 'http://x' } })).rejects.toMatchObject({
      code: 'invalid_config',
    });
  });
});
