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

const BUSY = `const end = Date.now() + 1500;
while (Date.now() < end) {}
flow.set('spun', true);
return msg;`;

const isDone = (e: RuntimeEvent): e is DebugEvent => e.type === 'debug' && e.nodeId === 'out';
/** The `n`th message reached the debug node. */
const doneCount =
  (n: number) =>
  (e: RuntimeEvent): e is DebugEvent =>
    isDone(e) && t!.events.filter(isDone).length >= n;

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
    await waitForEvent(t, doneCount(2), 10_000);

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

    // Deleting: one key of each scope; the flow's other key stays, and other flows lose the global too.
    expect((await t.api('DELETE', '/api/context/node/fn/count')).status).toBe(204);
    expect((await t.api('DELETE', '/api/context/flow/ctx/big')).status).toBe(204);
    expect((await t.api('DELETE', '/api/context/global/line')).status).toBe(204);
    expect(((await t.api('GET', '/api/context/node/fn')).body as ContextScopeView).entries).toEqual([]);
    const left = (await t.api('GET', '/api/context/flow/ctx')).body as ContextScopeView;
    expect(left.entries.map((e) => e.key)).toEqual(['order']);
    const globalAfter = (await t.api('GET', '/api/context/global')).body as ContextScopeView;
    expect(globalAfter.entries.map((e) => e.key)).not.toContain('line');
    expect(await t.api('DELETE', '/api/context/node/nope/count')).toMatchObject({ status: 404 });
    // The function counts from scratch again: the flow's own copy of its node context was deleted.
    await t.api('POST', '/api/inject/go');
    await waitForEvent(t, doneCount(3), 10_000);
    const recount = (await t.api('GET', '/api/context/node/fn')).body as ContextScopeView;
    expect(recount.entries).toEqual([{ key: 'count', value: 1, truncated: false, bytes: 1 }]);

    expect(await t.api('GET', '/api/context/node/nope')).toMatchObject({
      status: 404,
      body: { code: 'node_not_found' },
    });
    expect(await t.api('GET', '/api/context/flow/nope')).toMatchObject({
      status: 404,
      body: { code: 'flow_not_found' },
    });
  });

  it('answers context_timeout when the flow is busy, and the flow itself runs on', async () => {
    t = await startTestRuntime({ nodeModules: DEFAULT_NODE_MODULES, isolation: 'worker' });
    // A function in a 1.5 s synchronous loop holds its worker thread: the worker cannot answer.
    const busy = testFlow(
      'busy',
      [
        ['go', 'inject'],
        ['spin', 'function', { code: BUSY, timeoutMs: 5_000 }],
        ['out', 'debug'],
      ],
      [
        ['go', 'spin'],
        ['spin', 'out'],
      ],
    );
    expect((await t.api('POST', '/api/flows', { flows: [busy] })).status).toBe(200);
    await t.api('POST', '/api/inject/go');
    await new Promise((r) => setTimeout(r, 100)); // the loop has started
    const asked = Date.now();
    await expect(t.runtime.manager.contextView({ flowId: 'busy' }, 300)).rejects.toMatchObject({
      code: 'context_timeout',
    });
    expect(Date.now() - asked).toBeLessThan(1_000);
    await waitForEvent(t, isDone, 10_000);
    const after = (await t.api('GET', '/api/context/flow/busy')).body as ContextScopeView;
    expect(after.entries).toEqual([{ key: 'spun', value: true, truncated: false, bytes: 4 }]);
  });
});
