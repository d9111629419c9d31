import { connect } from 'node:net';
import { validateFlows } from '@millwright/model';
import { nodes as coreNodes } from '@millwright/nodes-core';
import { nodes as networkNodes } from '@millwright/nodes-network';
import { DEFAULT_OUTBOUND_DENY, freePort, NodeRegistry, runFlow } from '@millwright/sdk';
import { describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { convertNodeRedFlows } from './convert-flows.js';

const catalog = new NodeRegistry([...coreNodes, ...networkNodes]);
const at = { x: 100, y: 100 };

/** A Node-RED export: tcp echo (in -> out reply), tcp request, websocket echo and client, udp in and out. */
function exportWith(tcpPort: number) {
  return [
    { id: 't1', type: 'tab', label: 'network' },
    {
      id: 'tin',
      type: 'tcp in',
      z: 't1',
      server: 'server',
      host: '',
      port: String(tcpPort),
      datamode: 'stream',
      datatype: 'utf8',
      newline: '\\n',
      topic: 'scan',
      trim: false,
      base64: false,
      tls: '',
      ...at,
      wires: [['tout']],
    },
    {
      id: 'tout',
      type: 'tcp out',
      z: 't1',
      host: '',
      port: '',
      beserver: 'reply',
      base64: false,
      end: false,
      tls: '',
      ...at,
      wires: [],
    },
    {
      id: 'treq',
      type: 'tcp request',
      z: 't1',
      server: '10.0.0.5',
      port: '502',
      out: 'char',
      ret: 'string',
      splitc: '\\n',
      newline: '',
      trim: false,
      tls: '',
      ...at,
      wires: [[]],
    },
    {
      id: 'treq2',
      type: 'tcp request',
      z: 't1',
      server: '',
      port: '',
      out: 'sit',
      ret: 'buffer',
      splitc: '0',
      ...at,
      wires: [[]],
    },
    { id: 'wsl', type: 'websocket-listener', path: '/echo', wholemsg: 'false' },
    {
      id: 'wsc',
      type: 'websocket-client',
      path: 'ws://10.0.0.9:8080/feed',
      tls: '',
      wholemsg: 'true',
      hb: '15',
      subprotocol: 'mes',
    },
    { id: 'win', type: 'websocket in', z: 't1', server: 'wsl', client: '', ...at, wires: [['wout']] },
    { id: 'wout', type: 'websocket out', z: 't1', server: 'wsl', client: '', ...at, wires: [] },
    { id: 'cin', type: 'websocket in', z: 't1', server: '', client: 'wsc', ...at, wires: [[]] },
    {
      id: 'uin',
      type: 'udp in',
      z: 't1',
      iface: '',
      port: '5000',
      ipv: 'udp4',
      multicast: 'false',
      group: '',
      datatype: 'buffer',
      ...at,
      wires: [[]],
    },
    {
      id: 'uout',
      type: 'udp out',
      z: 't1',
      addr: '',
      iface: '',
      port: '',
      ipv: 'udp4',
      outport: '5001',
      base64: true,
      multicast: 'board',
      ...at,
      wires: [],
    },
  ];
}

describe('Node-RED network nodes convert', () => {
  it('tcp, udp and websocket nodes convert with their settings and the result validates', () => {
    const { flows, report } = convertNodeRedFlows(exportWith(9100), { catalog });
    const byId = (id: string) =>
      flows[0]?.nodes.find((n) => n.id === id) ?? flows[0]?.configs?.find((c) => c.id === id);
    expect(byId('tin')).toMatchObject({
      type: 'tcp-in',
      config: {
        mode: 'server',
        host: '127.0.0.1',
        port: 9100,
        output: 'stream',
        delimiter: '\\n',
        format: 'utf8',
        topic: 'scan',
      },
    });
    expect(byId('tout')).toMatchObject({ type: 'tcp-out', config: { mode: 'reply', closeAfterSend: false } });
    expect(byId('treq')).toMatchObject({
      type: 'tcp-request',
      config: { host: '10.0.0.5', port: 502, returnAfter: 'char', delimiter: '\\n', format: 'utf8' },
    });
    expect(byId('treq2')).toMatchObject({ type: 'tcp-request', config: { host: '', port: 0, returnAfter: 'stream' } });
    expect(byId('wsl')).toMatchObject({
      type: 'websocket-listener',
      config: { port: 1881, path: '/echo', wholeMessage: false },
    });
    expect(byId('wsc')).toMatchObject({
      type: 'websocket-client',
      config: {
        url: 'ws://10.0.0.9:8080/feed',
        subprotocol: 'mes',
        wholeMessage: true,
        pingIntervalMs: 15_000,
      },
    });
    expect(byId('win')).toMatchObject({ type: 'websocket-in', config: { mode: 'server', listener: 'wsl' } });
    expect(byId('cin')).toMatchObject({ type: 'websocket-in', config: { mode: 'client', client: 'wsc' } });
    expect(byId('uin')).toMatchObject({
      type: 'udp-in',
      config: { host: '127.0.0.1', port: 5000, ipVersion: 'udp4', multicastGroup: '', format: 'buffer' },
    });
    expect(byId('uout')).toMatchObject({
      type: 'udp-out',
      config: { host: '', port: 0, mode: 'broadcast', localPort: 5001, decodeBase64: true },
    });
    expect(report.placeholders).toEqual([]);
    expect(report.warnings.map((w) => w.message)).toContainEqual(expect.stringMatching(/listens on 127.0.0.1 only/));
    expect(validateFlows(flows, { catalog }).issues).toEqual([]);
  });

  it('a websocket client takes the CA file and verification of its tls-config (the tls-config itself stays a placeholder)', () => {
    const { flows, report } = convertNodeRedFlows(
      [
        { id: 't1', type: 'tab', label: 'tls' },
        { id: 'tls1', type: 'tls-config', cert: '', key: '', ca: '/etc/ssl/plant-ca.pem', verifyservercert: false },
        { id: 'wsc', type: 'websocket-client', path: 'wss://mes.plant.local/events', tls: 'tls1', wholemsg: 'false' },
        { id: 'cin', type: 'websocket in', z: 't1', server: '', client: 'wsc', ...at, wires: [[]] },
      ],
      { catalog },
    );
    expect(flows[0]?.configs?.find((c) => c.id === 'wsc')?.config).toMatchObject({
      url: 'wss://mes.plant.local/events',
      tls: { caFile: '/etc/ssl/plant-ca.pem', rejectUnauthorized: false },
    });
    expect(report.placeholders.map((p) => p.type)).toEqual(['tls-config']);
  });

  it('the converted tcp echo and websocket echo run: a line in, the same line back', async () => {
    const tcpPort = await freePort();
    const wsPort = await freePort();
    const { flows } = convertNodeRedFlows(exportWith(tcpPort), { catalog });
    const flow = flows[0];
    if (!flow) throw new Error('no flow');
    // The converted listener port (1881) may be taken on a test machine; the rest is as converted.
    const listener = flow.configs?.find((c) => c.id === 'wsl');
    if (listener) listener.config['port'] = wsPort;
    const h = await runFlow(flow, catalog, {
      confinement: { fileRoots: [], outbound: { allow: [], deny: [...DEFAULT_OUTBOUND_DENY] } },
    });
    try {
      const socket = connect(tcpPort, '127.0.0.1');
      let echoed = '';
      socket.on('data', (d: Buffer) => (echoed += d.toString()));
      socket.write('A-123\n');
      await expect.poll(() => echoed).toBe('A-123');
      socket.destroy();

      const ws = new WebSocket(`ws://127.0.0.1:${wsPort}/echo`);
      const got: string[] = [];
      ws.on('message', (d: Buffer) => got.push(d.toString()));
      await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
      ws.send('hello');
      await expect.poll(() => got).toEqual(['hello']);
      ws.close();
    } finally {
      await h.stop();
    }
  });
});
