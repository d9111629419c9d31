import type { Flow } from '@millwright/model';
import { describe, expect, it } from 'vitest';
import { flowsToRun, leaseCandidates, parseLabels } from './placement.js';

const flow = (id: string, placement?: Flow['placement'], disabled?: boolean): Flow => ({
  version: 1,
  id,
  name: id,
  nodes: [],
  wires: [],
  ...(placement ? { placement } : {}),
  ...(disabled ? { disabled } : {}),
});

describe('placement', () => {
  it('parses labels and refuses an entry that is not name=value', () => {
    expect(parseLabels('site=lyon, line=1,')).toEqual({ site: 'lyon', line: '1' });
    expect(() => parseLabels('site')).toThrow(/name=value/);
    expect(() => parseLabels('bad name=x')).toThrow(/name=value/);
  });

  it('runs `all` flows on every matching runtime and `once` flows only with their lease', () => {
    const flows = [
      flow('api', { mode: 'all' }),
      flow('lyon-api', { mode: 'all', labels: { site: 'lyon' } }),
      flow('plc', { mode: 'once', labels: { line: '1' } }),
      flow('schedule'),
      flow('off', undefined, true),
    ];
    const lyon1 = { site: 'lyon', line: '1' };
    expect(flowsToRun(flows, lyon1, new Set()).map((f) => f.id)).toEqual(['api', 'lyon-api']);
    expect(flowsToRun(flows, lyon1, new Set(['plc', 'schedule'])).map((f) => f.id)).toEqual([
      'api',
      'lyon-api',
      'plc',
      'schedule',
    ]);
    expect(flowsToRun(flows, { site: 'paris' }, new Set(['plc'])).map((f) => f.id)).toEqual(['api']);
    expect(leaseCandidates(flows, lyon1)).toEqual(['plc', 'schedule']);
    expect(leaseCandidates(flows, { site: 'paris' })).toEqual(['schedule']);
  });

  it('gives every runtime the subflow definitions, which hold no lease (they run inside their instances)', () => {
    const definition: Flow = { ...flow('scale', { mode: 'once', labels: { site: 'paris' } }), subflow: {} };
    const flows = [flow('plc'), definition];
    expect(flowsToRun(flows, { site: 'lyon' }, new Set()).map((f) => f.id)).toEqual(['scale']);
    expect(leaseCandidates(flows, { site: 'paris' })).toEqual(['plc']);
  });

  it('gives every runtime the shared config documents, which hold no lease (their config nodes run in the flows using them)', () => {
    const shared: Flow = { ...flow('plant'), shared: true };
    const flows = [flow('plc'), shared];
    expect(flowsToRun(flows, { site: 'lyon' }, new Set()).map((f) => f.id)).toEqual(['plant']);
    expect(leaseCandidates(flows, {})).toEqual(['plc']);
  });
});
