import type { Flow } from '@millwright/model';
import { nodes } from '@millwright/nodes-dashboard';
import { NodeRegistry } from '@millwright/sdk';
import { describe, expect, it } from 'vitest';
import { dashboardPages, mayOpen, pageNodeIds } from './dashboard-pages.js';

const registry = new NodeRegistry(nodes);
const at = { x: 0, y: 0 };
const flows: Flow[] = [
  {
    version: 1,
    id: 'pages',
    name: 'pages',
    configs: [
      {
        id: 'p-op',
        type: 'ui-page',
        typeVersion: 1,
        config: { path: 'op', title: 'Operator', roles: ['operator'], order: 2 },
      },
      { id: 'p-sup', type: 'ui-page', typeVersion: 1, config: { path: 'sup', title: 'Supervisor', order: 1 } },
      { id: 'p-dup', type: 'ui-page', typeVersion: 1, config: { path: 'sup', title: 'Second with the same path' } },
    ],
    nodes: [{ id: 'b', type: 'ui-button', typeVersion: 1, config: { page: 'p-op' }, position: at }],
    wires: [],
  },
  {
    version: 1,
    id: 'line',
    name: 'line',
    nodes: [
      { id: 'v2', type: 'ui-value', typeVersion: 1, config: { page: 'p-sup', order: 2 }, position: at },
      { id: 'v1', type: 'ui-value', typeVersion: 1, config: { page: 'p-sup', order: 1 }, position: at },
      { id: 'off', type: 'ui-value', typeVersion: 1, config: { page: 'p-sup' }, position: at, disabled: true },
      { id: 'spc', type: 'ui-spc', typeVersion: 1, config: { page: 'p-sup', source: 'qc', order: 3 }, position: at },
      { id: 'fn', type: 'function', typeVersion: 1, config: { page: 'p-sup' }, position: at },
    ],
    wires: [],
  },
];

describe('dashboardPages', () => {
  it('finds pages in any flow and their enabled widgets across flows, ordered, inputs marked', () => {
    const pages = dashboardPages(flows, (t) => registry.definition(t));
    expect(pages.map((p) => [p.info.path, p.info.theme, p.widgets.map((w) => [w.id, w.input])])).toEqual([
      [
        'sup',
        'light',
        [
          ['v1', false],
          ['v2', false],
          ['spc', false],
        ],
      ],
      ['op', 'light', [['b', true]]],
    ]);
    expect(pageNodeIds(pages[0]!)).toEqual(['v1', 'v2', 'spc', 'qc']);
  });

  it('a page limited to roles opens for those roles and admins only', () => {
    const [sup, op] = dashboardPages(flows, (t) => registry.definition(t));
    expect(mayOpen(sup!.info, 'viewer')).toBe(true);
    expect(mayOpen(op!.info, 'viewer')).toBe(false);
    expect(mayOpen(op!.info, 'operator')).toBe(true);
    expect(mayOpen(op!.info, 'editor')).toBe(false);
    expect(mayOpen(op!.info, 'admin')).toBe(true);
  });
});
