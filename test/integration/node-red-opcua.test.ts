import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DebugEvent, Flow } from '@millwright/model';
import { runFlow, type FlowHarness, type NodeRegistry } from '@millwright/sdk';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startPlcFixture, until, type PlcFixture } from '../../nodes/opcua/opcua-endpoint/test-fixtures.js';
import { checkFlows } from '../../runtime/src/deploy/check-flows.js';
import { convertNodeRedFlows } from '../../runtime/src/import/node-red/convert-flows.js';
import { loadNodeModules } from '../../runtime/src/registry/load-node-modules.js';

// node-red-contrib-opcua flows (OpcUa-Endpoint, OpcUa-Item, OpcUa-Client) converted to the
// opcua-* nodes, deployed against the simulated PLC.
const FIXTURE = fileURLToPath(new URL('../fixtures/node-red-contrib-opcua/line-subscribe.json', import.meta.url));
type NodeRedNode = Record<string, unknown> & { id: string; type: string };
const exportFor = (endpointUrl: string): NodeRedNode[] =>
  (JSON.parse(readFileSync(FIXTURE, 'utf8')) as NodeRedNode[]).map((n) =>
    n.type === 'OpcUa-Endpoint' ? { ...n, endpoint: endpointUrl } : n,
  );

let registry: NodeRegistry;
let fx: PlcFixture;
let h: FlowHarness | undefined;
beforeAll(async () => {
  [registry, fx] = await Promise.all([
    loadNodeModules(['@millwright/nodes-core', '@millwright/nodes-opcua']),
    startPlcFixture(),
  ]);
});
afterAll(() => fx?.close());
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

describe('node-red-contrib-opcua import', () => {
  it('converts endpoint, items and client (subscribe, read, write) and reads and writes values of the sim PLC', async () => {
    const { flows, report } = convertNodeRedFlows(exportFor(fx.plc.endpointUrl), { catalog: registry });
    const check = checkFlows(flows, registry);
    if (!check.ok) throw new Error(`converted flows are invalid: ${JSON.stringify(check.issues)}`);
    const flow = check.flows[0] as Flow;
    expect(report.placeholders.map((p) => [p.type, p.reason])).toEqual([
      [
        'OpcUa-Client',
        'action "events" subscribes with the event filter a message brings at run time (from an OpcUa-Event node): use an opcua-events node, which takes its source, event type and fields from its config',
      ],
    ]);
    const byId = (id: string) => flow.nodes.find((n) => n.id === id);
    expect(flow.configs?.[0]).toMatchObject({
      type: 'opcua-endpoint',
      config: { endpointUrl: fx.plc.endpointUrl, securityMode: 'None', authentication: 'anonymous' },
    });
    expect(byId('4d5e6f7081920314')).toMatchObject({
      type: 'opcua-subscribe',
      config: {
        endpoint: '0e1f2a3b4c5d6e7f',
        publishingIntervalMs: 100,
        items: [
          { nodeId: 'ns=1;s=Line1.Machine1.GoodCount', name: '' },
          { nodeId: 'ns=1;s=Line1.Machine1.Temperature', name: '' },
        ],
      },
    });
    expect(byId('2b3c4d5e6f708192')?.type).toBe('change'); // OpcUa-Item: sets msg.topic
    expect(byId('8192031425364a5b')).toMatchObject({ type: 'opcua-read', config: { items: [] } });
    // The items' wires into the subscribe node (which starts on deploy) are gone, and said so.
    expect(flow.wires.some((w) => w.to.node === '4d5e6f7081920314')).toBe(false);
    expect(report.warnings.map((w) => w.message)).toContain(
      'wire to "4d5e6f7081920314" removed: the converted opcua-subscribe node has no input',
    );

    // Deployed with the test PKI (a converted endpoint uses the runtime's folder).
    const cfg = flow.configs?.[0]?.config as Record<string, unknown>;
    Object.assign(cfg, { pkiFolder: join(fx.dir, 'client'), trustUnknownServerCertificates: true });
    fx.plc.setState({ goodCount: 41, workOrder: 'WO-4711' });
    h = await runFlow(flow, registry);
    const debug = (node: string) =>
      h?.events.filter((e): e is DebugEvent => e.type === 'debug' && e.nodeId === node).map((e) => e.value) ?? [];
    await until(() => debug('5e6f708192031425').length >= 2, 'the subscribed values');
    expect(debug('5e6f708192031425')).toContainEqual(
      expect.objectContaining({ topic: 'ns=1;s=Line1.Machine1.GoodCount', payload: 41 }),
    );
    fx.plc.setState({ goodCount: 42 });
    await until(
      () => debug('5e6f708192031425').some((v) => (v as { payload?: unknown }).payload === 42),
      'the changed count',
    );

    // inject -> OpcUa-Item -> OpcUa-Client read: the item's NodeId in msg.topic is read.
    await h.trigger('6f70819203142536');
    await until(() => debug('92031425364a5b6c').length === 1, 'the work order read');
    expect(debug('92031425364a5b6c')).toEqual(['WO-4711']);

    // inject -> OpcUa-Item with a value -> OpcUa-Client write: the item's value (a number) is written.
    expect(byId('c5364758b6c7d8e9')?.type).toBe('change');
    expect(byId('d647586970819203')).toMatchObject({ type: 'opcua-write', config: { nodeId: '' } });
    const setpoint = () => fx.plc.snapshot().machines.find((m) => m.name === 'Machine1')?.temperatureSetpoint;
    expect(setpoint()).toBe(65);
    await h.trigger('b4253647a5b6c7d8');
    await until(() => setpoint() === 55, 'the written setpoint');
    expect(h.errors()).toEqual([]);
  });

  it('gives each OpcUa-Client action without an equivalent its own reason, and keeps dynamic subscriptions as placeholders', () => {
    const tab = { id: 't1', type: 'tab', label: 'x' };
    const ep = { id: 'ep', type: 'OpcUa-Endpoint', endpoint: 'opc.tcp://plc:4840', secpol: 'None', secmode: 'None' };
    const client = (id: string, action: string, extra: Record<string, unknown> = {}) => ({
      id,
      type: 'OpcUa-Client',
      z: 't1',
      endpoint: 'ep',
      action,
      time: 1,
      timeUnit: 's',
      x: 1,
      y: 1,
      wires: [[]],
      ...extra,
    });
    const fn = { id: 'fn', type: 'function', z: 't1', func: 'msg.topic = msg.payload.id; return msg;', x: 1, y: 1 };
    // contrib's "multiple" monitored item group, built by a function from literals (OPCUA-MULTI-SUB example)
    const group = {
      id: 'grp',
      type: 'function',
      z: 't1',
      func: 'msg.topic = "multiple";\nmsg.payload = [];\nmsg.payload.push({ nodeId: "ns=3;i=1001" });\nmsg.payload.push({ nodeId: "ns=3;i=1002" });\nreturn msg;',
      x: 1,
      y: 1,
      wires: [['multi']],
    };
    const { report, flows } = convertNodeRedFlows(
      [
        tab,
        ep,
        { ...fn, wires: [['dyn']] },
        client('dyn', 'subscribe'),
        client('wr', 'write'),
        client('br', 'browse'),
        client('mon', 'monitor', { deadbandtype: 'p', deadbandvalue: 5 }),
        {
          id: 'inj',
          type: 'inject',
          z: 't1',
          topic: 'ns=1;i=7',
          props: [{ p: 'topic', vt: 'str' }],
          x: 1,
          y: 1,
          wires: [['mon']],
        },
        group,
        client('multi', 'subscribe'),
        // OPCUA-UNSUBSRIBE example: item -> function setting msg.action -> the same subscribe client
        {
          id: 'lvl',
          type: 'OpcUa-Item',
          z: 't1',
          item: 'ns=2;s=MyLevel',
          datatype: 'Float',
          x: 1,
          y: 1,
          wires: [['un']],
        },
        {
          id: 'un',
          type: 'function',
          z: 't1',
          name: 'Unsubscribe',
          func: 'msg.action="unsubscribe";\nreturn msg;',
          x: 1,
          y: 1,
          wires: [['multi']],
        },
        client('rm', 'readmultiple'),
        client('me', 'method'),
        { id: 'srv', type: 'OpcUa-Server', z: 't1', x: 1, y: 1, wires: [] },
      ],
      { catalog: registry },
    );
    const reasons = Object.fromEntries(report.placeholders.map((p) => [p.id, p.reason]));
    expect(reasons['dyn']).toMatch(/subscribes to the NodeIds that arrive in msg.topic at run time \(from function\)/);
    expect(reasons['rm']).toMatch(/^action "readmultiple" collects NodeIds/);
    expect(reasons['me']).toBeUndefined();
    expect(reasons['srv']).toBe('Millwright has no OPC UA server node; it is an OPC UA client');
    const nodes = flows[0]?.nodes ?? [];
    expect(nodes.find((n) => n.id === 'wr')).toMatchObject({ type: 'opcua-write', config: { nodeId: '' } });
    expect(nodes.find((n) => n.id === 'br')).toMatchObject({ type: 'opcua-browse', config: { nodeId: '' } });
    expect(nodes.find((n) => n.id === 'me')).toMatchObject({
      type: 'opcua-method',
      config: { objectId: '', methodId: '' },
    });
    expect(nodes.find((n) => n.id === 'mon')).toMatchObject({
      type: 'opcua-subscribe',
      config: {
        items: [{ nodeId: 'ns=1;i=7' }],
        deadbandType: 'percent',
        deadbandValue: 5,
        publishingIntervalMs: 1000,
      },
    });
    expect(nodes.find((n) => n.id === 'multi')).toMatchObject({
      type: 'opcua-subscribe',
      config: { items: [{ nodeId: 'ns=3;i=1001' }, { nodeId: 'ns=3;i=1002' }, { nodeId: 'ns=2;s=MyLevel' }] },
    });
    expect(report.warnings.map((w) => w.message)).toContain(
      'function "Unsubscribe" sets msg.action (e.g. unsubscribe): ignored, the subscription lasts as long as the flow runs',
    );
    expect(report.warnings.map((w) => w.message)).toContain(
      'NodeIds ns=3;i=1001, ns=3;i=1002 taken from the string literals of function "grp": check them',
    );
    expect(checkFlows(flows, registry).ok).toBe(true);
  });

  it("rewrites Node-RED's ${NAME} in the endpoint URL to ${env.NAME} and names unusable endpoints", () => {
    const endpoint = (id: string, url: string, extra: Record<string, unknown> = {}) => ({
      id,
      type: 'OpcUa-Endpoint',
      endpoint: url,
      secpol: 'None',
      secmode: 'None',
      ...extra,
    });
    const { report, flows } = convertNodeRedFlows(
      [
        { id: 't1', type: 'tab', label: 'x' },
        endpoint('env', 'opc.tcp://${PLC_HOST}:4840'),
        endpoint('bare', '${PLC_URL}'),
        endpoint('old', 'opc.tcp://plc:4840', { secpol: 'Basic128Rsa15', secmode: 'SignAndEncrypt' }),
      ],
      { catalog: registry },
    );
    expect(flows[0]?.configs?.[0]?.config).toMatchObject({ endpointUrl: 'opc.tcp://${env.PLC_HOST}:4840' });
    expect(report.warnings.map((w) => w.message)).toContain(
      'endpoint opc.tcp://${PLC_HOST}:4840 reads its environment variables as opc.tcp://${env.PLC_HOST}:4840',
    );
    expect(Object.fromEntries(report.placeholders.map((p) => [p.id, p.reason]))).toEqual({
      bare: 'endpoint "${PLC_URL}" is not an opc.tcp:// URL (a URL from an environment variable needs the form opc.tcp://${HOST}:port)',
      old: 'security policy Basic128Rsa15 is deprecated and not offered by opcua-endpoint (None, Basic256Sha256, Aes128_Sha256_RsaOaep, Aes256_Sha256_RsaPss)',
    });
  });
});
