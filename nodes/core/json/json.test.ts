import { testNode } from '@millwright/sdk';
import { afterEach, describe, expect, it } from 'vitest';
import json from './index.js';

type Harness = Awaited<ReturnType<typeof testNode>>;
let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});
const run = async (config: Record<string, unknown> = {}) => (h = await testNode(json, { config }));

describe('json node', () => {
  it('parses text and UTF-8 bytes, and stringifies values (auto)', async () => {
    const h = await run();
    h.input({ payload: '{"temp":21.5,"ok":true}' });
    h.input({ payload: new TextEncoder().encode('[1,"ä"]') });
    h.input({ payload: { a: [1, 2] } });
    h.input({ payload: 42 });
    const outs = await h.next(4);
    expect(outs.map((m) => m.payload)).toEqual([{ temp: 21.5, ok: true }, [1, 'ä'], '{"a":[1,2]}', '42']);
  });

  it('converts another property, pretty-prints, and passes a message without the property', async () => {
    const h = await run({ property: 'body.data', pretty: true });
    h.input({ body: { data: { x: 1 } } });
    h.input({ payload: 'untouched' });
    const [a, b] = await h.next(2);
    expect(a?.['body']).toEqual({ data: '{\n    "x": 1\n}' });
    expect(b?.payload).toBe('untouched');
  });

  it('always ends with a value in parse mode and with text in stringify mode', async () => {
    const h = await run({ action: 'parse' });
    h.input({ payload: { already: 'parsed' } });
    h.input({ payload: '"text"' });
    expect((await h.next(2)).map((m) => m.payload)).toEqual([{ already: 'parsed' }, 'text']);
    await h.stop();
    const s = await run({ action: 'stringify' });
    s.input({ payload: 'not json but a string' });
    s.input({ payload: null });
    expect((await s.next(2)).map((m) => m.payload)).toEqual(['not json but a string', 'null']);
  });

  it('routes invalid JSON to catch with json_parse_failed and keeps running', async () => {
    const h = await run();
    h.input({ payload: '{"temp": 21.5' });
    const err = await h.waitForEvent((e) => e.type === 'error');
    expect(err).toMatchObject({
      error: {
        code: 'json_parse_failed',
        kind: 'user',
        message: expect.stringMatching(/^"payload" is not valid JSON/),
      },
      msgId: expect.any(String),
    });
    h.input({ payload: '{"temp": 22}' });
    expect((await h.next())[0]?.payload).toEqual({ temp: 22 });
    expect(h.outputs(h.nodeId)).toHaveLength(1);
  });

  it('refuses a message with msg.schema (validation is not supported) rather than passing it unchecked', async () => {
    const h = await run();
    h.input({ payload: '{"a":1}', schema: { type: 'object' } });
    const err = await h.waitForEvent((e) => e.type === 'error');
    expect(err).toMatchObject({ error: { code: 'json_schema_unsupported' } });
    expect(h.outputs(h.nodeId)).toHaveLength(0);
  });

  it('reports values with no JSON form (bigint) as json_stringify_failed', async () => {
    const h = await run();
    h.input({ payload: { n: 10n } });
    const err = await h.waitForEvent((e) => e.type === 'error');
    expect(err).toMatchObject({ error: { code: 'json_stringify_failed' } });
  });
});
