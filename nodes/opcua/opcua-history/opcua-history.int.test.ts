import { runFlow, type FlowHarness } from '@millwright/sdk';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { nodes } from '../index.js';
import { flowOf } from '../opcua-endpoint/test-fixtures.js';
import { startAlarmHistoryServer } from '../testing/alarm-history-nodes.js';

let fx: Awaited<ReturnType<typeof startAlarmHistoryServer>>;
let h: FlowHarness | undefined;
const now = Date.now();
const ago = (minutes: number) => new Date(now - minutes * 60_000);
beforeAll(async () => {
  fx = await startAlarmHistoryServer();
  // One value every 10 min from 50 min ago to 10 min ago (minutes: margins for a slow start).
  fx.nodes.record([50, 40, 30, 20, 10].map((m) => ({ value: 100 - m, time: ago(m) })));
});
afterAll(() => fx?.server.stop());
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

const start = async (config: Record<string, unknown>) => {
  h = await runFlow(
    flowOf([{ id: 'hist', type: 'opcua-history', config: { endpoint: 'ua', ...config } }], [fx.endpoint]),
    nodes,
  );
  return h;
};

describe('opcua-history against the companion test server', () => {
  it('reads the values of a time range, relative or from the message', async () => {
    const h = await start({ nodeId: fx.nodes.ids.history, start: '-45m', end: 'now' });
    h.send('hist', { payload: 'go' });
    // msg.start and msg.end replace the configured range: 35 to 15 min ago.
    h.send('hist', { start: ago(35).toISOString(), end: ago(15).getTime() });
    const [recent, window] = await h.waitForOutputs('hist', 2, { timeoutMs: 10_000 });
    const values = recent?.payload as Array<Record<string, unknown>>;
    expect(values.map((v) => v['value'])).toEqual([60, 70, 80, 90]);
    expect(values[0]).toEqual({
      value: 60,
      sourceTimestamp: ago(40),
      serverTimestamp: expect.any(Date),
      statusCode: 'Good',
    });
    expect(recent?.opcua).toMatchObject({ nodeId: fx.nodes.ids.history, complete: true, requests: 1 });
    expect((window?.payload as Array<{ value: unknown }>).map((v) => v.value)).toEqual([70, 80]);
  });

  it('follows continuation points up to maxRequests', async () => {
    const h = await start({ nodeId: fx.nodes.ids.history, start: '-1h', maxValues: 2 });
    h.send('hist', {});
    const [all] = await h.waitForOutputs('hist', 1, { timeoutMs: 10_000 });
    expect((all?.payload as Array<{ value: unknown }>).map((v) => v.value)).toEqual([50, 60, 70, 80, 90]);
    expect(all?.opcua).toMatchObject({ complete: true, requests: 3 });
    await h.stop();

    // The same variable by namespace URI (nsu=), resolved against the server's NamespaceArray.
    const nodeId = fx.nodes.ids.history.replace(/^ns=\d+;/, `nsu=${fx.server.namespaceUri};`);
    const bounded = await start({ nodeId, start: '-1h', maxValues: 2, maxRequests: 1 });
    bounded.send('hist', {});
    const [first] = await bounded.waitForOutputs('hist', 1, { timeoutMs: 10_000 });
    expect((first?.payload as Array<{ value: unknown }>).map((v) => v.value)).toEqual([50, 60]);
    expect(first?.opcua).toMatchObject({ complete: false, requests: 1 });
  });

  it('raises coded errors for a variable without history and a bad time', async () => {
    const h = await start({});
    h.send('hist', { topic: fx.nodes.ids.notHistorized });
    h.send('hist', { topic: fx.nodes.ids.history, start: 'yesterday' });
    h.send('hist', { topic: fx.nodes.ids.history, start: 'now', end: '-1h' });
    await vi.waitFor(() => expect(h.errors('hist')).toHaveLength(3), { timeout: 10_000 });
    const errors = h.errors('hist').map((e) => `${e.error.kind} ${e.error.code}: ${e.error.message}`);
    expect(errors).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^user opcua_history_refused: history .*NotHistorized failed: BadHistoryOperationUnsupported/,
        ),
        expect.stringMatching(/^user opcua_history_time_invalid: start "yesterday" is not a time/),
        expect.stringMatching(/^user opcua_history_time_invalid: start .* is after end/),
      ]),
    );
    expect(h.outputs('hist')).toHaveLength(0);
  });
});
