import { createServer, type Socket } from 'node:net';
import { nodes as coreNodes } from '@millwright/nodes-core';
import { freePort, runFlow, type FlowHarness } from '@millwright/sdk';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DATA_TYPES, WORD_ORDERS, type DataType } from './lib/codec.js';
import { nodes } from './index.js';
import { clientNode, flowOf, LOOPBACK, startSlaveFixture, type SlaveFixture } from './testing/modbus-fixture.js';

let fx: SlaveFixture;
let h: FlowHarness | undefined;
beforeAll(async () => {
  fx = await startSlaveFixture();
});
afterAll(() => fx?.stop());
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

type NodeSpec = { id: string; type: string; config: Record<string, unknown> };
const start = async (list: NodeSpec[], client: Record<string, unknown> = {}) => {
  h = await runFlow(
    flowOf(list, [clientNode(fx, client)]),
    [...nodes, ...coreNodes.filter((n) => n.type === 'catch')],
    { confinement: LOOPBACK },
  );
  return h;
};
const read = (id: string, config: Record<string, unknown>): NodeSpec => ({
  id,
  type: 'modbus-read',
  config: { client: 'dev', ...config },
});
const write = (id: string, config: Record<string, unknown>): NodeSpec => ({
  id,
  type: 'modbus-write',
  config: { client: 'dev', ...config },
});
const once = async (harness: FlowHarness, id: string, msg: Record<string, unknown> = {}) => {
  const before = harness.outputs(id).length;
  harness.send(id, msg);
  const out = await harness.waitForOutputs(id, before + 1, { timeoutMs: 5_000 });
  return out[before];
};

describe('modbus-read and modbus-write against the simulated slave', () => {
  it('reads the line in every area: counts, state, temperature (scaled), setpoint, alarms, hold coil', async () => {
    fx.model.setCounters('Machine2', { good: 70_000, reject: 3 });
    fx.model.setTemperatureSetpoint('Machine2', 65.5); // 10.5 °C above its temperature: alarm
    fx.model.force('Machine2', 'down', 201);
    const m2 = fx.model.snapshot().machines[1];
    const harness = await start([
      read('counts', { area: 'input-registers', address: 102, quantity: 2, dataType: 'uint32' }),
      read('state', { area: 'input-registers', address: 100, quantity: 2 }),
      read('temp', { area: 'input-registers', address: 106, dataType: 'float32' }),
      read('tenths', {
        area: 'input-registers',
        address: 112,
        dataType: 'int16',
        scale: { enabled: true, rawLow: 0, rawHigh: 10, engLow: 0, engHigh: 1 },
      }),
      read('setpoint', { area: 'holding-registers', address: 100, dataType: 'float32' }),
      read('inputs', { area: 'discrete-inputs', address: 100, quantity: 4 }),
      read('hold', { area: 'coils', address: 100 }),
    ]);
    expect(await once(harness, 'counts', { tag: 'kept' })).toMatchObject({
      payload: [70_000, 3],
      tag: 'kept',
      modbus: {
        area: 'input-registers',
        address: 102,
        quantity: 2,
        unitId: 1,
        dataType: 'uint32',
        order: 'ABCD',
        raw: [1, 4464, 0, 3],
        requests: 1,
      },
    });
    expect((await once(harness, 'state'))?.payload).toEqual([2, 201]);
    expect((await once(harness, 'temp'))?.payload).toBeCloseTo(m2?.temperature ?? Number.NaN, 4);
    expect((await once(harness, 'tenths'))?.payload).toBeCloseTo(Math.round((m2?.temperature ?? 0) * 10) / 10, 6);
    expect((await once(harness, 'setpoint'))?.payload).toBe(65.5);
    const inputs = await once(harness, 'inputs');
    expect(inputs?.payload).toEqual([false, false, true, true]); // down, and far from its setpoint
    expect(inputs?.modbus).not.toHaveProperty('dataType');
    expect((await once(harness, 'hold'))?.payload).toBe(false);
    expect(harness.statuses('temp').at(-1)?.status).toEqual({ fill: 'green', shape: 'dot', text: 'connected' });
    fx.model.force('Machine2', 'auto');
  });

  it('writes and reads back every data type in every byte/word order', async () => {
    const value: Record<DataType, number> = {
      int16: -12_345,
      uint16: 54_321,
      int32: -1_234_567_890,
      uint32: 3_000_000_001,
      float32: 65.25,
      float64: -0.000123456789,
    };
    const list: NodeSpec[] = [];
    let address = 1000;
    const cases = DATA_TYPES.flatMap((dataType) =>
      WORD_ORDERS.map((order) => ({ dataType, order, address: (address += 4) })),
    );
    for (const c of cases) {
      list.push(write(`w-${c.dataType}-${c.order}`, c), read(`r-${c.dataType}-${c.order}`, c));
      list.push(read(`raw-${c.dataType}-${c.order}`, { address: c.address, quantity: 4 }));
    }
    const harness = await start(list);
    for (const c of cases) {
      const written = await once(harness, `w-${c.dataType}-${c.order}`, { payload: value[c.dataType] });
      expect(written?.modbus).toMatchObject({ area: 'holding-registers', address: c.address, quantity: 1 });
      const back = await once(harness, `r-${c.dataType}-${c.order}`);
      expect(back?.payload, `${c.dataType} ${c.order}`).toBe(value[c.dataType]);
      // What reached the device is the encoding the order names (checked against the raw registers).
      const raw = (await once(harness, `raw-${c.dataType}-${c.order}`))?.payload as number[];
      expect(raw.slice(0, (written?.modbus as { raw: number[] }).raw.length)).toEqual(
        (written?.modbus as { raw: number[] }).raw,
      );
    }
    // uint32 3000000001 = 0xB2D05E01: ABCD [B2D0, 5E01], CDAB [5E01, B2D0]
    expect((harness.outputs('w-uint32-ABCD')[0]?.modbus as { raw: number[] }).raw).toEqual([0xb2d0, 0x5e01]);
    expect((harness.outputs('w-uint32-CDAB')[0]?.modbus as { raw: number[] }).raw).toEqual([0x5e01, 0xb2d0]);
  });

  it('writes the machine setpoint and the hold coil, splits long reads and writes', async () => {
    const harness = await start([
      write('setpoint', { address: 0, dataType: 'float32' }),
      write('tenths', {
        address: 2,
        dataType: 'int16',
        scale: { enabled: true, rawLow: 0, rawHigh: 10, engLow: 0, engHigh: 1 },
      }),
      write('hold', { area: 'coils', address: 0 }),
      write('block', { address: 1200 }),
      read('block-back', { address: 1200, quantity: 300 }),
      write('coil-block', { area: 'coils', address: 1000 }),
      read('coil-back', { area: 'coils', address: 1000, quantity: 10 }),
    ]);
    await once(harness, 'setpoint', { payload: 68.5 });
    expect(fx.model.snapshot().machines[0]?.temperatureSetpoint).toBe(68.5);
    await once(harness, 'tenths', { payload: 61.3 });
    expect(fx.model.snapshot().machines[0]?.temperatureSetpoint).toBeCloseTo(61.3, 6);
    await once(harness, 'hold', { payload: true });
    expect(fx.model.snapshot().machines[0]).toMatchObject({ state: 'idle', reasonCode: 100 });
    await once(harness, 'hold', { payload: false });
    expect(fx.model.snapshot().machines[0]?.reasonCode).not.toBe(100);
    const block = Array.from({ length: 300 }, (_, i) => i * 7);
    await once(harness, 'block', { payload: block });
    const back = await once(harness, 'block-back');
    expect(back?.payload).toEqual(block);
    expect(back?.modbus).toMatchObject({ requests: 3 }); // 125 + 125 + 50
    const bits = [true, false, true, true, false, false, true, false, true, true];
    await once(harness, 'coil-block', { payload: bits });
    expect((await once(harness, 'coil-back'))?.payload).toEqual(bits);
  });

  it('an illegal address or a bad value is a coded error for catch nodes; the flow keeps reading', async () => {
    const harness = await start([
      read('nowhere', { area: 'holding-registers', address: 5000, quantity: 2 }),
      read('past-end', { area: 'input-registers', address: 110, quantity: 5 }),
      write('too-big', { address: 1000, dataType: 'uint16' }),
      read('fine', { area: 'input-registers', address: 0 }),
      { id: 'catch', type: 'catch', config: {} },
    ]);
    harness.send('nowhere', {});
    harness.send('past-end', {});
    harness.send('too-big', { payload: 70_000 });
    await harness.waitForOutputs('catch', 3, { timeoutMs: 5_000 });
    const errorOf = (id: string) => harness.outputs('catch').find((m) => m.error?.source?.id === id)?.error;
    expect(errorOf('nowhere')).toMatchObject({ code: 'modbus_illegal_address', kind: 'user' });
    expect(errorOf('nowhere')?.message).toMatch(
      /read holding-registers 5000\.\.5001 of unit 1 .*Modbus exception 2 \(illegal data address/,
    );
    expect(errorOf('past-end')).toMatchObject({ code: 'modbus_illegal_address' });
    expect(errorOf('too-big')).toMatchObject({
      code: 'modbus_bad_value',
      message: expect.stringMatching(/70000 is not a uint16/),
    });
    expect((await once(harness, 'fine'))?.payload).toBe(0);
    expect(harness.statuses('fine').at(-1)?.status?.fill).toBe('green');
  });

  it('a device that accepts but never answers: modbus_timeout, then a fresh connection', async () => {
    const port = await freePort();
    const sockets: Socket[] = [];
    const silent = createServer((s) => void sockets.push(s)).listen(port, '127.0.0.1');
    try {
      h = await runFlow(
        flowOf([read('mute', { address: 0 })], [clientNode(fx, { host: '127.0.0.1', port, timeoutMs: 300 })]),
        nodes,
        { confinement: LOOPBACK },
      );
      h.send('mute', {});
      await expect.poll(() => h?.errors('mute')[0]?.error.code, { timeout: 3_000 }).toBe('modbus_timeout');
      expect(h.errors('mute')[0]?.error.message).toMatch(/no answer within the timeout/);
      // The silent connection is dropped and a new one opened.
      await expect.poll(() => sockets.length, { timeout: 3_000 }).toBeGreaterThanOrEqual(2);
    } finally {
      for (const s of sockets) s.destroy();
      silent.close();
    }
  });

  it('reconnects after the slave restarts: the badge goes red, then green, and polls resume', async () => {
    const harness = await start([
      read('poll', { area: 'input-registers', address: 2, dataType: 'uint32', pollMs: 50 }),
    ]);
    await harness.waitForOutputs('poll', 2, { timeoutMs: 5_000 });
    await fx.stop();
    await expect.poll(() => harness.statuses('poll').at(-1)?.status?.fill, { timeout: 5_000 }).toBe('red');
    // Polls while it is down fail with a coded error (after waiting the timeout for the connection).
    await expect
      .poll(() => harness.errors('poll').at(-1)?.error.code, { timeout: 5_000 })
      .toMatch(/^modbus_(not_connected|request_failed|timeout)$/);
    const whileDown = harness.outputs('poll').length;
    await fx.start();
    await expect.poll(() => harness.statuses('poll').at(-1)?.status?.text, { timeout: 5_000 }).toBe('connected');
    await harness.waitForOutputs('poll', whileDown + 2, { timeoutMs: 5_000 });
    const fills = harness.statuses('poll').map((s) => s.status?.fill);
    expect(fills.lastIndexOf('red')).toBeGreaterThan(fills.indexOf('green'));
  });
});
