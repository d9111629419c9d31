import { describe, expect, it } from 'vitest';
import { flowsRunningSince } from './deploy-progress.js';

describe('flowsRunningSince', () => {
  it('counts flows of the deploy whose state changed to running after it began', () => {
    const oldA = { state: 'running' };
    const before = new Map([['a', oldA]]);
    const progress = { flowIds: ['a', 'b', 'c'], before };
    // Nothing new yet: a's old "running" does not count.
    expect(flowsRunningSince(progress, new Map([['a', oldA]]))).toBe(0);
    const now = new Map([
      ['a', { state: 'running' }],
      ['b', { state: 'starting' }],
      ['c', { state: 'running' }],
      ['x', { state: 'running' }],
    ]);
    expect(flowsRunningSince(progress, now)).toBe(2);
  });
});
