import { describe, expect, it } from 'vitest';
import { ReorderBuffer } from './reorder-buffer.js';

// tck-id-operational-behavior-host-reordering-start, -reordering-success, -reordering-rebirth
describe('ReorderBuffer (Sparkplug Reorder Timeout)', () => {
  it('holds a message ahead of its seq and releases all in order when the missing one comes', () => {
    const b = new ReorderBuffer<string>(500);
    expect(b.push('g/e', 0, 'birth', true, 0)).toEqual(['birth']);
    expect(b.push('g/e', 1, 'd1', false, 10)).toEqual(['d1']);
    expect(b.push('g/e', 3, 'd3', false, 20)).toEqual([]); // 2 is missing: the window starts
    expect(b.push('g/e', 4, 'd4', false, 30)).toEqual([]);
    expect(b.nextExpiry()).toBe(520);
    expect(b.push('g/e', 2, 'd2', false, 40)).toEqual(['d2', 'd3', 'd4']); // in time: no gap
    expect(b.nextExpiry()).toBeUndefined();
    expect(b.push('g/e', 5, 'd5', false, 50)).toEqual(['d5']);
  });

  it('releases the held messages when the timeout elapses, so the gap counts; wraps at 255', () => {
    const b = new ReorderBuffer<string>(500);
    b.push('g/e', 0, 'birth', true, 0);
    for (let s = 1; s <= 254; s++) b.push('g/e', s, `d${s}`, false, 1);
    expect(b.push('g/e', 0, 'd0', false, 100)).toEqual([]); // 255 is missing
    expect(b.push('g/e', 1, 'd1', false, 110)).toEqual([]);
    expect(b.expire(599)).toEqual([]);
    expect(b.expire(600)).toEqual(['d0', 'd1']);
    expect(b.push('g/e', 2, 'd2', false, 700)).toEqual(['d2']); // numbering goes on after the released ones
  });

  it('a birth or a death releases what is held before it; edge nodes wait apart', () => {
    const b = new ReorderBuffer<string>(500);
    b.push('g/a', 0, 'a-birth', true, 0);
    b.push('g/b', 0, 'b-birth', true, 0);
    expect(b.push('g/a', 2, 'a2', false, 10)).toEqual([]);
    expect(b.push('g/b', 1, 'b1', false, 10)).toEqual(['b1']);
    expect(b.push('g/a', undefined, 'a-death', false, 20)).toEqual(['a2', 'a-death']);
    expect(b.push('g/b', 3, 'b3', false, 30)).toEqual([]);
    expect(b.push('g/b', 0, 'b-rebirth', true, 40)).toEqual(['b3', 'b-rebirth']);
    expect(b.push('g/b', 1, 'b1', false, 50)).toEqual(['b1']);
  });
});
