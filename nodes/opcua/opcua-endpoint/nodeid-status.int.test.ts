import { runFlow, type FlowHarness } from '@millwright/sdk';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { nodes } from '../index.js';
import { endpointNode, flowOf, startPlcFixture, until, type PlcFixture } from './test-fixtures.js';

let fx: PlcFixture;
let h: FlowHarness | undefined;
beforeAll(async () => {
  fx = await startPlcFixture();
});
afterAll(() => fx?.close());
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

const start = async (type: string, config: Record<string, unknown>) => {
  h = await runFlow(flowOf([{ id: 'n', type, config: { endpoint: 'plc', ...config } }], [endpointNode(fx)]), nodes);
  return h;
};
const lastStatus = (h: FlowHarness) => h.statuses('n').at(-1)?.status;
const GREEN = { fill: 'green', shape: 'dot', text: 'connected' };

describe('NodeIds the server refuses, and nsu= NodeIds', () => {
  it('opcua-read shows a refused NodeId red with the status explained, and green again after a good read', async () => {
    const h = await start('opcua-read', {});
    h.send('n', { topic: 'ns=1;s=Line1.NoSuchThing' });
    await until(() => h.errors('n').length === 1, 'the refused read');
    expect(h.errors('n')[0]?.error).toMatchObject({
      code: 'opcua_read_refused',
      kind: 'user',
      message: 'read ns=1;s=Line1.NoSuchThing failed: BadNodeIdUnknown: the node does not exist on the server',
    });
    expect(lastStatus(h)).toEqual({
      fill: 'red',
      shape: 'dot',
      text: 'BadNodeIdUnknown: the node does not exist on the server (ns=1;s=Line1.NoSuchThing)',
    });
    h.send('n', { topic: `nsu=${fx.plc.namespaceUri};s=Line1.WorkOrder` });
    const [msg] = await h.waitForOutputs('n', 1, { timeoutMs: 10_000 });
    expect(msg).toMatchObject({
      payload: 'WO-1000',
      opcua: { nodeId: `nsu=${fx.plc.namespaceUri};s=Line1.WorkOrder` },
    });
    expect(lastStatus(h)).toEqual(GREEN);
    h.send('n', { topic: 'nsu=urn:not-on-this-server;s=Line1.WorkOrder' });
    h.send('n', { topic: 'ns=1;x=Line1' });
    await until(() => h.errors('n').length === 3, 'two more errors');
    expect(
      h
        .errors('n')
        .map((e) => e.error.message)
        .slice(1)
        .sort(),
    ).toEqual([
      '"ns=1;x=Line1" is not a NodeId: "x=" is not an identifier type: use i= (number), s= (string), g= (GUID) or b= (base64)',
      'read nsu=urn:not-on-this-server;s=Line1.WorkOrder failed: BadNamespaceUnknown: the server has no namespace with this URI or index',
    ]);
  });

  it('opcua-subscribe shows a refused item red with the status explained while the good item (nsu=) flows', async () => {
    fx.plc.setState({ goodCount: 7 });
    const h = await start('opcua-subscribe', {
      samplingIntervalMs: 0,
      publishingIntervalMs: 50,
      items: [
        { nodeId: `nsu=${fx.plc.namespaceUri};s=Line1.Machine1.GoodCount`, name: 'good' },
        { nodeId: 'ns=1;s=Line1.Missing', name: 'missing' },
      ],
    });
    const [msg] = await h.waitForOutputs('n', 1, { timeoutMs: 10_000 });
    expect(msg).toMatchObject({ topic: 'good', payload: 7 });
    await until(() => h.errors('n').length === 1, 'the refused item');
    expect(h.errors('n')[0]?.error).toMatchObject({
      code: 'opcua_monitor_refused',
      message: 'monitoring ns=1;s=Line1.Missing refused: BadNodeIdUnknown: the node does not exist on the server',
    });
    await until(() => lastStatus(h)?.fill === 'red', 'the red badge');
    expect(lastStatus(h)?.text).toBe('BadNodeIdUnknown: the node does not exist on the server (ns=1;s=Line1.Missing)');
  });
  it('opcua-write writes through a nsu= NodeId and reports it as configured', async () => {
    const nodeId = `nsu=${fx.plc.namespaceUri};s=Line1.Machine1.TemperatureSetpoint`;
    const h = await start('opcua-write', { nodeId });
    h.send('n', { payload: 64.5 });
    const [msg] = await h.waitForOutputs('n', 1, { timeoutMs: 10_000 });
    expect(msg?.opcua).toMatchObject({ nodeId, dataType: 'Double', outcome: 'applied' });
    expect(fx.plc.snapshot().machines[0]?.temperatureSetpoint).toBe(64.5);
  });
});
