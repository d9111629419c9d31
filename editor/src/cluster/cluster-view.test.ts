import type { Flow } from '@millwright/model';
import { describe, expect, it } from 'vitest';
import {
  fleetFlowRows,
  fleetRuntimeRows,
  formatLabels,
  formatUptime,
  parseLabelsText,
  toPlacement,
  type ClusterViewResponse,
} from './cluster-view.js';

const flow = (id: string, name: string): Flow => ({ version: 1, id, name, nodes: [], wires: [] });

const NOW = 10_000_000;
const view: ClusterViewResponse = {
  cluster: 'plant',
  self: 'rt-b',
  connected: true,
  revision: 'r2',
  runtimes: [
    {
      id: 'rt-a',
      labels: { site: 'lyon', line: '1' },
      version: '0.1.0',
      startedAt: NOW - 3_900_000,
      flows: ['opc', 'api'],
      revision: 'r1',
      leases: ['opc'],
      health: 'ok',
      at: NOW - 6_000,
    },
    {
      id: 'rt-b',
      labels: {},
      version: '0.1.0',
      startedAt: NOW - 5_000,
      flows: ['api'],
      revision: 'r2',
      leases: [],
      at: NOW - 500,
    },
  ],
  placement: [
    { flowId: 'opc', mode: 'once', labels: { line: '1' }, holder: 'rt-a' },
    { flowId: 'api', mode: 'all', labels: {} },
  ],
};

describe('fleet rows', () => {
  it('puts this runtime first and marks stale heartbeats and other revisions', () => {
    const rows = fleetRuntimeRows(view, [flow('opc', 'OPC UA line 1')], NOW);
    expect(rows.map((r) => r.id)).toEqual(['rt-b', 'rt-a']);
    expect(rows[0]).toMatchObject({ self: true, stale: false, revisionDiffers: false, uptime: '5 s', flows: ['api'] });
    expect(rows[1]).toMatchObject({
      self: false,
      stale: true,
      lastSeenS: 6,
      revisionDiffers: true,
      uptime: '1 h 5 min',
      health: 'ok',
      labels: [
        ['line', '1'],
        ['site', 'lyon'],
      ],
      flows: ['OPC UA line 1', 'api'],
    });
  });

  it('marks no revision as different while the cluster has none', () => {
    const rows = fleetRuntimeRows({ ...view, revision: undefined }, [], NOW);
    expect(rows.every((r) => !r.revisionDiffers)).toBe(true);
  });

  it('lists each flow with its placement, holder and the runtimes running it', () => {
    expect(fleetFlowRows(view, [flow('api', 'REST API')])).toEqual([
      { flowId: 'opc', name: 'opc', mode: 'once', labels: [['line', '1']], holder: 'rt-a', runningOn: ['rt-a'] },
      { flowId: 'api', name: 'REST API', mode: 'all', labels: [], holder: undefined, runningOn: ['rt-a', 'rt-b'] },
    ]);
  });

  it('formats uptimes', () => {
    expect(formatUptime(NOW - 42_500, NOW)).toBe('42 s');
    expect(formatUptime(NOW + 2_000, NOW)).toBe('0 s'); // a clock ahead of the browser's
    expect(formatUptime(NOW - 2 * 86_400_000 - 4 * 3_600_000, NOW)).toBe('2 d 4 h');
  });
});

describe('placement labels text', () => {
  it('parses k=v lists, trimming spaces and skipping empty entries', () => {
    expect(parseLabelsText('')).toEqual({ ok: true, labels: {} });
    expect(parseLabelsText(' line=1 , site = lyon,, ')).toEqual({ ok: true, labels: { line: '1', site: 'lyon' } });
    expect(parseLabelsText('zone=')).toEqual({ ok: true, labels: { zone: '' } });
  });

  it('says what is wrong', () => {
    expect(parseLabelsText('line')).toEqual({ ok: false, error: '"line" is not name=value' });
    expect(parseLabelsText('li ne=1')).toMatchObject({ ok: false, error: expect.stringContaining('"li ne"') });
    expect(parseLabelsText('=1')).toMatchObject({ ok: false });
    expect(parseLabelsText('line=1,line=2')).toEqual({ ok: false, error: 'label line is given twice' });
    expect(parseLabelsText(`a=${'x'.repeat(257)}`)).toMatchObject({ ok: false });
  });

  it('round-trips through formatLabels', () => {
    const labels = { line: '1', site: 'lyon' };
    expect(formatLabels(labels)).toBe('line=1, site=lyon');
    expect(parseLabelsText(formatLabels(labels))).toEqual({ ok: true, labels });
    expect(formatLabels(undefined)).toBe('');
  });

  it('stores no placement for the default (once, any runtime)', () => {
    expect(toPlacement('once', {})).toBeNull();
    expect(toPlacement('all', {})).toEqual({ mode: 'all' });
    expect(toPlacement('once', { line: '1' })).toEqual({ mode: 'once', labels: { line: '1' } });
  });
});
