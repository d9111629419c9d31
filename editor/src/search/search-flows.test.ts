import type { Flow } from '@millwright/model';
import { describe, expect, it } from 'vitest';
import { searchFlows } from './search-flows.js';

const node = (id: string, type: string, config: Record<string, unknown>, name?: string) => ({
  id,
  type,
  typeVersion: 1,
  config,
  position: { x: 0, y: 0 },
  ...(name ? { name } : {}),
});

const flows: Flow[] = [
  {
    version: 1,
    id: 'f1',
    name: 'Production',
    nodes: [
      node('a1', 'opcua-read', { nodeId: 'ns=2;s=Line1.GoodCount' }, 'good count'),
      node('a2', 'function', { code: `${'x'.repeat(200)} const scrap = msg.payload.scrap;` }),
    ],
    wires: [],
    configs: [{ id: 'plc', type: 'opcua-endpoint', typeVersion: 1, config: { endpointUrl: 'opc.tcp://plc-1:4840' } }],
  },
  {
    version: 1,
    id: 'f2',
    name: 'Reporting',
    nodes: [node('b1', 'erp-post', { url: 'https://erp/api/counts' }, 'report counts')],
    wires: [],
  },
];
const label = (t: string) => ({ 'opcua-read': 'OPC UA read', 'erp-post': 'ERP post' })[t] ?? t;

describe('searchFlows', () => {
  it('finds names first, then types, ids and config values, across flows and config nodes', () => {
    const hits = searchFlows(flows, label, 'count');
    expect(hits.map((h) => [h.nodeId, h.field])).toEqual([
      ['a1', 'name'],
      ['b1', 'name'],
    ]);
    expect(searchFlows(flows, label, 'GoodCount')[0]).toMatchObject({
      nodeId: 'a1',
      field: 'config.nodeId',
      flowName: 'Production',
    });
    expect(searchFlows(flows, label, 'plc-1')[0]).toMatchObject({ nodeId: 'plc', field: 'config.endpointUrl' });
    expect(searchFlows(flows, label, 'opc ua read')[0]).toMatchObject({ nodeId: 'a1', field: 'type' });
    expect(searchFlows(flows, label, 'b1')[0]).toMatchObject({ nodeId: 'b1', field: 'id', title: 'report counts' });
  });

  it('needs every word, cuts long values around the match, and stops at the limit', () => {
    expect(searchFlows(flows, label, 'count erp')).toHaveLength(1);
    const scrap = searchFlows(flows, label, 'scrap')[0];
    expect(scrap?.title).toBe('function');
    expect(scrap?.excerpt.startsWith('…')).toBe(true);
    expect(scrap?.excerpt).toContain('const scrap');
    expect(searchFlows(flows, label, '')).toEqual([]);
    expect(searchFlows(flows, label, 'o', 2)).toHaveLength(2);
  });
});
