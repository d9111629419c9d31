import type { ContextScopeView, DebugEvent, RuntimeEvent } from '@millwright/model';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_NODE_MODULES } from '../registry/load-node-modules.js';
import { startTestRuntime, testFlow, waitForEvent, type TestRuntime } from '../testing/test-runtime.js';

// The context viewer's API against flows in worker threads (the production setup): node and flow
// context come from the flow's worker, global context from the main process.
let t: TestRuntime | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

const SET = `context.set('count', (context.get('count') || 0) + 1);
flow.set('order', { id: 'WO-7', qty: 12 });
flow.set('big', 'x'.repeat(5 * 1024 * 1024));
global.set('line', 'L2');
return msg;`;

const isDone = (e: RuntimeEvent): e is DebugEvent => e.type === 'debug' && e.nodeId === 'out';

describe('GET /api/context', () => {
  it('shows node, flow and global context, cuts a 5 MB value and answers 404 for unknown ids', async () => {
    t = await startTestRuntime({ nodeModules: DEFAULT_NODE_MODULES, isolation: 'worker' });
    const flow = testFlow(
      'ctx',
      [
        ['go', 'inject'],
        ['fn', 'function', { code: SET }],
        ['out', 'debug'],
      ],
      [
        ['go', 'fn'],
        ['fn', 'out'],
      ],
    );
    expect((await t.api('POST', '/api/flows', { flows: [flow] })).status).toBe(200);
    await t.api('POST', '/api/inject/go');
    await t.api('POST', '/api/inject/go');
    await waitForEvent(t, isDone, 10_000);
    await waitForEvent(t, (e) => isDone(e) && t!.events.filter(isDone).length >= 2, 10_000);

    const node = (await t.api('GET', '/api/context/node/fn')).body as ContextScopeView;
    expect(node).toEqual({
      scope: 'node',
      entries: [{ key: 'count', value: 2, truncated: false, bytes: 1 }],
      total: 1,
      truncated: false,
    });

    const started = Date.now();
    const flowView = (await t.api('GET', '/api/context/flow/ctx')).body as ContextScopeView;
    const flowMs = Date.now() - started;
    expect(flowView.entries.map((e) => e.key)).toEqual(['big', 'order']);
    const [big, order] = flowView.entries;
    expect(order).toEqual({ key: 'order', value: { id: 'WO-7', qty: 12 }, truncated: false, bytes: 22 });
    expect(big!.truncated).toBe(true);
    expect(big!.bytes).toBe(5 * 1024 * 1024 + 2); // the whole value's size, with its quotes
    expect((big!.value as string).length).toBeLessThanOrEqual(10_001); // the debug limit plus "…"
    console.log(`flow context with a 5 MB value answered in ${flowMs} ms`);

    const global = (await t.api('GET', '/api/context/global')).body as ContextScopeView;
    expect(global.entries).toContainEqual(expect.objectContaining({ key: 'line', value: 'L2', truncated: false }));

    expect(await t.api('GET', '/api/context/node/nope')).toMatchObject({
      status: 404,
      body: { code: 'node_not_found' },
    });
    expect(await t.api('GET', '/api/context/flow/nope')).toMatchObject({
      status: 404,
      body: { code: 'flow_not_found' },
    });
  });
});
