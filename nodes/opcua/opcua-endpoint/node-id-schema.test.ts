import { validateFlows } from '@millwright/model';
import { NodeRegistry } from '@millwright/sdk';
import { describe, expect, it } from 'vitest';
import { nodes } from '../index.js';

describe('NodeId fields of the opcua nodes', () => {
  const registry = new NodeRegistry(nodes);
  const deployment = (type: string, config: Record<string, unknown>) => [
    {
      version: 1,
      id: 'f',
      name: 'f',
      nodes: [{ id: 'n', type, typeVersion: 1, position: { x: 0, y: 0 }, config: { endpoint: 'plc', ...config } }],
      wires: [],
      configs: [
        { id: 'plc', type: 'opcua-endpoint', typeVersion: 1, config: { endpointUrl: 'opc.tcp://127.0.0.1:4840' } },
      ],
    },
  ];
  const faults = (type: string, config: Record<string, unknown>) => {
    const r = validateFlows(deployment(type, config), { catalog: registry });
    return r.issues.map((i) => `${i.pathString} ${i.code}: ${i.message}`);
  };

  it('refuses a malformed NodeId in read, subscribe, write and browse with the path of the field', () => {
    expect(faults('opcua-read', { items: [{ nodeId: 'ns=1;s=ok' }, { nodeId: 'ns=2;x=foo' }] })).toEqual([
      '$[0].nodes[0].config.items[1].nodeId invalid_format: "x=" is not an identifier type: use i= (number), s= (string), g= (GUID) or b= (base64)',
    ]);
    expect(faults('opcua-subscribe', { items: [{ nodeId: 'ns=abc;i=1' }] })).toEqual([
      '$[0].nodes[0].config.items[0].nodeId invalid_format: namespace index "abc" is not a number from 0 to 65535',
    ]);
    expect(faults('opcua-write', { nodeId: 'i=notnumber' })).toEqual([
      '$[0].nodes[0].config.nodeId invalid_format: numeric identifier "notnumber" is not a whole number from 0 to 4294967295',
    ]);
    expect(faults('opcua-browse', { nodeId: 'b=abc' })[0]).toMatch(
      /config\.nodeId invalid_format: "abc" is not base64/,
    );
  });

  it('accepts ns= and nsu= forms, and empty where msg.topic names the node', () => {
    expect(
      faults('opcua-read', { items: [{ nodeId: 'nsu=urn:millwright:sim-plc;s=Line1.Machine1.Temperature' }] }),
    ).toEqual([]);
    expect(faults('opcua-write', { nodeId: '' })).toEqual([]);
    expect(faults('opcua-browse', { nodeId: 'ns=1;g=72962b91-fa75-4ae6-8d28-b404dc7daf63' })).toEqual([]);
    expect(faults('opcua-read', { items: [{ nodeId: '' }] })).toEqual([
      '$[0].nodes[0].config.items[0].nodeId too_small: a NodeId is required',
    ]);
  });

  it('marks each NodeId field with format opcua-nodeid for the editor form', () => {
    const formats = registry
      .catalog()
      .filter((e) => ['opcua-read', 'opcua-subscribe', 'opcua-write', 'opcua-browse'].includes(e.type))
      .map((e) => [e.type, JSON.stringify(e.configSchema).match(/"format":"opcua-nodeid"/g)?.length ?? 0]);
    expect(formats).toEqual([
      ['opcua-browse', 1],
      ['opcua-read', 1],
      ['opcua-subscribe', 1],
      ['opcua-write', 1],
    ]);
  });
});
