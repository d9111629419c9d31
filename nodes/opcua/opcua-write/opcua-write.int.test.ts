import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
    flowOf([{ id: 'write', type: 'opcua-write', config: { endpoint: 'plc', ...config } }], [endpointNode(fx)]),
    nodes,
  );
  return h;
};

describe('opcua-write against the simulated PLC', () => {
  it('writes a setpoint with the type looked up on the server and passes the message on', async () => {
    const h = await start({ nodeId: 'ns=1;s=Line1.Machine1.TemperatureSetpoint' });
    h.send('write', { payload: 71.5 });
    h.send('write', { payload: '72' }); // a numeric string is coerced to the Double the server wants
    const [first, second] = await h.waitForOutputs('write', 2, { timeoutMs: 10_000 });
    expect(first).toMatchObject({
      payload: 71.5,
      opcua: { nodeId: 'ns=1;s=Line1.Machine1.TemperatureSetpoint', dataType: 'Double', statusCode: 'Good' },
    });
    expect(second?.opcua).toMatchObject({ statusCode: 'Good' });
    expect(fx.plc.snapshot().machines[0]?.temperatureSetpoint).toBe(72);
  });

  it('writes a work order given in msg.topic with an explicit type', async () => {
    const h = await start({ dataType: 'String' });
    h.send('write', { topic: 'ns=1;s=Line1.WorkOrder', payload: 'WO-4711' });
    await h.waitForOutputs('write', 1, { timeoutMs: 10_000 });
    expect(fx.plc.snapshot().workOrder).toBe('WO-4711');
  });

  it('raises user errors for refused writes and payloads that do not fit', async () => {
    const h = await start({ nodeId: 'ns=1;s=Line1.Machine1.TemperatureSetpoint' });
    h.send('write', { payload: 500 }); // outside the 20..95 instrument range
    h.send('write', { payload: 'hot' });
    h.send('write', { topic: 'ignored' });
    await until(() => h.errors('write').length === 3, 'three errors');
    const errors = h.errors('write').map((e) => e.error);
    expect(errors.map((e) => e.code).sort()).toEqual(['opcua_bad_value', 'opcua_bad_value', 'opcua_write_refused']);
    expect(errors.find((e) => e.code === 'opcua_write_refused')?.message).toMatch(/BadOutOfRange/);
    expect(errors.every((e) => e.kind === 'user')).toBe(true);
    expect(fx.plc.snapshot().machines[0]?.temperatureSetpoint).not.toBe(500);
  });

  it('refuses to write a read-only variable', async () => {
    const h = await start({ nodeId: 'ns=1;s=Line1.Machine1.GoodCount' });
    h.send('write', { payload: 5 });
    await until(() => h.errors('write').length === 1, 'an error');
    expect(h.errors('write')[0]?.error).toMatchObject({
      code: 'opcua_write_refused',
      message: expect.stringMatching(/BadNotWritable/),
    });
  });

  it('with write-once and a file context, remembers written keys across a restart of the flow', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'millwright-write-once-'));
    const flow = {
      ...flowOf(
        [
          {
            id: 'write',
            type: 'opcua-write',
            config: { endpoint: 'plc', nodeId: 'ns=1;s=Line1.WorkOrder', writeOnce: true, writeOnceKey: 'payload' },
          },
        ],
        [endpointNode(fx)],
      ),
      context: { store: 'file' as const, flushIntervalMs: 0 },
    };
    try {
      const before = fx.plc.writeCount();
      h = await runFlow(flow, nodes, { dataDir });
      h.send('write', { payload: 'WO-ONCE' });
      await h.waitForOutputs('write', 1, { timeoutMs: 10_000 });
      await h.stop();
      h = await runFlow(flow, nodes, { dataDir });
      h.send('write', { payload: 'WO-ONCE' }); // redelivered after the restart
      const [again] = await h.waitForOutputs('write', 1, { timeoutMs: 10_000 });
      expect(again?.opcua).toMatchObject({ outcome: 'duplicate' });
      expect(fx.plc.writeCount()).toBe(before + 1);
    } finally {
      await h?.stop();
      h = undefined;
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
