import { describe, expect, it } from 'vitest';
import type { DebugEntry } from '../store/runtime-store.js';
import { filterEntries, formatTime, nodeTitles, preview } from './debug-filter.js';

const entry = (seq: number, flowId: string, nodeId: string, value: unknown, topic?: string): DebugEntry => ({
  seq,
  kind: 'debug',
  event: {
    type: 'debug',
    time: 0,
    flowId,
    nodeId,
    msgId: 'm',
    property: 'payload',
    value,
    ...(topic ? { topic } : {}),
  },
});

describe('filterEntries', () => {
  const entries = [entry(1, 'f1', 'a', { temp: 21 }, 'line/1'), entry(2, 'f2', 'b', 'hello'), entry(3, 'f1', 'c', 42)];
  const ctx = {
    activeFlowId: 'f1',
    selected: new Set(['c']),
    nameOf: (id: string) => (id === 'b' ? 'Greeter' : undefined),
  };
  const seqs = (f: Parameters<typeof filterEntries>[1]) => filterEntries(entries, f, ctx).map((e) => e.seq);

  it('narrows by flow and by selected node', () => {
    expect(seqs({ scope: 'all', text: '' })).toEqual([1, 2, 3]);
    expect(seqs({ scope: 'all', text: '', nodeId: 'b' })).toEqual([2]);
    expect(seqs({ scope: 'flow', text: '', nodeId: 'b' })).toEqual([]);
    expect(seqs({ scope: 'flow', text: '' })).toEqual([1, 3]);
    expect(seqs({ scope: 'selected', text: '' })).toEqual([3]);
  });

  it('searches node names, topics and values', () => {
    expect(seqs({ scope: 'all', text: 'greeter' })).toEqual([2]);
    expect(seqs({ scope: 'all', text: 'LINE/1' })).toEqual([1]);
    expect(seqs({ scope: 'all', text: '"temp":21' })).toEqual([1]);
  });
});

describe('preview and formatTime', () => {
  it('shortens long values', () => {
    expect(preview('x'.repeat(100), 10)).toBe(`"${'x'.repeat(8)}…`);
    expect(preview({ a: 1 })).toBe('{"a":1}');
    expect(preview(undefined)).toBe('undefined');
  });

  it('formats a timestamp with milliseconds', () => {
    expect(formatTime(new Date(2024, 0, 1, 9, 5, 7, 42).getTime())).toBe('09:05:07.042');
  });
});

describe('nodeTitles', () => {
  it('names unnamed nodes by flow, type and a short id', () => {
    const titles = nodeTitles(
      [
        {
          name: 'Line 1',
          nodes: [
            { id: '3f2a9c', type: 'debug' },
            { id: 'b7', type: 'debug', name: 'Counts' },
          ],
        },
      ],
      (t) => (t === 'debug' ? 'debug' : t),
    );
    expect(titles.get('3f2a9c')).toBe('Line 1 › debug ·3f2a');
    expect(titles.get('b7')).toBe('Counts');
  });
});
