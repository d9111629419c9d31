import type { Flow } from '@millwright/model';
import { runFlow, testNode, type FlowHarness } from '@millwright/sdk';
import { afterEach, describe, expect, it } from 'vitest';
import split from '../split/index.js';
import join from './index.js';

let h: FlowHarness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const node = (id: string, type: string, config: Record<string, unknown> = {}) => ({
  id,
  type,
  typeVersion: 1,
  config,
  position: { x: 0, y: 0 },
});
const wire = (from: string, to: string) => ({ from: { node: from, port: 0 }, to: { node: to, port: 0 } });

/** split -> join (-> more pairs when nested), returning what the last join sends for `msg`. */
async function roundTrip(msg: Record<string, unknown>, splitConfig: Record<string, unknown> = {}) {
  const flow: Flow = {
    version: 1,
    id: 'f',
    name: 'f',
    nodes: [node('s', 'split', splitConfig), node('j', 'join')],
    wires: [wire('s', 'j')],
  };
  h = await runFlow(flow, [split, join]);
  h.send('s', msg);
  const [out] = await h.waitForOutputs('j', 1);
  await h.idle();
  expect(h.outputs('j')).toHaveLength(1);
  return out;
}
const parts = (id: string, index: number, count: number, extra: Record<string, unknown> = {}) => ({
  id,
  index,
  count,
  type: 'array',
  len: 1,
  property: 'payload',
  ...extra,
});
const startJoin = async (config: Record<string, unknown>) => (h = await testNode(join, { config }));

describe('join node, auto mode', () => {
  it('split -> join restores the original array and message', async () => {
    const payload = [{ sku: 'A', qty: 2 }, 'x', 3, null, [1, 2]];
    const out = await roundTrip({ payload, topic: 'orders' });
    expect(out?.payload).toEqual(payload);
    expect(out?.topic).toBe('orders');
    expect(out && 'parts' in out).toBe(false);
  });

  it('split -> join restores the original string, including empty lines', async () => {
    const text = 'L1;10\n\nL2;12\n';
    expect((await roundTrip({ payload: text }))?.payload).toBe(text);
  });

  it('restores chunked arrays, objects, buffers and nested properties', async () => {
    expect((await roundTrip({ payload: [1, 2, 3, 4, 5] }, { arrayChunk: 2 }))?.payload).toEqual([1, 2, 3, 4, 5]);
    await h?.stop();
    expect((await roundTrip({ payload: { temp: 80, rpm: 1200 } }))?.payload).toEqual({ temp: 80, rpm: 1200 });
    await h?.stop();
    const bytes = Uint8Array.from({ length: 10 }, (_, i) => i);
    expect([...((await roundTrip({ payload: bytes }, { bufferChunk: 3 }))?.payload as Uint8Array)]).toEqual([...bytes]);
    await h?.stop();
    const nested = await roundTrip({ payload: { order: 'WO-1', items: ['a', 'b'] } }, { property: 'payload.items' });
    expect(nested?.payload).toEqual({ order: 'WO-1', items: ['a', 'b'] });
  });

  it('split -> split -> join -> join restores a nested structure', async () => {
    const flow: Flow = {
      version: 1,
      id: 'f',
      name: 'f',
      nodes: [node('s1', 'split'), node('s2', 'split', { delimiter: ',' }), node('j1', 'join'), node('j2', 'join')],
      wires: [wire('s1', 's2'), wire('s2', 'j1'), wire('j1', 'j2')],
    };
    h = await runFlow(flow, [split, join]);
    h.send('s1', { payload: ['a,b', 'c', 'd,e,f'] });
    const [out] = await h.waitForOutputs('j2', 1);
    expect(out?.payload).toEqual(['a,b', 'c', 'd,e,f']);
    expect(out && 'parts' in out).toBe(false);
  });

  it('joins sequences without a type (as from batch) into an array, as Node-RED does', async () => {
    const h = await startJoin({});
    h.input({ payload: 2, parts: { id: 'B', index: 1, count: 2 } });
    h.input({ payload: 1, parts: { id: 'B', index: 0, count: 2 } });
    const [out] = await h.next();
    expect(out?.payload).toEqual([1, 2]);
  });

  it('keeps interleaved sequences apart and orders parts by index', async () => {
    const h = await startJoin({});
    h.input({ payload: 'b2', parts: parts('B', 1, 2) });
    h.input({ payload: 'a3', parts: parts('A', 2, 3) });
    h.input({ payload: 'a1', parts: parts('A', 0, 3) });
    h.input({ payload: 'b1', parts: parts('B', 0, 2) });
    h.input({ payload: 'a2', parts: parts('A', 1, 3) });
    const outs = await h.next(2);
    expect(outs.map((m) => m.payload)).toEqual([
      ['b1', 'b2'],
      ['a1', 'a2', 'a3'],
    ]);
  });

  it('sends a partial group when timeoutMs passes', async () => {
    const h = await startJoin({ timeoutMs: 30 });
    const t0 = Date.now();
    h.input({ payload: 'first', parts: parts('A', 0, 3) });
    h.input({ payload: 'third', parts: parts('A', 2, 3) });
    const [out] = await h.next(1);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(28);
    expect(out?.payload).toEqual(['first', 'third']);
  });

  it('reports messages without parts', async () => {
    const h = await startJoin({});
    h.input({ payload: 1 });
    const err = await h.waitForEvent((e) => e.type === 'error');
    expect(err).toMatchObject({ error: { code: 'join_missing_parts' } });
  });

  it('drops the oldest incomplete sequence beyond maxGroups', async () => {
    const h = await startJoin({ maxGroups: 2 });
    h.input({ payload: 'a', parts: parts('A', 0, 2) });
    h.input({ payload: 'b', parts: parts('B', 0, 2) });
    h.input({ payload: 'c', parts: parts('C', 0, 2) });
    h.input({ payload: 'b2', parts: parts('B', 1, 2) });
    await h.idle();
    expect(h.errors().map((e) => [e.error.code, e.error.message])).toEqual([
      ['join_too_many_groups', 'dropped incomplete sequence A (1 of 2 parts) to stay within maxGroups (2)'],
    ]);
    expect(h.outputs(h.nodeId).map((m) => m.payload)).toEqual([['b', 'b2']]);
  });

  it('drops incomplete groups on close with a log line', async () => {
    const h = await startJoin({ timeoutMs: 20 });
    h.input({ payload: 'a', parts: parts('A', 0, 2) });
    await h.idle();
    await h.stop();
    await sleep(30);
    expect(h.outputs(h.nodeId)).toHaveLength(0);
    expect(h.logs().map((l) => l.message)).toContain('dropped 1 collected message(s) of incomplete groups on close');
  });
});

describe('join node, manual mode', () => {
  it('collects count messages into an array, then starts again', async () => {
    const h = await startJoin({ mode: 'manual', count: 2 });
    for (const p of [1, 2, 3, 4, 5]) h.input({ payload: p });
    await h.idle();
    expect(h.outputs(h.nodeId).map((m) => m.payload)).toEqual([
      [1, 2],
      [3, 4],
    ]);
  });

  it('without a count, sends when as many messages as msg.parts.count arrived (as Node-RED)', async () => {
    const h = await startJoin({ mode: 'manual', build: 'string', joiner: ',', timeoutMs: 60_000 });
    for (const [index, p] of ['Apple', 'Orange', 'Banana'].entries())
      h.input({ payload: p, parts: { id: 's', index, count: 3, type: 'string', ch: '' } });
    h.input({ payload: 'Kiwi' });
    await h.idle();
    expect(h.outputs(h.nodeId).map((m) => m.payload)).toEqual(['Apple,Orange,Banana']);
  });

  it('merges objects, counting keys as Node-RED does; a value that is not an object is refused', async () => {
    const h = await startJoin({ mode: 'manual', build: 'merged', count: 2 });
    for (const p of [{ name: 'Apple' }, 'x', { name: 'Pear' }, { price: 100 }, { name: 'Kiwi', price: 5 }])
      h.input({ payload: p });
    await h.idle();
    expect(h.outputs(h.nodeId).map((m) => m.payload)).toEqual([
      { name: 'Pear', price: 100 },
      { name: 'Kiwi', price: 5 },
    ]);
    expect(h.errors().map((e) => (e.error as { code: string }).code)).toEqual(['join_not_object']);
  });

  it('builds strings with a joiner, objects keyed by topic, and buffers', async () => {
    let j = await startJoin({ mode: 'manual', count: 3, build: 'string', joiner: '\\n' });
    for (const p of ['a', 2, { c: 3 }]) j.input({ payload: p });
    expect((await j.next())[0]?.payload).toBe('a\n2\n{"c":3}');
    await j.stop();
    j = await startJoin({ mode: 'manual', count: 2, build: 'object' });
    j.input({ topic: 'temp', payload: 80 });
    j.input({ topic: 'rpm', payload: 1200 });
    expect((await j.next())[0]?.payload).toEqual({ temp: 80, rpm: 1200 });
    await j.stop();
    j = await startJoin({ mode: 'manual', count: 2, build: 'buffer' });
    j.input({ payload: Uint8Array.from([1, 2]) });
    j.input({ payload: 'A' });
    expect([...((await j.next())[0]?.payload as Uint8Array)]).toEqual([1, 2, 65]);
  });

  it('sends what it has after timeoutMs, and early on msg.complete', async () => {
    const h = await startJoin({ mode: 'manual', count: 10, timeoutMs: 30 });
    h.input({ payload: 1 });
    h.input({ payload: 2 });
    const [timed] = await h.next(1);
    expect(timed?.payload).toEqual([1, 2]);
    h.input({ payload: 3 });
    h.input({ payload: 4, complete: true });
    const [, early] = await h.next(2);
    expect(early?.payload).toEqual([3, 4]);
    expect(early && 'complete' in early).toBe(false);
  });

  it('reports a missing key for object builds', async () => {
    const h = await startJoin({ mode: 'manual', count: 2, build: 'object' });
    h.input({ payload: 1 });
    const err = await h.waitForEvent((e) => e.type === 'error');
    expect(err).toMatchObject({ error: { code: 'join_missing_key' } });
  });
});

describe('join config', () => {
  it('parses {} as auto mode', () => {
    expect(join.config.parse({})).toMatchObject({ mode: 'auto', timeoutMs: 0, maxGroups: 1000 });
  });

  it('requires a count or a timeout in manual mode', () => {
    expect(join.config.safeParse({ mode: 'manual' }).error?.issues.map((i) => [i.path, i.message])).toEqual([
      [['count'], 'a manual join needs a count or a timeoutMs (msg.complete also sends early)'],
    ]);
    expect(join.config.safeParse({ mode: 'manual', timeoutMs: 100 }).success).toBe(true);
    expect(join.config.safeParse({ build: 'xml' }).error?.issues[0]?.path).toEqual(['build']);
  });
});

describe('join node, reduce mode', () => {
  const seq = (values: unknown[]) =>
    values.map((payload, index) => ({ payload, parts: { id: 'r', index, count: values.length, type: 'array' } }));

  it('folds a sequence with JSONata ($A, $I, $N), fixes the result up, and folds right', async () => {
    let h = await startJoin({
      mode: 'reduce',
      reduceExpression: '$A + payload',
      reduceInit: '0',
      reduceFixup: '$A / $N',
    });
    // Out of order: the fold follows msg.parts.index.
    for (const m of seq([4, 6, 8]).reverse()) h.input(m);
    expect((await h.next())[0]?.payload).toBe(6);
    await h.stop();
    h = await startJoin({
      mode: 'reduce',
      reduceExpression: '$append($A, [{"v": payload, "i": $I}])',
      reduceInit: '[]',
      reduceInitType: 'json',
      reduceRight: true,
    });
    for (const m of seq(['a', 'b'])) h.input(m);
    expect((await h.next())[0]?.payload).toEqual([
      { v: 'b', i: 1 },
      { v: 'a', i: 0 },
    ]);
  });

  it('refuses bad expressions at config parse, and messages without parts at run time', async () => {
    expect(() => join.config.parse({ mode: 'reduce', reduceExpression: '$A +', reduceInit: '0' })).toThrow(
      /invalid JSONata expression/,
    );
    const h = await startJoin({ mode: 'reduce', reduceExpression: '$A + payload', reduceInit: '0' });
    h.input({ payload: 1 });
    expect(await h.waitForEvent((e) => e.type === 'error')).toMatchObject({ error: { code: 'join_missing_parts' } });
    for (const m of seq([1, 2])) h.input(m);
    expect((await h.next())[0]?.payload).toBe(3);
  });
});
