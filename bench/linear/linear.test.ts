import { describe, expect, it } from 'vitest';
import { runMillwright } from './millwright.js';
import { runNodeRed } from './node-red.js';

// Smoke test of the bench itself: both sides start, count every message and report memory. A
// renamed node config key or a broken Node-RED setting fails here instead of in `npm run bench`.
// Two flows at once check that each flow's counter reports and the run waits for both.
describe('linear bench', () => {
  const shapes = [
    { flows: 1, withFunction: true },
    { flows: 2, withFunction: false },
  ];

  it.each(shapes)(
    'runs $flows flow(s) on Millwright in its default pool isolation',
    async (shape) => {
      const r = await runMillwright({ messages: 2_000, timeoutMs: 30_000, ...shape });
      expect(r.count).toBe(2_000 * shape.flows);
      expect(r.msgsPerSec).toBeGreaterThan(0);
      expect(r.peakRssMb).toBeGreaterThan(20);
    },
    40_000,
  );

  it.each(shapes)(
    'runs $flows flow(s) on Node-RED',
    async (shape) => {
      const r = await runNodeRed({ messages: 2_000, timeoutMs: 30_000, ...shape });
      expect(r.count).toBe(2_000 * shape.flows);
      expect(r.msgsPerSec).toBeGreaterThan(0);
      expect(r.peakRssMb).toBeGreaterThan(20);
    },
    40_000,
  );
});
