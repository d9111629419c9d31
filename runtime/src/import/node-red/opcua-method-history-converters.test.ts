import { validateFlows } from '@millwright/model';
import { nodes as coreNodes } from '@millwright/nodes-core';
import { nodes as opcuaNodes } from '@millwright/nodes-opcua';
import { NodeRegistry } from '@millwright/sdk';
import { describe, expect, it } from 'vitest';
import { convertNodeRedFlows } from './convert-flows.js';

// Core for the placeholder of what is not converted.
const catalog = new NodeRegistry([...coreNodes, ...opcuaNodes]);
const at = { x: 100, y: 100 };
const endpoint = { id: 'ep', type: 'OpcUa-Endpoint', endpoint: 'opc.tcp://plc:4840', secpol: 'None', secmode: 'None' };
const client = (id: string, action: string) => ({
  id,
  type: 'OpcUa-Client',
  z: 't1',
  endpoint: 'ep',
  action,
  ...at,
  wires: [[]],
});

describe('node-red-contrib-opcua method, history and events', () => {
  it('converts OpcUa-Method and the method and history actions to opcua-method and opcua-history', () => {
    const { flows, report } = convertNodeRedFlows(
      [
        { id: 't1', type: 'tab', label: 'ua' },
        endpoint,
        {
          id: 'm',
          type: 'OpcUa-Method',
          z: 't1',
          endpoint: 'ep',
          objectId: 'ns=2;s=Pump1',
          methodId: 'ns=2;s=Pump1.Start',
          arg0type: 'Double',
          arg0value: '12.5',
          arg1type: 'String',
          arg1value: 'fast',
          ...at,
          wires: [[]],
        },
        client('cm', 'method'),
        client('ch', 'history'),
        client('ce', 'events'),
      ],
      { catalog },
    );
    expect(validateFlows(flows, { catalog }).issues).toEqual([]);
    const byId = (id: string) => flows[0]?.nodes.find((n) => n.id === id);
    expect(byId('m')).toMatchObject({
      type: 'opcua-method',
      config: { endpoint: 'ep', objectId: 'ns=2;s=Pump1', methodId: 'ns=2;s=Pump1.Start', arguments: [] },
    });
    expect(byId('cm')).toMatchObject({ type: 'opcua-method', config: { objectId: '', methodId: '' } });
    expect(byId('ch')).toMatchObject({ type: 'opcua-history', config: { nodeId: '', start: '-1h', end: 'now' } });
    const warnings = report.warnings.map((w) => w.message);
    expect(warnings).toContain(
      'input arguments Double 12.5, String fast are not converted: give them by name in the node\'s arguments, or as msg.payload ["12.5", "fast"]',
    );
    expect(warnings.some((w) => w.startsWith('reads the raw history of the NodeId in msg.topic'))).toBe(true);
    // Events need their filter in the config: not converted, with the node to use named.
    expect(report.placeholders.map((p) => [p.id, p.reason])).toEqual([
      ['ce', expect.stringMatching(/use an opcua-events node/)],
    ]);
  });
});
