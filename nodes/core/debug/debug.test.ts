import { testNode } from '@millwright/sdk';
import { afterEach, describe, expect, it } from 'vitest';
import debug from './index.js';
import { preview } from './debug.js';

type Harness = Awaited<ReturnType<typeof testNode>>;
let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});
const start = async (config: Record<string, unknown>) => (h = await testNode(debug, { config }));

describe('debug node', () => {
  it('publishes msg.payload by default, with the message id and topic', async () => {
    const h = await start({});
    h.input({ payload: { temp: 21.5 }, topic: 'line1/oven' });
    await h.idle();
    expect(h.debug()).toEqual([
      expect.objectContaining({
        nodeId: h.nodeId,
        msgId: expect.any(String),
        topic: 'line1/oven',
        property: 'payload',
        value: { temp: 21.5 },
      }),
    ]);
    expect(h.logs()).toEqual([]);
    expect(h.statuses()).toEqual([]);
  });

  it('publishes a nested property, and undefined when it is missing', async () => {
    const h = await start({ property: 'payload.temp' });
    h.input({ payload: { temp: 80 } });
    h.input({ payload: 'no object' });
    await h.idle();
    expect(h.debug().map((e) => [e.property, e.value])).toEqual([
      ['payload.temp', 80],
      ['payload.temp', undefined],
    ]);
  });

  it('publishes the complete message', async () => {
    const h = await start({ property: 'complete' });
    h.input({ payload: 1, custom: 'x' });
    await h.idle();
    const [e] = h.debug();
    expect(e?.property).toBe('(complete message)');
    expect(e?.value).toEqual({ id: e?.msgId, payload: 1, custom: 'x' });
  });

  it("leaves the engine's msg.trace out of the complete message unless showTrace asks for it", async () => {
    const hidden = await start({ property: 'complete' });
    hidden.input({ payload: 1, trace: ['inject-1', 'scale'] });
    await hidden.idle();
    expect(hidden.debug()[0]?.value).toEqual({ id: hidden.debug()[0]?.msgId, payload: 1 });
    await hidden.stop();
    const shown = await start({ property: 'complete', showTrace: true });
    shown.input({ payload: 2, trace: ['inject-1', 'scale'] });
    await shown.idle();
    expect(shown.debug()[0]?.value).toMatchObject({ payload: 2, trace: ['inject-1', 'scale'] });
  });

  it('does nothing when inactive', async () => {
    const h = await start({ active: false, toConsole: true, statusText: true });
    h.input({ payload: 1 });
    await h.idle();
    expect([h.debug(), h.logs(), h.statuses()]).toEqual([[], [], []]);
  });

  it('also logs and shows a status when asked', async () => {
    const h = await start({ toConsole: true, statusText: true });
    h.input({ payload: { reading: 'a'.repeat(50) } });
    await h.idle();
    expect(h.logs()[0]).toMatchObject({ level: 'info', message: `payload: {"reading":"${'a'.repeat(50)}"}` });
    expect(h.statuses()[0]?.status).toEqual({ fill: 'grey', shape: 'dot', text: `{"reading":"${'a'.repeat(19)}…` });
  });

  it('truncates huge values for the sidebar', async () => {
    const h = await start({});
    h.input({ payload: 'x'.repeat(20_000) });
    await h.idle();
    expect(h.debug()[0]).toMatchObject({ truncated: true });
  });
});

describe('debug preview', () => {
  it('renders values on one short line', () => {
    expect(preview('a\n  b', 10)).toBe('a b');
    expect(preview(undefined, 10)).toBe('undefined');
    expect(preview(new Uint8Array(4), 10)).toBe('[4 bytes]');
    const circular: Record<string, unknown> = {};
    circular['self'] = circular;
    expect(preview(circular, 40)).toBe('[object Object]');
    expect(preview('abcdef', 4)).toBe('abc…');
  });
});

describe('debug config', () => {
  it('parses {} and rejects bad paths at property', () => {
    expect(debug.config.parse({})).toEqual({
      property: 'payload',
      showTrace: false,
      active: true,
      toConsole: false,
      statusText: false,
    });
    const r = debug.config.safeParse({ property: 'payload..x' });
    expect(r.error?.issues[0]?.path).toEqual(['property']);
    expect(debug.config.safeParse({ property: 'complete' }).success).toBe(true);
  });
});
