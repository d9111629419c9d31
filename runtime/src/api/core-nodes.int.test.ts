import type { DebugEvent, DeployResponse, Flow, RuntimeEvent } from '@millwright/model';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_NODE_MODULES } from '../registry/load-node-modules.js';
import { startTestRuntime, testFlow, waitForEvent, type TestRuntime } from '../testing/test-runtime.js';

// The admin API over the built-in nodes, each flow in its own worker thread (the production setup).
let t: TestRuntime | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

const start = () => startTestRuntime({ nodeModules: DEFAULT_NODE_MODULES, isolation: 'worker' });
const isDebug =
  (value: unknown) =>
  (e: RuntimeEvent): e is DebugEvent =>
    e.type === 'debug' && e.value === value;

const COUNT = `const n = (context.get('count') || 0) + 1;
context.set('count', n);
msg.payload = n;
return msg;`;

/** inject -> function (counts in node context) -> debug; `tag` changes only the unconnected change node. */
const counting = (tag: string): Flow =>
  testFlow(
    'count',
    [
      ['go', 'inject', { payloadType: 'number', payload: '1' }],
      ['fn', 'function', { code: COUNT }],
      ['out', 'debug'],
      ['spare', 'change', { rules: [{ action: 'set', property: 'topic', valueType: 'string', value: tag }] }],
    ],
    [
      ['go', 'fn'],
      ['fn', 'out'],
    ],
  );

describe('admin API with core nodes in worker threads', () => {
  it('keeps a function node counting across a nodes-mode deploy and restarts it in flows mode', async () => {
    t = await start();
    const deploy = async (flow: Flow, mode: string) =>
      ((await t!.api('POST', '/api/flows', { flows: [flow], mode })).body as DeployResponse).changes;

    expect(await deploy(counting('a'), 'full')).toMatchObject({ started: ['count'] });
    await t.api('POST', '/api/inject/go');
    await t.api('POST', '/api/inject/go');
    await waitForEvent(t, isDebug(2), 10_000);

    expect(await deploy(counting('b'), 'nodes')).toMatchObject({ updated: ['count'], restarted: [] });
    await t.api('POST', '/api/inject/go');
    await waitForEvent(t, isDebug(3), 10_000);

    expect(await deploy(counting('c'), 'flows')).toMatchObject({ restarted: ['count'], updated: [] });
    t.events.length = 0;
    await t.api('POST', '/api/inject/go');
    await waitForEvent(t, isDebug(1), 10_000);
  });

  it('locates a bad function timeout at $[0].nodes[1].config.timeoutMs and deploys nothing', async () => {
    t = await start();
    const bad = counting('a');
    bad.nodes[1]!.config['timeoutMs'] = 0;
    const res = await t.api('POST', '/api/flows', { flows: [bad] });
    expect(res).toMatchObject({
      status: 400,
      body: { code: 'invalid_flow', issues: [{ pathString: '$[0].nodes[1].config.timeoutMs' }] },
    });
    expect(t.runtime.manager.states()).toEqual([]);
    expect((await t.api('GET', '/api/flows')).body).toEqual({ revision: '0', flows: [] });
  });

  it('lists the core nodes with their config schemas', async () => {
    t = await start();
    const catalog = (await t.api('GET', '/api/nodes')).body as Array<{
      type: string;
      configSchema: { properties?: object };
    }>;
    expect(catalog.map((n) => n.type)).toEqual(
      expect.arrayContaining(['inject', 'function', 'debug', 'change', 'switch']),
    );
    expect(catalog.find((n) => n.type === 'function')?.configSchema.properties).toHaveProperty('timeoutMs');
  });
});
