import type { ChartEvent, OeeChartData, SpcChartData } from '@millwright/model';
import { describe, expect, it } from 'vitest';
import {
  appendChartEvents,
  characteristicsOf,
  chartKindOf,
  latestOee,
  mergeChartEvents,
  spcPoints,
} from './chart-series.js';

const spc = (time: number, point: number, characteristic = 'd', nodeId = 'qc'): ChartEvent => ({
  type: 'chart',
  time,
  flowId: 'f',
  nodeId,
  kind: 'spc',
  data: { characteristic, point, violations: [] } as unknown as SpcChartData,
});
const oee = (time: number, availability: number): ChartEvent => ({
  type: 'chart',
  time,
  flowId: 'f',
  nodeId: 'o',
  kind: 'oee',
  data: { availability } as OeeChartData,
});

describe('chart series', () => {
  it('appends live events per node and trims to the newest', () => {
    const a = appendChartEvents(new Map(), [spc(1, 1), spc(2, 2), spc(3, 3, 'd', 'other')], 2);
    const b = appendChartEvents(a, [spc(4, 4)], 2);
    expect(b.get('qc')?.map((e) => e.time)).toEqual([2, 4]);
    expect(b.get('other')).toHaveLength(1);
    expect(a.get('qc')?.map((e) => e.time)).toEqual([1, 2]);
    expect(appendChartEvents(a, [])).toBe(a);
  });

  it('merges the snapshot with live events: duplicates once, by time, newest kept', () => {
    const merged = mergeChartEvents([spc(1, 1), spc(2, 2), spc(3, 3)], [spc(3, 3), spc(5, 5), spc(4, 4)], 4);
    expect(merged.map((e) => e.time)).toEqual([2, 3, 4, 5]);
  });

  it('splits characteristics and finds the newest OEE record', () => {
    const events = [spc(1, 1, 'd'), spc(2, 7, 'w'), spc(3, 2, 'd')];
    expect(characteristicsOf(events)).toEqual(['d', 'w']);
    expect(spcPoints(events, 'd').map((p) => p.point)).toEqual([1, 2]);
    expect(spcPoints(events, 'd').map((p) => p.time)).toEqual([1, 3]); // the time axis and violation times
    expect(latestOee([oee(1, 0.5), spc(2, 1), oee(3, 0.75)])?.availability).toBe(0.75);
    expect(latestOee(events)).toBeUndefined();
  });

  it('knows which node types have charts', () => {
    expect(chartKindOf('quality-check')).toBe('spc');
    expect(chartKindOf('oee')).toBe('oee');
    expect(chartKindOf('function')).toBeUndefined();
  });
});
