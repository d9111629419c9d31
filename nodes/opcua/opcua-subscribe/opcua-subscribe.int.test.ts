import type { FlowMessage, NodeStatus } from '@millwright/model';
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

const GOOD = 'ns=1;s=Line1.Machine1.GoodCount';
const TEMP = 'ns=1;s=Line1.Machine1.Temperature';

const start = async (config: Record<string, unknown>) => {
  h = await runFlow(
    flowOf(
      [
        {
          id: 'sub',
          type: 'opcua-subscribe',
          config: { endpoint: 'plc', samplingIntervalMs: 0, publishingIntervalMs: 50, ...config },
        },
      ],
      [endpointNode(fx)],
    ),
    nodes,
  );
  return h;
};
const values = (h: FlowHarness, topic: string) =>
  h
    .outputs('sub')
    .filter((m: FlowMessage) => m.topic === topic)
    .map((m) => m.payload);

describe('opcua-subscribe against the simulated PLC', () => {
  it('sends the initial value and then every change, one message per variable', async () => {
    fx.plc.setState({ goodCount: 10, workOrder: 'WO-S1' });
    const h = await start({ items: [{ nodeId: GOOD, name: 'good' }, { nodeId: 'ns=1;s=Line1.WorkOrder' }] });
    await until(
      () => values(h, 'good').length === 1 && values(h, 'ns=1;s=Line1.WorkOrder').length === 1,
      'initial values',
    );
    for (let i = 11; i <= 15; i++) {
      fx.plc.setState({ goodCount: i });
      await new Promise((r) => setTimeout(r, 70)); // more than one publishing interval apart
    }
    await until(() => values(h, 'good').length === 6, 'six counter values');
    expect(values(h, 'good')).toEqual([10, 11, 12, 13, 14, 15]);
    expect(values(h, 'ns=1;s=Line1.WorkOrder')).toEqual(['WO-S1']);
    const last = h.outputs('sub').at(-1);
    expect(last?.opcua).toMatchObject({ nodeId: GOOD, dataType: 'UInt32', statusCode: 'Good' });
  });

  it('queues every change of a burst until the next publish, in order', async () => {
    fx.plc.setState({ goodCount: 100 });
    const h = await start({ items: [{ nodeId: GOOD }], publishingIntervalMs: 400, queueSize: 50 });
    await until(() => values(h, GOOD).length === 1, 'initial value');
    for (let i = 101; i <= 110; i++) fx.plc.setState({ goodCount: i });
    await until(() => values(h, GOOD).length === 11, 'the burst');
    expect(values(h, GOOD)).toEqual([100, 101, 102, 103, 104, 105, 106, 107, 108, 109, 110]);
  });

  it('keeps only the newest changes when the queue overflows', async () => {
    fx.plc.setState({ goodCount: 200 });
    const h = await start({ items: [{ nodeId: GOOD }], publishingIntervalMs: 400, queueSize: 3 });
    await until(() => values(h, GOOD).length === 1, 'initial value');
    for (let i = 201; i <= 210; i++) fx.plc.setState({ goodCount: i });
    await until(() => values(h, GOOD).includes(210), 'the end of the burst');
    await new Promise((r) => setTimeout(r, 450)); // one more publishing interval: nothing else comes
    expect(values(h, GOOD)).toEqual([200, 208, 209, 210]);
    expect((h.outputs('sub')[1]?.opcua as { statusCode: string }).statusCode).toMatch(/Overflow/);
  });

  it('drops changes inside an absolute deadband', async () => {
    fx.plc.setState({ state: 'running', temperatureSetpoint: 65 });
    const h = await start({ items: [{ nodeId: GOOD }], deadbandType: 'absolute', deadbandValue: 5 });
    await until(() => values(h, GOOD).length === 1, 'initial value');
    const base = values(h, GOOD)[0] as number;
    for (const step of [1, 2, 3, 9, 10, 20]) {
      fx.plc.setState({ goodCount: base + step });
      await new Promise((r) => setTimeout(r, 70));
    }
    await until(() => values(h, GOOD).length === 3, 'two changes beyond the deadband');
    expect(values(h, GOOD)).toEqual([base, base + 9, base + 20]);
    fx.plc.setState({ state: 'auto' });
  });

  it('reports a refused item as an error', async () => {
    const h = await start({ items: [{ nodeId: 'ns=1;s=Line1.Missing' }] });
    await until(() => h.errors('sub').length > 0, 'an error');
    expect(h.errors('sub')[0]?.error).toMatchObject({
      code: 'opcua_monitor_refused',
      kind: 'user',
      message: expect.stringMatching(/BadNodeIdUnknown/),
    });
  });

  it('recovers after a server restart: status goes red, then green, and values flow again', async () => {
    fx.plc.setState({ goodCount: 1 });
    const h = await start({ items: [{ nodeId: GOOD }, { nodeId: TEMP }] });
    await until(() => values(h, GOOD).includes(1), 'the first value');
    const badges = () => h.statuses('sub').map((s) => s.status as NodeStatus);
    expect(badges().at(-1)?.fill).toBe('green');

    const restarted = fx.restart(300);
    await until(() => badges().at(-1)?.fill === 'red', 'a red badge');
    await restarted;
    fx.plc.setState({ goodCount: 2 });
    await until(() => badges().at(-1)?.fill === 'green', 'a green badge again', 15_000);
    await until(() => values(h, GOOD).includes(2), 'a value after the restart', 15_000);
    fx.plc.setState({ goodCount: 3 });
    await until(() => values(h, GOOD).includes(3), 'a later change');
    const fills = badges().map((b) => b.fill);
    const red = fills.indexOf('red');
    expect(fills.indexOf('green')).toBeLessThan(red);
    expect(fills.lastIndexOf('green')).toBeGreaterThan(red);
    expect(values(h, TEMP).length).toBeGreaterThanOrEqual(2); // the other item was re-created too
    expect(h.errors('sub')).toEqual([]);
  });
});
