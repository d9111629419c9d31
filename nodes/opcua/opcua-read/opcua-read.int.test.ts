import { runFlow, type FlowHarness } from '@millwright/sdk';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { nodes } from '../index.js';
import { endpointNode, flowOf, startPlcFixture, until, type PlcFixture } from '../opcua-endpoint/test-fixtures.js';

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

const start = async (config: Record<string, unknown>) => {
  h = await runFlow(
    flowOf([{ id: 'read', type: 'opcua-read', config: { endpoint: 'plc', ...config } }], [endpointNode(fx)]),
    nodes,
  );
  return h;
};

describe('opcua-read against the simulated PLC', () => {
  it('reads a configured variable into msg.payload with its metadata, and shows the connection', async () => {
    fx.plc.setState({ goodCount: 123 });
    const h = await start({ items: [{ nodeId: 'ns=1;s=Line1.Machine1.GoodCount', name: 'good' }] });
    h.send('read', { payload: 'go', tag: 'kept' });
    const [msg] = await h.waitForOutputs('read', 1, { timeoutMs: 10_000 });
    expect(msg).toMatchObject({
      topic: 'good',
      payload: 123,
      tag: 'kept',
      opcua: { nodeId: 'ns=1;s=Line1.Machine1.GoodCount', dataType: 'UInt32', statusCode: 'Good' },
    });
    expect((msg?.opcua as { sourceTimestamp?: unknown }).sourceTimestamp).toBeInstanceOf(Date);
    expect(h.statuses('read').at(-1)?.status).toEqual({ fill: 'green', shape: 'dot', text: 'connected' });
  });

  it('takes the NodeId from msg.topic when no item is configured', async () => {
    const h = await start({});
    h.send('read', { topic: 'ns=1;s=Line1.WorkOrder' });
    const [msg] = await h.waitForOutputs('read', 1, { timeoutMs: 10_000 });
    expect(msg).toMatchObject({ topic: 'ns=1;s=Line1.WorkOrder', payload: 'WO-1000', opcua: { dataType: 'String' } });
  });

  it('reads several variables into an object keyed by name', async () => {
    fx.plc.setState({ machine: 'Machine2', state: 'down', reasonCode: 201 });
    const h = await start({
      items: [
        { nodeId: 'ns=1;s=Line1.Machine2.State', name: 'state' },
        { nodeId: 'ns=1;s=Line1.Machine2.ReasonCode', name: 'reason' },
        { nodeId: 'ns=1;s=Line1.Machine2.Temperature' },
      ],
    });
    h.send('read', {});
    const [msg] = await h.waitForOutputs('read', 1, { timeoutMs: 10_000 });
    const payload = msg?.payload as Record<string, unknown>;
    expect(payload).toMatchObject({ state: 'down', reason: 201 });
    expect(payload['ns=1;s=Line1.Machine2.Temperature']).toEqual(expect.any(Number));
    expect(msg?.opcua).toMatchObject({ state: { dataType: 'String' }, reason: { dataType: 'Int32' } });
    fx.plc.setState({ machine: 'Machine2', state: 'auto' });
  });

  it('raises a user error for an unknown NodeId and for a message without one', async () => {
    const h = await start({});
    h.send('read', { topic: 'ns=1;s=Line1.NoSuchThing' });
    h.send('read', { payload: 1 });
    await until(() => h.errors('read').length === 2, 'two errors');
    const codes = h.errors('read').map((e) => [e.error.code, e.error.kind]);
    expect(codes).toContainEqual(['opcua_read_refused', 'user']);
    expect(codes).toContainEqual(['opcua_nodeid_missing', 'user']);
    expect(
      h
        .errors('read')
        .map((e) => e.error.message)
        .join(),
    ).toMatch(/BadNodeIdUnknown/);
    expect(h.outputs('read')).toHaveLength(0);
  });
});
