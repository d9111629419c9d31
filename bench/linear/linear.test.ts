import { describe, expect, it } from 'vitest';
import { runMillwright } from './millwright.js';
import { runNodeRed } from './node-red.js';

// Smoke test of the bench itself: both sides start, count every message and report memory. A
// renamed node config key or a broken Node-RED setting fails here instead of in `npm run bench`.
describe('linear bench', () => {
  it('runs the flow on Millwright with worker isolation', async () => {
    const r = await runMillwright({ messages: 2_000, timeoutMs: 30_000 });
    expect(r.count).toBe(2_000);
    expect(r.msgsPerSec).toBeGreaterThan(0);
    expect(r.peakRssMb).toBeGreaterThan(20);
  }, 40_000);

  it('runs the flow on Node-RED', async () => {
    const r = await runNodeRed({ messages: 2_000, timeoutMs: 30_000 });
    expect(r.count).toBe(2_000);
    expect(r.msgsPerSec).toBeGreaterThan(0);
    expect(r.peakRssMb).toBeGreaterThan(20);
  }, 40_000);
});
