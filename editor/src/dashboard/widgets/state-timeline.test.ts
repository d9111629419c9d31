import type { ChartEvent } from '@millwright/model';
import { describe, expect, it } from 'vitest';
import { stateSpans } from './state-timeline.js';

const at = (time: number, value: unknown): ChartEvent => ({
  type: 'chart',
  time,
  flowId: 'f',
  nodeId: 'n',
  kind: 'widget',
  data: { value },
});

describe('stateSpans', () => {
  it('cuts the window, merges repeats of a state with the same reason, and runs the last state to now', () => {
    const events = [
      at(0, 'running'),
      at(50, { state: 'down', reason: 'jam' }),
      at(70, { state: 'down', reason: 'jam' }),
      at(80, { state: 'down', reason: 'material' }),
      at(90, 'running'),
    ];
    expect(stateSpans(events, 60, 100)).toEqual([
      { state: 'running', reason: '', start: 40, ms: 10 },
      { state: 'down', reason: 'jam', start: 50, ms: 30 },
      { state: 'down', reason: 'material', start: 80, ms: 10 },
      { state: 'running', reason: '', start: 90, ms: 10 },
    ]);
  });
});
