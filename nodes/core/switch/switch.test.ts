import type { FlowMessage } from '@millwright/model';
import { catalogEntry, testNode } from '@millwright/sdk';
import { afterEach, describe, expect, it } from 'vitest';
import sw from './index.js';

type Harness = Awaited<ReturnType<typeof testNode>>;
let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});
const start = async (config: Record<string, unknown>) => (h = await testNode(sw, { config }));

/** Sends each payload and returns, per payload, the list of ports it came out of. */
async function route(harness: Harness, ports: number, payloads: unknown[], extra: Record<string, unknown> = {}) {
  payloads.forEach((payload, i) => harness.input({ ...extra, payload, seq: i }));
  await harness.idle();
  return payloads.map((_, i) =>
    Array.from({ length: ports }, (_p, port) => port).filter((port) =>
      harness.outputs(harness.nodeId, port).some((m) => m['seq'] === i),
    ),
  );
}

describe('switch node', () => {
  it('compares loosely like Node-RED, numerically with number operands', async () => {
    const h = await start({
      rules: [
        { op: '==', value: '5', valueType: 'number' },
        { op: '!=', value: 'idle' },
        { op: '<', value: '10', valueType: 'number' },
        { op: '>=', value: '10', valueType: 'number' },
      ],
    });
    expect(await route(h, 4, [5, '5', 'idle', 12, '9'])).toEqual([[0, 1, 2], [0, 1, 2], [], [1, 3], [1, 2]]);
  });

  it('orders numeric strings as numbers and other strings by code point', async () => {
    const h = await start({
      rules: [
        { op: '<', value: '10' },
        { op: '>', value: 'm' },
      ],
    });
    expect(await route(h, 2, ['9', 'z', 'a', '11', [1]])).toEqual([[0], [1], [], [], []]);
  });

  it('stops at the first match when checkAll is false, and else catches the rest', async () => {
    const h = await start({
      checkAll: false,
      rules: [
        { op: '>', value: '100', valueType: 'number' },
        { op: '>', value: '50', valueType: 'number' },
        { op: 'else' },
      ],
    });
    expect(await route(h, 3, [150, 70, 10])).toEqual([[0], [1], [2]]);
  });

  it('sends else only when no earlier rule matched, also with checkAll', async () => {
    const h = await start({ rules: [{ op: '==', value: 'a' }, { op: 'else' }, { op: 'nnull' }] });
    expect(await route(h, 3, ['a', 'b'])).toEqual([
      [0, 2],
      [1, 2],
    ]);
  });

  it('gives each matching port its own copy', async () => {
    const h = await start({ rules: [{ op: 'nnull' }, { op: 'nnull' }] });
    h.input({ payload: { n: 1 } });
    await h.idle();
    const [a] = h.outputs(h.nodeId, 0);
    const [b] = h.outputs(h.nodeId, 1);
    expect(a?.payload).toEqual({ n: 1 });
    expect(b?.payload).toEqual({ n: 1 });
    expect(a?.id).not.toBe(b?.id);
  });

  it('tests between (bounds in any order), contains, true/false, null and empty', async () => {
    const h = await start({
      rules: [
        { op: 'between', value: '10', valueType: 'number', value2: '1' },
        { op: 'contains', value: 'ERR' },
        { op: 'true' },
        { op: 'null' },
        { op: 'empty' },
        { op: 'nempty' },
      ],
    });
    // true and null are not ordered against numbers, unlike plain JavaScript (true >= 1)
    expect(
      await route(h, 6, [1, 10, 11, 'E: ERR42', true, 'true', null, undefined, '', [], {}, [0], { a: 1 }, 0]),
    ).toEqual([[0], [0], [], [1, 5], [2], [5], [3], [3], [4], [4], [4], [5], [5], []]);
  });

  it('contains checks array elements and deep == compares JSON operands', async () => {
    const h = await start({
      rules: [
        { op: 'contains', value: '3', valueType: 'number' },
        { op: '==', value: '{"state":"run"}', valueType: 'json' },
      ],
    });
    expect(await route(h, 2, [[1, 3], ['3'], { state: 'run' }, { state: 'stop' }])).toEqual([[0], [0], [1], []]);
  });

  it('tests types', async () => {
    const types = ['string', 'number', 'boolean', 'array', 'object', 'buffer', 'json', 'null', 'undefined'];
    const h = await start({ rules: types.map((value) => ({ op: 'istype', value })) });
    const payloads = ['x', 1, false, [1], { a: 1 }, new Uint8Array(2), '{"a":1}', null, undefined];
    const expected = [[0], [1], [2], [3], [4], [5], [0, 6], [7], [8]];
    expect(await route(h, types.length, payloads)).toEqual(expected);
  });

  it('matches regexes, case-insensitively on request', async () => {
    const h = await start({
      rules: [
        { op: 'regex', value: '^alarm-\\d+$' },
        { op: 'regex', value: '^ALARM', caseInsensitive: true },
      ],
    });
    expect(await route(h, 2, ['alarm-12', 'Alarm-x', 'ok', 42])).toEqual([[0, 1], [1], [], []]);
  });

  it('cuts long input to regexMaxInput before testing and warns once', async () => {
    const h = await start({
      regexMaxInput: 10,
      rules: [
        { op: 'regex', value: 'x$' },
        { op: 'regex', value: '^a' },
      ],
    });
    expect(await route(h, 2, ['a'.repeat(20) + 'x', 'a'.repeat(30) + 'x', 'ax'])).toEqual([[1], [1], [0, 1]]);
    expect(h.logs().filter((l) => l.level === 'warn')).toHaveLength(1);
  });

  it('reads operands from other msg properties and tests nested properties', async () => {
    const h = await start({ property: 'payload.temp', rules: [{ op: '>', value: 'limits.max', valueType: 'msg' }] });
    expect(await route(h, 1, [{ temp: 90 }, { temp: 70 }, 'none'], { limits: { max: 80 } })).toEqual([[0], [], []]);
  });

  it('sends nothing when no rule matches', async () => {
    const h = await start({ rules: [{ op: 'true' }] });
    h.input({ payload: false });
    await h.idle();
    expect(h.outputs(h.nodeId, 0)).toEqual([]);
    expect(h.errors()).toEqual([]);
  });
});

describe('switch definition', () => {
  const issues = (config: unknown) => sw.config.safeParse(config).error?.issues.map((i) => [i.path, i.message]);

  it('derives one output per rule from the config', () => {
    const config = sw.config.parse({
      rules: [
        { op: '==', value: 'run' },
        { op: 'between', value: '1', valueType: 'number', value2: '5' },
        { op: '>', value: 'limits.max', valueType: 'msg' },
        { op: 'regex', value: '^A', caseInsensitive: true },
        { op: 'nempty' },
        { op: 'else' },
      ],
    });
    expect(sw.outputsFor?.(config)).toEqual([
      '== "run"',
      'between 1 and 5',
      '> msg.limits.max',
      'matches /^A/i',
      'is not empty',
      'otherwise',
    ]);
    expect(sw.outputsFrom).toBe('rules');
  });

  it('recreates message sequences per output when repair is on (as Node-RED), so a join completes', async () => {
    const h = await testNode(sw, {
      config: {
        repair: true,
        property: 'payload.price',
        rules: [{ op: '>=', valueType: 'number', value: '100' }, { op: 'else' }],
      },
    });
    const rows = [{ price: 100 }, { price: 80 }, { price: 120 }, { price: 50 }];
    rows.forEach((payload, index) => h.input({ payload, parts: { id: 'csv', index, count: 4 } }));
    h.input({ payload: { price: 500 } }); // no parts: routed as it comes (after the sequence here)
    const high = await h.next(3, { port: 0 });
    const low = await h.next(2, { port: 1 });
    await h.stop();
    expect(high.map((m) => m.payload)).toEqual([{ price: 100 }, { price: 120 }, { price: 500 }]);
    const parts = (m: FlowMessage | undefined) => m?.['parts'] as { id: string; index: number; count: number };
    expect([parts(high[0]).index, parts(high[0]).count, parts(high[1]).index, parts(high[1]).count]).toEqual([
      0, 2, 1, 2,
    ]);
    expect(low.map((m) => [(m.payload as { price: number }).price, parts(m).index, parts(m).count])).toEqual([
      [80, 0, 2],
      [50, 1, 2],
    ]);
    expect(parts(high[0]).id).not.toBe(parts(low[0]).id);
    expect(parts(high[0]).id).not.toBe('csv');
    expect(high[2]?.['parts']).toBeUndefined();
  });

  it('drops onto the canvas with one rule, and parses {} with no rules', () => {
    expect(catalogEntry(sw).outputs).toEqual(['== ""']);
    expect(sw.config.parse({})).toEqual({
      propertyType: 'msg',
      property: 'payload',
      expression: '',
      rules: [],
      checkAll: true,
      repair: false,
      maxPending: 10_000,
      regexMaxInput: 10_000,
    });
  });

  it('rejects an invalid regex with the rule path', () => {
    expect(issues({ rules: [{ op: 'true' }, { op: 'regex', value: '[unclosed' }] })).toEqual([
      [['rules', 1, 'value'], expect.stringMatching(/^invalid regular expression: .*Unterminated character class/)],
    ]);
  });

  it('rejects nested quantifiers (ReDoS) with a clear message', () => {
    expect(issues({ rules: [{ op: 'regex', value: '^(a+)+$' }] })).toEqual([
      [
        ['rules', 0, 'value'],
        expect.stringMatching(/repeats a group that already contains a repetition \(\(a\+\)\+\).*ReDoS/),
      ],
    ]);
  });

  it('rejects bad operands, unknown ops and bad paths at their path', () => {
    expect(issues({ rules: [{ op: '<', value: 'x', valueType: 'number' }] })?.[0]?.[0]).toEqual(['rules', 0, 'value']);
    expect(issues({ rules: [{ op: 'between', value: '1', valueType: 'number', value2: 'y' }] })?.[0]?.[0]).toEqual([
      'rules',
      0,
      'value2',
    ]);
    expect(issues({ rules: [{ op: 'istype', value: 'date' }] })?.[0]?.[0]).toEqual(['rules', 0, 'value']);
    expect(issues({ rules: [{ op: '~=' }] })?.[0]?.[0]).toEqual(['rules', 0, 'op']);
    expect(issues({ property: 'payload.__proto__' })?.[0]?.[0]).toEqual(['property']);
  });
});
