import { testNode } from '@millwright/sdk';
import { afterEach, describe, expect, it } from 'vitest';
import range from './index.js';

type Harness = Awaited<ReturnType<typeof testNode>>;
let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

/** Outputs for `inputs` (payloads) through a range node with `config`. */
async function scale(config: Record<string, unknown>, inputs: unknown[], expected: number) {
  h = await testNode(range, { config });
  for (const payload of inputs) h.input({ payload });
  await h.idle();
  const outs = h.outputs(h.nodeId).map((m) => m.payload);
  expect(outs).toHaveLength(expected);
  return outs;
}

describe('range node', () => {
  it('scales 4-20 mA to 0-100 %, also outside the range', async () => {
    const cfg = { inMin: 4, inMax: 20, outMin: 0, outMax: 100 };
    expect(await scale(cfg, [4, 12, 20, '8', 24], 5)).toEqual([0, 50, 100, 25, 125]);
  });

  it('clamps, drops and wraps values outside the input range', async () => {
    const base = { inMin: 0, inMax: 10, outMin: 0, outMax: 100 };
    expect(await scale({ ...base, action: 'clamp' }, [-5, 5, 15], 3)).toEqual([0, 50, 100]);
    await h?.stop();
    expect(await scale({ ...base, action: 'drop' }, [-5, 5, 15, 10], 2)).toEqual([50, 100]);
    await h?.stop();
    expect(await scale({ ...base, action: 'wrap' }, [12, -3, 10], 3)).toEqual([20, 70, 0]);
  });

  it('rounds, handles a reversed input range and another property', async () => {
    expect(await scale({ inMin: 0, inMax: 3, outMin: 0, outMax: 10, round: true }, [1, 2], 2)).toEqual([3, 7]);
    await h?.stop();
    expect(await scale({ inMin: 10, inMax: 0, outMin: 0, outMax: 100, action: 'clamp' }, [2, -1], 2)).toEqual([
      80, 100,
    ]);
    await h?.stop();
    h = await testNode(range, { config: { property: 'payload.v', inMax: 1, outMax: 10 } });
    h.input({ payload: { v: 0.5 } });
    h.input({ topic: 'no payload' });
    const [a, b] = await h.next(2);
    expect(a?.payload).toEqual({ v: 5 });
    expect(b?.['topic']).toBe('no payload');
  });

  it('routes values that are not numbers to catch with range_not_a_number and keeps running', async () => {
    h = await testNode(range, { config: {} });
    h.input({ payload: 'hot' });
    h.input({ payload: { v: 1 } });
    h.input({ payload: '' });
    h.input({ payload: 5 });
    expect((await h.next())[0]?.payload).toBe(50);
    expect(h.errors().map((e) => [e.error.code, e.error.message])).toEqual([
      ['range_not_a_number', '"payload" is "hot", not a number'],
      ['range_not_a_number', '"payload" is an object, not a number'],
      ['range_not_a_number', '"payload" is "", not a number'],
    ]);
  });

  it('refuses an empty input range in the config', () => {
    expect(range.config.safeParse({ inMin: 3, inMax: 3 }).error?.issues[0]?.path).toEqual(['inMax']);
  });
});
