import type { Flow } from '@millwright/model';
import { defineNode, MemoryContextStore, runFlow, testNode } from '@millwright/sdk';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import change from './index.js';

type Harness = Awaited<ReturnType<typeof testNode>>;
let h: Harness | undefined;
const node = (id: string, type: string, config: Record<string, unknown> = {}) => ({
  id,
  type,
  typeVersion: 1,
  config,
  position: { x: 0, y: 0 },
});
const flowOf = (nodes: Flow['nodes'], wires: Flow['wires']): Flow => ({ version: 1, id: 'f', name: 'f', nodes, wires });
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

const run = async (rules: unknown[], opts: Parameters<typeof testNode>[1] = {}) => {
  h = await testNode(change, { ...opts, config: { rules } });
  return h;
};

describe('change node', () => {
  it('sets literals of every type', async () => {
    const t0 = Date.now();
    const h = await run([
      { action: 'set', property: 'payload', valueType: 'number', value: '42.5' },
      { action: 'set', property: 'topic', value: 'line1/temp' },
      { action: 'set', property: 'ok', valueType: 'boolean', value: 'false' },
      { action: 'set', property: 'meta.limits', valueType: 'json', value: '{"hi":90,"lo":[1,2]}' },
      { action: 'set', property: 'at', valueType: 'timestamp' },
      { action: 'set', property: 'gone', valueType: 'empty' },
    ]);
    h.input({ payload: 'x', gone: 1 });
    const [out] = await h.next();
    expect(out).toMatchObject({
      payload: 42.5,
      topic: 'line1/temp',
      ok: false,
      meta: { limits: { hi: 90, lo: [1, 2] } },
    });
    expect(out?.['at']).toBeGreaterThanOrEqual(t0);
    expect(out?.['gone']).toBeUndefined();
  });

  it('gives each message its own copy of a JSON value', async () => {
    // `mutate` changes the payload in place; the second message must still see the configured value.
    const mutate = defineNode({
      type: 'mutate',
      category: 'test',
      version: 1,
      description: 'bumps payload.n',
      inputs: 1,
      outputs: ['out'],
      config: z.object({}),
      setup: (ctx) => ({
        input(msg) {
          (msg.payload as { n: number }).n++;
          ctx.send(msg);
        },
      }),
    });
    const f = await runFlow(
      flowOf(
        [
          node('c', 'change', { rules: [{ action: 'set', property: 'payload', valueType: 'json', value: '{"n":1}' }] }),
          node('m', 'mutate'),
        ],
        [{ from: { node: 'c', port: 0 }, to: { node: 'm', port: 0 } }],
      ),
      [change, mutate],
    );
    f.send('c', {});
    f.send('c', {});
    const outs = await f.waitForOutputs('m', 2);
    await f.stop();
    expect(outs.map((o) => o.payload)).toEqual([{ n: 2 }, { n: 2 }]);
  });

  it('sets from another msg property, flow and global context (with a path inside the key) and env', async () => {
    const globalContext = new MemoryContextStore();
    globalContext.set('plant', { lines: [{ name: 'L1' }] });
    // a node that writes flow context at start, so the change node can read it
    const seed = defineNode({
      type: 'seed',
      category: 'test',
      version: 1,
      description: 'sets flow.shift',
      inputs: 0,
      outputs: [],
      config: z.object({}),
      setup: (ctx) => {
        ctx.context.flow.set('shift', 'B');
        return {};
      },
    });
    const rules = [
      { action: 'set', property: 'copy', valueType: 'msg', value: 'payload.a' },
      { action: 'set', property: 'line', valueType: 'global', value: 'plant.lines[0].name' },
      { action: 'set', property: 'shift', valueType: 'flow', value: 'shift' },
      { action: 'set', property: 'site', valueType: 'env', value: 'SITE' },
      { action: 'set', property: 'nothing', valueType: 'env', value: 'UNSET' },
    ];
    const f = await runFlow(flowOf([node('s', 'seed'), node('c', 'change', { rules })], []), [change, seed], {
      globalContext,
      env: { SITE: 'Lyon' },
    });
    f.send('c', { payload: { a: { deep: true } } });
    const [out] = await f.waitForOutputs('c', 1);
    await f.stop();
    expect(out).toMatchObject({ copy: { deep: true }, line: 'L1', shift: 'B', site: 'Lyon' });
    expect(out && 'nothing' in out && out['nothing'] === undefined).toBe(true);
  });

  it('copies objects read from context, so a later change does not alter the context', async () => {
    const globalContext = new MemoryContextStore();
    globalContext.set('recipe', { temp: 180 });
    const h = await run(
      [
        { action: 'set', property: 'payload', valueType: 'global', value: 'recipe' },
        { action: 'set', property: 'payload.temp', valueType: 'number', value: '1' },
      ],
      { globalContext },
    );
    h.input({});
    const [out] = await h.next();
    expect(out?.payload).toEqual({ temp: 1 });
    expect(globalContext.get('recipe')).toEqual({ temp: 180 });
  });

  it('replaces text literally or by regex with capture groups, and leaves non-strings alone', async () => {
    const h = await run([
      { action: 'change', property: 'payload', search: '$.', replace: '$&!' },
      { action: 'change', property: 'topic', search: '^(\\w+)/(\\w+)$', searchType: 'regex', replace: '$2/$1' },
      { action: 'change', property: 'count', search: '1', replace: '2' },
    ]);
    h.input({ payload: 'a$.b$.c', topic: 'temp/line1', count: 1 });
    const [out] = await h.next();
    expect(out).toMatchObject({ payload: 'a$&!b$&!c', topic: 'line1/temp', count: 1 });
  });

  it('deletes and moves properties, in rule order', async () => {
    const h = await run([
      { action: 'move', property: 'payload.value', to: 'reading.value' },
      { action: 'delete', property: 'payload' },
      { action: 'move', property: 'missing', to: 'elsewhere' },
      { action: 'set', property: 'payload', valueType: 'msg', value: 'reading.value' },
    ]);
    h.input({ payload: { value: 21.5, unit: 'C' } });
    const [out] = await h.next();
    expect(out?.payload).toBe(21.5);
    expect(out?.['reading']).toEqual({ value: 21.5 });
    expect(out && 'elsewhere' in out).toBe(false);
  });

  it('routes a rule failure to catch with the message and does not send it', async () => {
    const h = await run([{ action: 'set', property: 'payload.temp', valueType: 'number', value: '1' }]);
    h.input({ payload: 'not an object' });
    const err = await h.waitForEvent((e) => e.type === 'error');
    expect(err).toMatchObject({
      error: { code: 'path_not_object', message: expect.stringMatching(/"payload" is a string/) },
    });
    expect(h.outputs(h.nodeId)).toHaveLength(0);
  });

  it('refuses regex input longer than regexMaxInput', async () => {
    h = await testNode(change, {
      config: {
        regexMaxInput: 5,
        rules: [{ action: 'change', property: 'payload', search: 'a', searchType: 'regex' }],
      },
    });
    h.input({ payload: 'aaaaaa' });
    const err = await h.waitForEvent((e) => e.type === 'error');
    expect(err).toMatchObject({ error: { code: 'regex_input_too_long' } });
  });
});

describe('change config', () => {
  const issues = (config: unknown) => change.config.safeParse(config).error?.issues.map((i) => [i.path, i.message]);

  it('parses {} with no rules', () => {
    expect(change.config.parse({})).toEqual({ rules: [], regexMaxInput: 10_000 });
  });

  it('rejects prototype-polluting paths wherever a path is accepted', () => {
    expect(issues({ rules: [{ action: 'set', property: '__proto__.isAdmin', value: 'x' }] })).toEqual([
      [['rules', 0, 'property'], expect.stringMatching(/segment "__proto__" is not allowed/)],
    ]);
    expect(issues({ rules: [{ action: 'move', property: 'a', to: 'b.constructor.prototype' }] })?.[0]?.[0]).toEqual([
      'rules',
      0,
      'to',
    ]);
    expect(
      issues({ rules: [{ action: 'set', property: 'a', valueType: 'msg', value: 'x["__proto__"]' }] })?.[0]?.[0],
    ).toEqual(['rules', 0, 'value']);
  });

  it('reports bad literals and regexes at the rule field', () => {
    expect(
      issues({
        rules: [
          { action: 'delete', property: 'x' },
          { action: 'set', property: 'a', valueType: 'number', value: 'ten' },
        ],
      }),
    ).toEqual([[['rules', 1, 'value'], '"ten" is not a number']]);
    expect(issues({ rules: [{ action: 'set', property: 'a', valueType: 'json', value: '{bad' }] })?.[0]?.[1]).toMatch(
      /^invalid JSON/,
    );
    expect(issues({ rules: [{ action: 'change', property: 'a', search: '(', searchType: 'regex' }] })?.[0]).toEqual([
      ['rules', 0, 'search'],
      expect.stringMatching(/invalid regular expression/),
    ]);
    expect(
      issues({ rules: [{ action: 'change', property: 'a', search: '(a+)+$', searchType: 'regex' }] })?.[0]?.[1],
    ).toMatch(/ReDoS/);
    expect(issues({ rules: [{ action: 'rename', property: 'a' }] })?.[0]?.[0]).toEqual(['rules', 0, 'action']);
  });
});
