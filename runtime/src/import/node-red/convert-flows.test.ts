import { validateFlows } from '@millwright/model';
import { nodes as coreNodes } from '@millwright/nodes-core';
import { NodeRegistry } from '@millwright/sdk';
import { describe, expect, it } from 'vitest';
import { convertNodeRedFlows } from './convert-flows.js';

const catalog = new NodeRegistry(coreNodes);
const tab = (id: string, label: string, extra: Record<string, unknown> = {}) => ({ id, type: 'tab', label, ...extra });
const dbg = (id: string, z: string, extra: Record<string, unknown> = {}) => ({
  id,
  type: 'debug',
  z,
  active: true,
  complete: 'payload',
  x: 300,
  y: 80,
  wires: [],
  ...extra,
});
const fn = (id: string, z: string, wires: string[][], extra: Record<string, unknown> = {}) => ({
  id,
  type: 'function',
  z,
  func: 'return msg;',
  outputs: wires.length,
  x: 100,
  y: 80,
  wires,
  ...extra,
});

describe('convertNodeRedFlows', () => {
  it('makes one flow per tab with names, info, positions, groups and disabled flags', () => {
    const { flows, report } = convertNodeRedFlows(
      [
        tab('t1', 'Line 1', { info: 'notes', disabled: true }),
        tab('t2', 'Line 2'),
        { id: 'g1', type: 'group', z: 't1', name: 'Box', style: { fill: '#ffefbf' }, nodes: ['f1'] },
        fn('f1', 't1', [['d1']], { name: 'double', g: 'g1', x: 140.4, y: 60.6 }),
        dbg('d1', 't1', { d: true }),
        dbg('d2', 't2'),
      ],
      { catalog },
    );
    expect(flows.map((f) => [f.id, f.name, f.info, f.disabled])).toEqual([
      ['t1', 'Line 1', 'notes', true],
      ['t2', 'Line 2', undefined, undefined],
    ]);
    expect(flows[0]?.groups).toEqual([{ id: 'g1', name: 'Box', color: '#ffefbf' }]);
    expect(flows[0]?.nodes[0]).toMatchObject({ id: 'f1', name: 'double', group: 'g1', position: { x: 140, y: 61 } });
    expect(flows[0]?.nodes[1]).toMatchObject({ id: 'd1', disabled: true });
    expect(flows[0]?.wires).toEqual([{ from: { node: 'f1', port: 0 }, to: { node: 'd1', port: 0 } }]);
    expect(report).toMatchObject({ converted: 3, placeholders: [], warnings: [] });
    expect(report.flows).toEqual([
      { id: 't1', name: 'Line 1', nodes: 2 },
      { id: 't2', name: 'Line 2', nodes: 1 },
    ]);
    expect(validateFlows(flows, { catalog }).ok).toBe(true);
  });

  it('follows junctions (chains and loops) and reports wires it cannot keep', () => {
    const { flows, report } = convertNodeRedFlows(
      [
        tab('t', 'T'),
        fn('f', 't', [['j1', 'gone'], ['d3']]),
        { id: 'j1', type: 'junction', z: 't', x: 1, y: 1, wires: [['j2', 'd1']] },
        { id: 'j2', type: 'junction', z: 't', x: 1, y: 1, wires: [['j1', 'd2', 'd1']] },
        dbg('d1', 't'),
        dbg('d2', 't'),
        dbg('d3', 't'),
        {
          id: 'dl',
          type: 'delay',
          z: 't',
          pauseType: 'rate',
          rate: '1',
          nbRateUnits: '1',
          rateUnits: 'second',
          drop: true,
          outputs: 2,
          x: 1,
          y: 1,
          wires: [['d1'], ['d2']],
        },
      ],
      { catalog },
    );
    const edges = flows[0]?.wires.map((w) => `${w.from.node}:${w.from.port}>${w.to.node}`);
    expect(edges).toEqual(['f:0>d2', 'f:0>d1', 'f:1>d3', 'dl:0>d1']);
    expect(report.warnings.map((w) => `${w.id} ${w.message}`)).toEqual([
      'dl the second output (dropped messages) is not supported; its wires are removed',
      'f wire to "gone", which is not on this tab, removed',
      'dl wires from output 2 removed (the converted node has fewer outputs)',
    ]);
  });

  it('turns unknown nodes into placeholders that keep ports, wires and the original JSON', () => {
    const original = {
      id: 'm1',
      type: 'modbus-read',
      z: 't',
      server: 'mc',
      adr: '40010',
      x: 5,
      y: 6,
      wires: [['d1'], []],
    };
    const { flows, report } = convertNodeRedFlows(
      [tab('t', 'T'), original, dbg('d1', 't'), { id: 'mc', type: 'modbus-client', name: 'PLC', tcpHost: '10.0.0.1' }],
      { catalog },
    );
    const placeholder = flows[0]?.nodes.find((n) => n.id === 'm1');
    expect(placeholder).toMatchObject({
      type: 'unsupported',
      position: { x: 5, y: 6 },
      config: {
        originalType: 'modbus-read',
        source: 'node-red',
        reason: 'no converter for Node-RED type "modbus-read"',
        outputs: 2,
        original,
        related: [{ id: 'mc', type: 'modbus-client', name: 'PLC', tcpHost: '10.0.0.1' }],
      },
    });
    expect(flows[0]?.wires).toEqual([{ from: { node: 'm1', port: 0 }, to: { node: 'd1', port: 0 } }]);
    expect(report.placeholders).toEqual([
      {
        id: 'mc',
        type: 'modbus-client',
        name: 'PLC',
        reason: 'config node "modbus-client" has no Millwright equivalent',
      },
      { id: 'm1', type: 'modbus-read', tab: 't', reason: 'no converter for Node-RED type "modbus-read"' },
    ]);
    expect(validateFlows(flows, { catalog }).ok).toBe(true);
  });

  it('makes a placeholder of a node whose converted config does not validate or whose type is not installed', () => {
    const { flows, report } = convertNodeRedFlows(
      [
        tab('t', 'T'),
        { id: 'i1', type: 'inject', z: 't', crontab: 'every tuesday', payloadType: 'date', x: 1, y: 1, wires: [[]] },
        { id: 'h1', type: 'http request', z: 't', method: 'GET', url: 'http://x', x: 1, y: 1, wires: [[]] },
      ],
      { catalog },
    );
    expect(flows[0]?.nodes.map((n) => n.type)).toEqual(['unsupported', 'unsupported']);
    expect(report.placeholders.map((p) => p.reason)).toEqual([
      expect.stringMatching(/^converted inject config is invalid: cron invalid cron expression "every tuesday"/),
      'node type "http-request" is not installed',
    ]);
    expect(validateFlows(flows, { catalog }).ok).toBe(true);
  });

  it('puts a global config node used on several tabs in the shared config document and a flow-scoped one in its own tab', () => {
    const broker = { id: 'b1', type: 'mqtt-broker', broker: 'localhost', port: '1883' };
    const scoped = { id: 'b2', type: 'mqtt-broker', z: 't2', broker: 'edge', port: '1884' };
    const mqttOut = (id: string, z: string, b: string) => ({
      id,
      type: 'mqtt out',
      z,
      broker: b,
      topic: 'x',
      x: 1,
      y: 1,
      wires: [],
    });
    const { flows } = convertNodeRedFlows([
      tab('t1', 'A'),
      tab('t2', 'B'),
      tab('t3', 'C'),
      broker,
      scoped,
      mqttOut('o1', 't3', 'b1'),
      mqttOut('o2', 't2', 'b1'),
      mqttOut('o3', 't2', 'b2'),
    ]);
    expect(flows.map((f) => (f.configs ?? []).map((c) => c.id))).toEqual([[], ['b2'], [], ['b1']]);
    expect(flows[3]).toMatchObject({ id: 'node-red-shared', shared: true, nodes: [], wires: [] });
    expect(flows[3]?.configs?.[0]).toMatchObject({ type: 'mqtt-broker', config: { url: 'mqtt://localhost:1883' } });
    // Used on one tab only, a global config node goes to that tab.
    const single = convertNodeRedFlows([tab('t1', 'A'), tab('t2', 'B'), broker, mqttOut('o1', 't2', 'b1')]).flows;
    expect(single.map((f) => (f.configs ?? []).map((c) => c.id))).toEqual([[], ['b1']]);
  });

  it('reads { flows: [...] } and exports of selected nodes without their tab', () => {
    const { flows } = convertNodeRedFlows({ rev: 'abc', flows: [dbg('d1', 'missing-tab')] });
    expect(flows).toMatchObject([{ id: 'missing-tab', name: 'Imported flow 1', nodes: [{ id: 'd1' }] }]);
  });

  it('cleans ids that do not fit the flow format and keeps references consistent', () => {
    const { flows } = convertNodeRedFlows(
      [
        tab('tab one', 'T'),
        { id: 'out/1', type: 'link out', z: 'tab one', links: ['in 1'], x: 1, y: 1, wires: [] },
        { id: 'in 1', type: 'link in', z: 'tab one', x: 1, y: 1, wires: [['d/1']] },
        dbg('d/1', 'tab one'),
      ],
      { catalog },
    );
    expect(flows[0]?.id).toBe('tab_one');
    expect(flows[0]?.nodes.map((n) => n.id)).toEqual(['out_1', 'in_1', 'd_1']);
    expect(flows[0]?.nodes[0]?.config).toEqual({ mode: 'link', links: ['in_1'] });
    expect(flows[0]?.wires).toEqual([{ from: { node: 'in_1', port: 0 }, to: { node: 'd_1', port: 0 } }]);
    expect(validateFlows(flows, { catalog }).ok).toBe(true);
  });

  it('refuses what is not a Node-RED export', () => {
    expect(() => convertNodeRedFlows({ version: 1, nodes: [] })).toThrow(/expected a Node-RED export/);
    expect(() => convertNodeRedFlows([{ id: 1, type: 'tab' }])).toThrow(/1 of 1 entries lack a string "id" and "type"/);
  });
});
