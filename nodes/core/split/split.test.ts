import type { Flow } from '@millwright/model';
import { defineNode, runFlow, testNode } from '@millwright/sdk';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import split from './index.js';
import { unescapeDelimiter } from './config.js';

type Harness = Awaited<ReturnType<typeof testNode>>;
let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});
const run = async (config: Record<string, unknown>, msg: Record<string, unknown>, expected: number) => {
  h = await testNode(split, { config });
  h.input(msg);
  await h.idle();
  const outs = h.outputs(h.nodeId);
  expect(outs).toHaveLength(expected);
  return outs;
};

describe('split node', () => {
  it('splits an array into one message per element with Node-RED parts', async () => {
    const outs = await run({}, { payload: ['a', { b: 1 }, 3], topic: 'batch' }, 3);
    expect(outs.map((m) => m.payload)).toEqual(['a', { b: 1 }, 3]);
    const id = (outs[0]?.['parts'] as { id: string }).id;
    outs.forEach((m, index) => {
      expect(m['parts']).toEqual({ id, index, count: 3, type: 'array', len: 1 }); // property only when not payload
      expect(m.topic).toBe('batch');
    });
    expect(new Set(outs.map((m) => m.id)).size).toBe(3);
  });

  it('splits arrays into chunks', async () => {
    const outs = await run({ arrayChunk: 2 }, { payload: [1, 2, 3, 4, 5] }, 3);
    expect(outs.map((m) => m.payload)).toEqual([[1, 2], [3, 4], [5]]);
    expect(outs[2]?.['parts']).toMatchObject({ index: 2, count: 3, len: 2 });
  });

  it('splits strings into fixed lengths, joined again without a delimiter', async () => {
    const outs = await run({ stringChunk: 4 }, { payload: 'ABCDEFGHIJ' }, 3);
    expect(outs.map((m) => m.payload)).toEqual(['ABCD', 'EFGH', 'IJ']);
    expect(outs[0]?.['parts']).toMatchObject({ type: 'string', ch: '', len: 4, count: 3 });
  });

  it('splits strings by newline by default and by typed escapes', async () => {
    const lines = await run({}, { payload: 'L1;10\nL2;12\n' }, 3);
    expect(lines.map((m) => m.payload)).toEqual(['L1;10', 'L2;12', '']);
    expect(lines[0]?.['parts']).toMatchObject({ type: 'string', ch: '\n', count: 3 });
    await h?.stop();
    const cells = await run({ delimiter: '\\t' }, { payload: 'a\tb' }, 2);
    expect(cells.map((m) => m.payload)).toEqual(['a', 'b']);
    await h?.stop();
    const chars = await run({ delimiter: '' }, { payload: 'abc' }, 3);
    expect(chars.map((m) => m.payload)).toEqual(['a', 'b', 'c']);
  });

  it('splits objects per key, setting parts.key and optionally another property', async () => {
    const outs = await run({ keyProperty: 'topic' }, { payload: { temp: 80, rpm: 1200 } }, 2);
    expect(outs.map((m) => [m.payload, m.topic, (m['parts'] as { key: string }).key])).toEqual([
      [80, 'temp', 'temp'],
      [1200, 'rpm', 'rpm'],
    ]);
    expect(outs[0]?.['parts']).toMatchObject({ type: 'object', count: 2 });
  });

  it('splits binary data into fixed-size chunks', async () => {
    const outs = await run({ bufferChunk: 4 }, { payload: Uint8Array.from([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]) }, 3);
    expect(outs.map((m) => [...(m.payload as Uint8Array)])).toEqual([
      [0, 1, 2, 3],
      [4, 5, 6, 7],
      [8, 9],
    ]);
    expect(outs[0]?.['parts']).toMatchObject({ type: 'buffer', len: 4, count: 3 });
  });

  it('splits a nested property and keeps the rest of the message', async () => {
    const outs = await run({ property: 'payload.items' }, { payload: { order: 'WO-1', items: ['x', 'y'] } }, 2);
    expect(outs.map((m) => m.payload)).toEqual([
      { order: 'WO-1', items: 'x' },
      { order: 'WO-1', items: 'y' },
    ]);
    expect(outs[0]?.['parts']).toMatchObject({ property: 'payload.items' });
  });

  it('nests the parts of an already split message', async () => {
    const outer = { id: 'outer', index: 1, count: 2, type: 'array', len: 1, property: 'payload' };
    const outs = await run({}, { payload: 'a\nb', parts: outer }, 2);
    expect(outs[1]?.['parts']).toMatchObject({ index: 1, count: 2, type: 'string', parts: outer });
  });

  it('passes unsplittable values through unchanged and sends nothing for empty arrays', async () => {
    const [same] = await run({}, { payload: 42, topic: 't' }, 1);
    expect(same).toMatchObject({ payload: 42, topic: 't' });
    expect(same && 'parts' in same).toBe(false);
    await h?.stop();
    await run({}, { payload: [] }, 0);
  });

  it('gives every part its own copy of the other properties', async () => {
    const tag = defineNode({
      type: 'tag',
      category: 'test',
      version: 1,
      description: 'pushes payload into meta.seen in place',
      inputs: 1,
      outputs: ['out'],
      config: z.object({}),
      setup: (ctx) => ({
        input(msg) {
          (msg['meta'] as { seen: unknown[] }).seen.push(msg.payload);
          ctx.send(msg);
        },
      }),
    });
    const flow: Flow = {
      version: 1,
      id: 'f',
      name: 'f',
      nodes: [
        { id: 's', type: 'split', typeVersion: 1, config: {}, position: { x: 0, y: 0 } },
        { id: 't', type: 'tag', typeVersion: 1, config: {}, position: { x: 0, y: 0 } },
      ],
      wires: [{ from: { node: 's', port: 0 }, to: { node: 't', port: 0 } }],
    };
    const f = await runFlow(flow, [split, tag]);
    f.send('s', { payload: [1, 2, 3], meta: { seen: [] } });
    const outs = await f.waitForOutputs('t', 3);
    await f.stop();
    expect(outs.map((m) => m['meta'])).toEqual([{ seen: [1] }, { seen: [2] }, { seen: [3] }]);
  });
});

describe('split config', () => {
  it('parses {} and checks paths', () => {
    expect(split.config.parse({})).toEqual({
      property: 'payload',
      delimiter: '\n',
      stringChunk: 0,
      arrayChunk: 1,
      bufferChunk: 1024,
      keyProperty: '',
    });
    expect(split.config.safeParse({ keyProperty: 'a.__proto__' }).error?.issues[0]?.path).toEqual(['keyProperty']);
    expect(split.config.safeParse({ arrayChunk: 0 }).error?.issues[0]?.path).toEqual(['arrayChunk']);
  });

  it('unescapes typed delimiters', () => {
    expect(unescapeDelimiter('\\r\\n|\\t|\\\\n')).toBe('\r\n|\t|\\n');
  });
});
