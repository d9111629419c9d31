import { describe, expect, it } from 'vitest';
import { Fifo } from './fifo.js';

describe('Fifo', () => {
  it('keeps order across compaction', () => {
    const q = new Fifo<number>();
    for (let i = 0; i < 5_000; i++) q.push(i);
    for (let i = 0; i < 3_000; i++) expect(q.shift()).toBe(i);
    q.push(5_000);
    expect(q.size).toBe(2_001);
    expect(q.peek()).toBe(3_000);
    const rest: number[] = [];
    while (q.size) rest.push(q.shift() as number);
    expect(rest).toEqual(Array.from({ length: 2_001 }, (_, i) => 3_000 + i));
    expect(q.shift()).toBeUndefined();
  });
});
