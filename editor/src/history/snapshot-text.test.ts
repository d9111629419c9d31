import { describe, expect, it } from 'vitest';
import { orderPair, shortRevision, snapshotTitle } from './snapshot-text.js';

describe('snapshot text', () => {
  it('names a snapshot by its name, else its message, else its revision counter', () => {
    expect(snapshotTitle({ name: 'Before retrofit', message: 'x', revision: '3-ab' })).toBe('Before retrofit');
    expect(snapshotTitle({ message: 'raise timeout', revision: '3-ab' })).toBe('raise timeout');
    expect(snapshotTitle({ message: 'y'.repeat(80), revision: '3-ab' })).toHaveLength(60);
    expect(snapshotTitle({ revision: '12-3f9a0b1c2d' })).toBe('Deploy r12');
    expect(shortRevision('legacyrevisionwithoutcounter')).toBe('legacyrevisi');
  });

  it('orders a picked pair older → newer; the canvas is newer than any snapshot', () => {
    const listed = ['s3', 's2', 's1'];
    expect(orderPair(listed, 's3', 's1')).toEqual(['s1', 's3']);
    expect(orderPair(listed, 's1', 's3')).toEqual(['s1', 's3']);
    expect(orderPair(listed, 'canvas', 's2')).toEqual(['s2', 'canvas']);
    expect(orderPair(listed, 's3', 'canvas')).toEqual(['s3', 'canvas']);
  });
});
