import { MemoryContextStore, testNode, type NodeHarness } from '@millwright/sdk';
import { afterEach, describe, expect, it } from 'vitest';
import change from './change/index.js';
import inject from './inject/index.js';
import { JSONATA_TIMEOUT_MS, jsonataProblem } from './jsonata-expression.js';
import sort from './sort/index.js';
import sw from './switch/index.js';

let h: NodeHarness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});
const errorOf = async (harness: NodeHarness) =>
  ((await harness.waitForEvent((e) => e.type === 'error')) as { error: { code: string; message: string } }).error;

describe('JSONata in change, switch, inject and sort', () => {
  it('change: sets msg properties and flow context from expressions, in rule order', async () => {
    h = await testNode(change, {
      config: {
        rules: [
          { action: 'set', property: 'payload', value: 'Hello' },
          { action: 'set', property: 'payload', valueType: 'jsonata', value: 'payload & ", World!"' },
          {
            action: 'set',
            scope: 'flow',
            property: 'count',
            valueType: 'jsonata',
            value: '$sum([$flowContext("count"), 1])',
          },
          { action: 'set', property: 'count', valueType: 'flow', value: 'count' },
          { action: 'set', property: 'sum', valueType: 'jsonata', value: '$sum(msg.items.qty)' },
        ],
      },
    });
    h.input({ items: [{ qty: 2 }, { qty: 3 }] });
    h.input({ items: [] });
    const [a, b] = await h.next(2);
    expect(a).toMatchObject({ payload: 'Hello, World!', count: 1, sum: 5 });
    expect(b).toMatchObject({ count: 2 });
    expect(b && 'sum' in b).toBe(false); // no result: the property is removed, as Node-RED does
  });

  it('switch: a JSONata rule, a JSONata tested value, a JSONata operand and a flow value', async () => {
    h = await testNode(sw, {
      config: {
        checkAll: false,
        rules: [
          { op: 'jsonata', value: '(payload % 2) = 0' },
          { op: '==', valueType: 'jsonata', value: 'payload' },
        ],
      },
    });
    h.input({ payload: 8 });
    h.input({ payload: 7 });
    expect((await h.next(1, { port: 0 }))[0]?.payload).toBe(8);
    expect((await h.next(1, { port: 1 }))[0]?.payload).toBe(7);
    await h.stop();
    h = await testNode(sw, {
      config: { propertyType: 'jsonata', expression: 'payload > 5', rules: [{ op: 'true' }, { op: 'false' }] },
    });
    h.input({ payload: 3 });
    expect((await h.next(1, { port: 1 }))[0]?.payload).toBe(3);
    await h.stop();
    const globalContext = new MemoryContextStore();
    globalContext.set('state', 2);
    h = await testNode(sw, {
      globalContext,
      config: { propertyType: 'global', property: 'state', rules: [{ op: '==', valueType: 'number', value: '2' }] },
    });
    h.input({ payload: 'go' });
    expect((await h.next())[0]?.payload).toBe('go');
  });

  it('inject: a JSONata payload sees the message being built', async () => {
    h = await testNode(inject, { config: { payloadType: 'jsonata', payload: '"Hello, World!" & $string(1+1)' } });
    await h.trigger(h.nodeId);
    expect((await h.next())[0]?.payload).toBe('Hello, World!2');
  });

  it('sort: by a JSONata key over each element', async () => {
    h = await testNode(sort, { config: { keyExpression: '$substring("0000" & $string(price), -4) & name' } });
    h.input({
      payload: [
        { name: 'pear', price: 200 },
        { name: 'apple', price: 100 },
        { name: 'kiwi', price: 200 },
      ],
    });
    expect(((await h.next())[0]?.payload as Array<{ name: string }>).map((e) => e.name)).toEqual([
      'apple',
      'kiwi',
      'pear',
    ]);
  });

  it('refuses bad expressions at config parse, and raises coded errors at run time while the node goes on', async () => {
    expect(jsonataProblem('payload +')).toMatch(/^invalid JSONata expression: /);
    expect(jsonataProblem(' ')).toBe('the JSONata expression is empty');
    expect(() =>
      change.config.parse({ rules: [{ action: 'set', property: 'p', valueType: 'jsonata', value: '$x(' }] }),
    ).toThrow(/invalid JSONata expression/);
    h = await testNode(change, {
      config: { rules: [{ action: 'set', property: 'payload', valueType: 'jsonata', value: '$number(payload) * 2' }] },
    });
    h.input({ payload: 'abc' });
    expect(await errorOf(h)).toMatchObject({ code: 'jsonata_error', message: expect.stringMatching(/D3030/) });
    h.input({ payload: '21' });
    expect((await h.next())[0]?.payload).toBe(42);
  });

  it('ends a runaway expression after the time bound with jsonata_timeout', async () => {
    h = await testNode(change, {
      config: {
        rules: [
          {
            action: 'set',
            property: 'payload',
            valueType: 'jsonata',
            value: '($f := function($n){ $n <= 1 ? 1 : $f($n-1) + $f($n-2) }; $f(payload))',
          },
        ],
      },
    });
    const t0 = Date.now();
    h.input({ payload: 40 });
    expect(await errorOf(h)).toMatchObject({ code: 'jsonata_timeout' });
    const took = Date.now() - t0;
    expect(took).toBeGreaterThanOrEqual(JSONATA_TIMEOUT_MS - 50);
    expect(took).toBeLessThan(JSONATA_TIMEOUT_MS + 1_000);
    h.input({ payload: 10 });
    expect((await h.next())[0]?.payload).toBe(89);
  });
});
