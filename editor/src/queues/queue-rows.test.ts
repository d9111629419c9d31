import type { Flow } from '@millwright/model';
import { describe, expect, it } from 'vitest';
import { formatAge, queueRows } from './queue-rows.js';

const flow: Flow = {
  version: 1,
  id: 'f1',
  name: 'Line 1',
  nodes: [{ id: 'n1', type: 'mqtt-out', typeVersion: 1, name: 'to UNS', position: { x: 0, y: 0 }, config: {} }],
  wires: [],
};

describe('queueRows', () => {
  it('names flow and node, and turns the oldest entry into an age', () => {
    const rows = queueRows(
      [
        {
          nodeId: 'n1',
          nodeType: 'mqtt-out',
          pending: 3,
          dead: 1,
          oldestPendingAt: 1_000,
          bytes: 10,
          commandsWaiting: 0,
        },
        { nodeId: 'gone', pending: 0, dead: 2, bytes: 10, commandsWaiting: 0, lastError: 'HTTP 422' },
      ],
      [flow],
      61_000,
    );
    expect(rows).toEqual([
      expect.objectContaining({ nodeLabel: 'to UNS', flowName: 'Line 1', pending: 3, dead: 1, oldestAgeS: 60 }),
      expect.objectContaining({ nodeLabel: 'gone', flowName: undefined, oldestAgeS: undefined, lastError: 'HTTP 422' }),
    ]);
  });
  it('formats ages', () => {
    expect([5, 125, 3_900, 200_000].map(formatAge)).toEqual(['5 s', '2 min', '1 h 5 min', '2 d 7 h']);
  });
});
