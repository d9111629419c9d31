import type { NodeConverter } from '../types.js';
import { bool, num, text } from '../values.js';

/** The port a converted websocket listener gets: the runtime itself usually has Node-RED's 1880. */
export const CONVERTED_LISTENER_PORT = 1881;

const TCP_FORMATS: Record<string, string> = { buffer: 'buffer', utf8: 'utf8', base64: 'base64' };

function tlsWarning(n: Record<string, unknown>, warnings: string[]): void {
  if (text(n['tls'])) warnings.push('TLS (tls-config) is not supported for TCP; the connection is plain TCP');
}

function port(n: Record<string, unknown>, key = 'port'): number {
  return Math.round(num(n[key], 0));
}

/** Node-RED listened on every interface; Millwright's default is loopback. */
const LOOPBACK_WARNING =
  'Node-RED listened on every network interface; this node listens on 127.0.0.1 only: set host 0.0.0.0 to take connections from the network';

/** Node-RED `tcp in`: server or client, stream (split at `newline`) or one message per connection. */
export const tcpIn: NodeConverter = {
  kind: 'node',
  convert(n) {
    const warnings: string[] = [];
    tlsWarning(n, warnings);
    const client = text(n['server']) === 'client';
    if (!client) warnings.push(LOOPBACK_WARNING);
    const base64 = bool(n['base64']); // deprecated flag of old flows
    const format = base64 ? 'base64' : (TCP_FORMATS[text(n['datatype'])] ?? 'buffer');
    return {
      type: 'tcp-in',
      config: {
        mode: client ? 'client' : 'server',
        host: client ? text(n['host']).trim() : '127.0.0.1',
        port: port(n),
        output: text(n['datamode']) === 'single' ? 'single' : 'stream',
        delimiter: text(n['newline']),
        // Node-RED's "trim" option adds the delimiter back to each part.
        keepDelimiter: bool(n['trim']),
        format,
        topic: text(n['topic']),
      },
      warnings,
    };
  },
};

/** Node-RED `tcp out`: reply (msg._session), client or server; base64 decoding; close after each message. */
export const tcpOut: NodeConverter = {
  kind: 'node',
  convert(n) {
    const warnings: string[] = [];
    tlsWarning(n, warnings);
    const mode = text(n['beserver']) || 'client';
    if (mode === 'server') warnings.push(LOOPBACK_WARNING);
    return {
      type: 'tcp-out',
      config: {
        mode: mode === 'server' || mode === 'reply' ? mode : 'client',
        host: mode === 'client' ? text(n['host']).trim() : '127.0.0.1',
        port: port(n),
        closeAfterSend: bool(n['end']),
        decodeBase64: bool(n['base64']),
      },
      warnings,
    };
  },
};

const RETURN_AFTER: Record<string, string> = {
  time: 'time',
  char: 'char',
  count: 'count',
  sit: 'stream',
  immed: 'immediate',
};

/** Node-RED `tcp request`: return after a time, a character, a count, keep the connection, or at once. */
export const tcpRequest: NodeConverter = {
  kind: 'node',
  convert(n) {
    const warnings: string[] = [];
    tlsWarning(n, warnings);
    const out = text(n['out']) || 'time';
    const returnAfter = RETURN_AFTER[out];
    if (!returnAfter) return { unsupported: `tcp request "return" mode "${out}" is unknown` };
    const splitc = text(n['splitc']);
    if (text(n['newline'])) warnings.push('splitting the answer into lines (newline) is not supported');
    if (out === 'sit') warnings.push('msg.reset (close the kept-open connection) is not supported');
    warnings.push('connections to loopback and link-local addresses need an outbound.allow entry (settings.json)');
    return {
      type: 'tcp-request',
      config: {
        host: text(n['server']).trim(),
        port: port(n),
        returnAfter,
        ...(returnAfter === 'time' ? { waitMs: Math.max(0, Math.round(num(splitc, 0))) } : {}),
        ...(returnAfter === 'char' ? { delimiter: splitc || '\\n' } : {}),
        ...(returnAfter === 'count' ? { count: Math.max(1, Math.round(num(splitc, 1))) } : {}),
        format: text(n['ret']) === 'string' ? 'utf8' : 'buffer',
      },
      warnings,
    };
  },
};

/** Node-RED `websocket-listener`: a path on Node-RED's own port becomes a listener with its own port. */
export const websocketListener: NodeConverter = {
  kind: 'config',
  convert(n) {
    const path = text(n['path']).trim() || '/ws';
    return {
      type: 'websocket-listener',
      config: {
        port: CONVERTED_LISTENER_PORT,
        path: path.startsWith('/') ? path : `/${path}`,
        wholeMessage: bool(n['wholemsg']),
      },
      warnings: [
        `websocket endpoints have their own port: clients connect to ws://<host>:${CONVERTED_LISTENER_PORT}${path.startsWith('/') ? path : `/${path}`} (two listeners of one flow need different ports); it listens on 127.0.0.1 unless host is set to 0.0.0.0`,
      ],
    };
  },
};

/** Node-RED `websocket-client`: URL, subprotocol, heartbeat, whole messages, the CA file and verification of its tls-config. */
export const websocketClient: NodeConverter = {
  kind: 'config',
  convert(n, ctx) {
    const warnings: string[] = [];
    const url = text(n['path']).trim();
    if (!/^wss?:\/\//.test(url)) return { unsupported: `websocket client URL "${url}" is not a ws:// or wss:// URL` };
    const tlsConfig = text(n['tls']) ? ctx.node(text(n['tls'])) : undefined;
    const tls = {
      caFile: text(tlsConfig?.['ca']).trim(),
      rejectUnauthorized: tlsConfig?.['verifyservercert'] !== false && tlsConfig?.['verifyservercert'] !== 'false',
    };
    if (tlsConfig && (text(tlsConfig['cert']) || text(tlsConfig['key']) || text(tlsConfig['certname'])))
      warnings.push('client certificates (tls-config cert and key) are not supported for websockets');
    if (tlsConfig && !tls.caFile && text(tlsConfig['caname']))
      warnings.push('the uploaded CA certificate is not part of the export: save it as a file and set tls.caFile');
    if (Array.isArray(n['headers']) && n['headers'].length) warnings.push('extra HTTP headers are not supported');
    const hb = num(n['hb'], 0);
    return {
      type: 'websocket-client',
      config: {
        url,
        subprotocol: text(n['subprotocol']).trim(),
        wholeMessage: bool(n['wholemsg']),
        ...(hb > 0 ? { pingIntervalMs: Math.round(hb * 1000) } : {}),
        ...(tlsConfig ? { tls } : {}),
      },
      warnings,
    };
  },
};

function websocketNode(type: 'websocket-in' | 'websocket-out'): NodeConverter {
  return {
    kind: 'node',
    convert(n, ctx) {
      const client = text(n['client']);
      const server = text(n['server']);
      if (!client && !server) return { unsupported: 'the websocket node names neither a listener nor a client' };
      return {
        type,
        config: client ? { mode: 'client', client: ctx.idOf(client) } : { mode: 'server', listener: ctx.idOf(server) },
      };
    },
  };
}

/** Node-RED `udp in`: port, IPv4/6, multicast group and interface, data type. */
export const udpIn: NodeConverter = {
  kind: 'node',
  convert(n) {
    const multicast = text(n['multicast']) === 'true';
    const group = multicast ? text(n['group']).trim() : '';
    return {
      type: 'udp-in',
      config: {
        host: '127.0.0.1',
        port: port(n),
        ipVersion: text(n['ipv']) === 'udp6' ? 'udp6' : 'udp4',
        multicastGroup: group,
        multicastInterface: text(n['iface']).trim(),
        format: TCP_FORMATS[text(n['datatype'])] ?? 'buffer',
      },
      warnings: [LOOPBACK_WARNING],
    };
  },
};

const UDP_MODES: Record<string, string> = { false: 'unicast', board: 'broadcast', multi: 'multicast' };

/** Node-RED `udp out`: address and port (or msg.ip / msg.port), unicast/broadcast/multicast, local port, base64. */
export const udpOut: NodeConverter = {
  kind: 'node',
  convert(n) {
    return {
      type: 'udp-out',
      config: {
        host: text(n['addr']).trim(),
        port: port(n),
        mode: UDP_MODES[text(n['multicast'])] ?? 'unicast',
        localPort: port(n, 'outport'),
        ipVersion: text(n['ipv']) === 'udp6' ? 'udp6' : 'udp4',
        multicastInterface: text(n['iface']).trim(),
        decodeBase64: bool(n['base64']),
      },
    };
  },
};

/** Node-RED network node types -> converters; spread into the importer's table. */
export const NETWORK_CONVERTERS: Readonly<Record<string, NodeConverter>> = {
  'tcp in': tcpIn,
  'tcp out': tcpOut,
  'tcp request': tcpRequest,
  'websocket-listener': websocketListener,
  'websocket-client': websocketClient,
  'websocket in': websocketNode('websocket-in'),
  'websocket out': websocketNode('websocket-out'),
  'udp in': udpIn,
  'udp out': udpOut,
};
