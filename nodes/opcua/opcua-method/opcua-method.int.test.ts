import { runFlow, type FlowHarness } from '@millwright/sdk';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { nodes } from '../index.js';
import { flowOf } from '../opcua-endpoint/test-fixtures.js';
import { startAlarmHistoryServer } from '../testing/alarm-history-nodes.js';

let fx: Awaited<ReturnType<typeof startAlarmHistoryServer>>;
let h: FlowHarness | undefined;
beforeAll(async () => {
  fx = await startAlarmHistoryServer();
});
afterAll(() => fx?.server.stop());
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

const start = async (config: Record<string, unknown>) => {
  h = await runFlow(
    flowOf(
      [
        {
          id: 'call',
          type: 'opcua-method',
          config: { endpoint: 'ua', objectId: fx.nodes.ids.methods, methodId: fx.nodes.ids.scale, ...config },
        },
      ],
      [fx.endpoint],
    ),
    nodes,
  );
  return h;
};

describe('opcua-method against the companion test server', () => {
  it('calls the method with typed arguments from the config and msg.payload and names the outputs', async () => {
    const h = await start({
      arguments: [
        { name: 'unit', value: 'kg' },
        { name: 'factor', value: '3' },
      ],
    });
    // Positional payload values replace the configured ones; "unit" keeps its config value.
    h.send('call', { payload: [2.5, 4], tag: 'kept' });
    // By name: the string '1.5' becomes a Double, as InputArguments declares.
    h.send('call', { payload: { value: '1.5', unit: 'm' } });
    const [first, second] = await h.waitForOutputs('call', 2, { timeoutMs: 10_000 });
    expect(first).toMatchObject({
      tag: 'kept',
      payload: { result: 10, text: '10 kg' },
      opcua: { objectId: fx.nodes.ids.methods, methodId: fx.nodes.ids.scale, statusCode: 'Good' },
    });
    expect(second?.payload).toEqual({ result: 4.5, text: '4.5 m' });
  });

  it('takes objectId and methodId from the message when the config has none; an unknown method is refused', async () => {
    const h = await start({ objectId: '', methodId: '' });
    // nsu= NodeIds (namespace URI instead of index) are resolved against the server's NamespaceArray.
    const nsu = (id: string) => id.replace(/^ns=\d+;/, `nsu=${fx.server.namespaceUri};`);
    h.send('call', { objectId: nsu(fx.nodes.ids.methods), methodId: nsu(fx.nodes.ids.scale), payload: [2, 2, 'l'] });
    const [out] = await h.waitForOutputs('call', 1, { timeoutMs: 10_000 });
    expect(out?.payload).toEqual({ result: 4, text: '4 l' });
    h.send('call', { objectId: fx.nodes.ids.methods, methodId: `${fx.nodes.ids.scale}.Nope`, payload: [] });
    await vi.waitFor(() => expect(h.errors('call')).toHaveLength(1), { timeout: 10_000 });
    h.send('call', { methodId: fx.nodes.ids.scale, payload: [] });
    await vi.waitFor(() => expect(h.errors('call')).toHaveLength(2), { timeout: 10_000 });
    expect(h.errors('call')[1]?.error).toMatchObject({
      code: 'opcua_nodeid_missing',
      message: 'no objectId: set it in the node or send it in msg.objectId',
    });
    // A method the object does not have: the server's answer, not a guess from the empty signature.
    expect(h.errors('call')[0]?.error).toMatchObject({
      code: 'opcua_method_refused',
      message: `method ${fx.nodes.ids.scale}.Nope on ${fx.nodes.ids.methods} failed: BadMethodInvalid: the method is not a method of this object`,
    });
  });

  it('routes a Bad status and bad arguments to catch with coded errors', async () => {
    const h = await start({});
    h.send('call', { payload: { value: 1, factor: 0, unit: 'kg' } }); // the server answers BadInvalidArgument
    h.send('call', { payload: { value: 'abc', factor: 1, unit: 'kg' } }); // not a Double
    h.send('call', { payload: { value: 1, factor: 1 } }); // unit missing
    h.send('call', { payload: { value: 1, factor: 1, unit: 'kg', speed: 3 } }); // no such argument
    await vi.waitFor(() => expect(h.errors('call')).toHaveLength(4), { timeout: 10_000 });
    const errors = h.errors('call').map((e) => `${e.error.kind} ${e.error.code}: ${e.error.message}`);
    // Argument faults are found before the call; the server's answer comes later.
    expect(errors).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^user opcua_method_refused: .*Scale.* failed: BadInvalidArgument: the method refused an input argument value$/,
        ),
        expect.stringMatching(/^user opcua_bad_value: cannot write "abc" as Double/),
        expect.stringMatching(/^user opcua_method_arguments_invalid: no value for "unit"/),
        expect.stringMatching(
          /^user opcua_method_arguments_invalid: no input argument "speed"; .*\(value: Double, factor: Int32, unit: String\)$/,
        ),
      ]),
    );
    expect(h.outputs('call')).toHaveLength(0);
  });
});
