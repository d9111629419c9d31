import { describe, expect, it } from 'vitest';
import { slope, verdict, type SoakSample } from './soak-stats.js';

const sample = (t: number, rssMb: number): SoakSample => ({
  t,
  rssMb,
  mainHeapMb: 20,
  workerHeapMb: 30,
  emitted: t * 10_000,
  sunk: t * 10_000 - 5,
});

describe('soak statistics', () => {
  it('fits a least-squares slope', () => {
    expect(
      slope([
        { x: 0, y: 1 },
        { x: 1, y: 3 },
        { x: 2, y: 5 },
      ]),
    ).toBeCloseTo(2);
    expect(slope([{ x: 1, y: 4 }])).toBe(0);
  });

  it('ignores the warm-up and calls a growth of 2 MB/min not flat', () => {
    // Steep warm-up (first 20 %), then flat: flat.
    const warm = Array.from({ length: 10 }, (_, i) => sample(i * 6, i < 2 ? 100 + i * 50 : 200));
    expect(verdict(warm)).toMatchObject({ samples: 8, flat: true, emittedPerSec: 10_000, backlog: 5 });
    // 2 MB per minute throughout: not flat.
    const leak = Array.from({ length: 10 }, (_, i) => sample(i * 30, 200 + i));
    const v = verdict(leak);
    expect(v.rssMbPerMin).toBeCloseTo(2);
    expect(v.flat).toBe(false);
  });
});
