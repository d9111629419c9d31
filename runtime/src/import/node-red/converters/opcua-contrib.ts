import type { ConvertContext, NodeConverter, NodeRedNode } from '../types.js';
import { num, text, toMs } from '../values.js';
import { change } from './change.js';

// node-red-contrib-opcua (mikakaraila): OpcUa-Endpoint (config), OpcUa-Item (sets msg.topic to a
// NodeId and msg.payload to a value), OpcUa-Client (one node, `action` picks read, write,
// subscribe, browse, ...), OpcUa-Browser. The client takes its NodeId from msg.topic at run time;
// Millwright's opcua-read/-write/-browse do the same with an empty NodeId, opcua-subscribe needs its
// NodeIds in the config, so they are taken from the OpcUa-Item (or inject) nodes wired into it.

const POLICIES = new Set(['None', 'Basic256Sha256', 'Aes128_Sha256_RsaOaep', 'Aes256_Sha256_RsaPss']);
const MODES: Record<string, string> = { none: 'None', sign: 'Sign', signandencrypt: 'SignAndEncrypt' };

/** OpcUa-Endpoint -> opcua-endpoint. */
export const opcuaEndpoint: NodeConverter = {
  kind: 'config',
  convert(n) {
    // Node-RED's ${NAME} environment references are Millwright's ${env.NAME}.
    const given = text(n['endpoint']).trim();
    const url = given.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, '${env.$1}');
    if (!/^opc\.tcp:\/\/[^\s/]+/.test(url))
      return {
        unsupported: `endpoint "${given}" is not an opc.tcp:// URL (a URL from an environment variable needs the form opc.tcp://\${HOST}:port)`,
      };
    const policy = text(n['secpol'] || 'None');
    if (!POLICIES.has(policy))
      return {
        unsupported: `security policy ${policy} is deprecated and not offered by opcua-endpoint (None, Basic256Sha256, Aes128_Sha256_RsaOaep, Aes256_Sha256_RsaPss)`,
      };
    const mode = MODES[text(n['secmode'] || 'None').toLowerCase()];
    if (!mode) return { unsupported: `security mode "${text(n['secmode'])}" is unknown` };
    if (n['usercert'] === true || n['usercert'] === 'true')
      return { unsupported: 'user certificate authentication (X.509 identity token) is not offered by opcua-endpoint' };
    if ((mode === 'None') !== (policy === 'None'))
      return { unsupported: `security mode ${mode} with policy ${policy} is not a valid combination` };
    const warnings: string[] = [];
    if (url !== given) warnings.push(`endpoint ${given} reads its environment variables as ${url}`);
    const user = text(n['user']).trim();
    const login = n['login'] === true || n['login'] === 'true';
    if (login && !user)
      warnings.push('user name login: credentials are not in exports; the endpoint is anonymous until you set them');
    else if (login) warnings.push('the password is not in exports: enter it again');
    if (mode !== 'None')
      warnings.push('trust the server certificate: move it from rejected/ to trusted/certs in the PKI folder');
    return {
      type: 'opcua-endpoint',
      config: {
        endpointUrl: url,
        securityMode: mode,
        securityPolicy: policy,
        authentication: login && user ? 'username' : 'anonymous',
        ...(login && user ? { username: user } : {}),
      },
      warnings,
    };
  },
};

/** OpcUa-Item -> change node: msg.topic = NodeId, msg.datatype, and msg.payload when a value is set. */
export const opcuaItem: NodeConverter = {
  kind: 'node',
  convert(n, ctx) {
    const item = text(n['item']).trim();
    if (!item) return { unsupported: 'OpcUa-Item without a NodeId' };
    const rules: Array<Record<string, unknown>> = [{ t: 'set', p: 'topic', pt: 'msg', to: item, tot: 'str' }];
    const datatype = text(n['datatype']);
    if (datatype) rules.push({ t: 'set', p: 'datatype', pt: 'msg', to: datatype, tot: 'str' });
    if (n['name']) rules.push({ t: 'set', p: 'browseName', pt: 'msg', to: text(n['name']), tot: 'str' });
    const value = n['value'];
    if (value !== null && value !== undefined && text(value) !== '')
      rules.push({ t: 'set', p: 'payload', pt: 'msg', to: text(value), tot: valueTypeOf(datatype, text(value)) });
    return change.convert({ ...n, type: 'change', rules }, ctx);
  },
};

const NUMERIC = /^(u?int(8|16|32|64)|s?byte|float|double)$/i;

function valueTypeOf(datatype: string, value: string): string {
  if (NUMERIC.test(datatype) && Number.isFinite(Number(value))) return 'num';
  if (/^boolean$/i.test(datatype) && /^(true|false)$/.test(value)) return 'bool';
  return 'str';
}

/** Why an OpcUa-Client action has no Millwright node. */
const NO_EQUIVALENT: Record<string, string> = {
  events:
    'action "events" subscribes with the event filter a message brings at run time (from an OpcUa-Event node): use an opcua-events node, which takes its source, event type and fields from its config',
  acknowledge:
    'action "acknowledge": an opcua-events node acknowledges the alarms it receives (input { action: "acknowledge", eventId, conditionId })',
  info: 'reading server information (action "info") has no Millwright equivalent',
  unsubscribe:
    'action "unsubscribe": opcua-subscribe monitors a fixed list for as long as the flow runs; there is no run-time unsubscribe',
  deletesubscription:
    'action "deletesubscription": opcua-subscribe keeps its subscription for as long as the flow runs',
  deletesubscribtion:
    'action "deletesubscribtion": opcua-subscribe keeps its subscription for as long as the flow runs',
  readmultiple:
    'action "readmultiple" collects NodeIds from messages until a "readmultiple" message arrives; opcua-read reads a fixed list (set its items) or msg.topic',
  writemultiple:
    'action "writemultiple" (several values in one message) has no Millwright equivalent: one opcua-write per variable',
  readfile: 'OPC UA file transfer (action "readfile") has no Millwright equivalent',
  writefile: 'OPC UA file transfer (action "writefile") has no Millwright equivalent',
  build: 'building extension objects (action "build") has no Millwright equivalent',
  register: 'registering nodes (action "register") has no Millwright equivalent',
  unregister: 'registering nodes (action "unregister") has no Millwright equivalent',
};

/** OpcUa-Client -> opcua-read, -write, -subscribe, -browse, -method or -history, by its action. */
export const opcuaClient: NodeConverter = {
  kind: 'node',
  convert(n, ctx) {
    const endpoint = endpointOf(n, ctx);
    if (typeof endpoint !== 'string') return endpoint;
    const action = text(n['action'] || 'read').toLowerCase();
    switch (action) {
      case 'read':
        return {
          type: 'opcua-read',
          config: { endpoint, items: [] },
          warnings: [
            'reads the NodeId in msg.topic; the value is msg.payload, details in msg.opcua (not msg.statusCode, msg.sourceTimestamp)',
          ],
        };
      case 'write':
        return {
          type: 'opcua-write',
          config: { endpoint, nodeId: '', dataType: 'auto' },
          warnings: [
            'writes msg.payload to the NodeId in msg.topic; the data type is asked from the server (msg.datatype is not read)',
          ],
        };
      case 'browse':
        return {
          type: 'opcua-browse',
          config: { endpoint, nodeId: '' },
          warnings: [
            'browses the NodeId in msg.topic; msg.payload is a list of { nodeId, browseName, displayName, nodeClass }',
          ],
        };
      case 'subscribe':
      case 'monitor':
        return subscribe(n, ctx, endpoint, action);
      case 'method':
        return {
          type: 'opcua-method',
          config: { endpoint, objectId: '', methodId: '', arguments: [] },
          warnings: [
            'calls msg.methodId on msg.objectId with the input arguments of msg.payload (an array in order, or an object by argument name), typed as the server declares them: msg.inputArguments ({ dataType, value }) is not read; msg.payload is the output arguments by name',
          ],
        };
      case 'history':
        return {
          type: 'opcua-history',
          config: { endpoint, nodeId: '', start: '-1h', end: 'now' },
          warnings: [
            'reads the raw history of the NodeId in msg.topic from msg.start to msg.end (default the last hour); msg.payload is a list of { value, sourceTimestamp, serverTimestamp, statusCode }; aggregates are not offered',
          ],
        };
      default:
        return { unsupported: NO_EQUIVALENT[action] ?? `OpcUa-Client action "${action}" has no Millwright equivalent` };
    }
  },
};

function subscribe(
  n: NodeRedNode,
  ctx: ConvertContext,
  endpoint: string,
  action: string,
): ReturnType<NodeConverter['convert']> {
  const items: Array<{ nodeId: string; name: string }> = [];
  const dynamic: string[] = [];
  const warnings: string[] = [];
  for (const s of ctx.sources(n.id)) {
    const nodeIds = staticNodeIds(s, ctx, warnings, new Set([n.id]));
    if (!nodeIds) {
      dynamic.push(s.type);
      continue;
    }
    for (const nodeId of nodeIds) if (!items.some((i) => i.nodeId === nodeId)) items.push({ nodeId, name: '' });
  }
  if (dynamic.length || !items.length)
    return {
      unsupported: `action "${action}" subscribes to the NodeIds that arrive in msg.topic at run time${
        dynamic.length ? ` (from ${[...new Set(dynamic)].join(', ')})` : ' (nothing is wired into it)'
      }; opcua-subscribe monitors a fixed list in its config: wire OpcUa-Item or inject nodes with a NodeId topic into it (or a function setting msg.topic to NodeId literals)`,
    };
  const deadband =
    action === 'monitor'
      ? {
          deadbandType: text(n['deadbandtype']) === 'p' ? 'percent' : 'absolute',
          deadbandValue: Math.max(0, num(n['deadbandvalue'], 0)),
        }
      : {};
  return {
    type: 'opcua-subscribe',
    config: {
      endpoint,
      items,
      publishingIntervalMs: Math.max(10, toMs(n['time'], SHORT_UNITS[text(n['timeUnit'])] ?? 'seconds', 10)),
      ...deadband,
    },
    warnings: [
      ...warnings,
      `monitors ${items.map((i) => i.nodeId).join(', ')} from deploy on (not from the first message); msg.topic is the NodeId, msg.payload the value, details in msg.opcua`,
    ],
  };
}

/** contrib-opcua's interval units. */
const SHORT_UNITS: Record<string, string> = { ms: 'milliseconds', s: 'seconds', m: 'minutes', h: 'hours' };

const looksLikeNodeId = (v: string) => /^(ns=\d+;)?[isgb]=./.test(v) || /^nsu=/.test(v);

/**
 * The NodeIds a source node sends to a subscribing client when they are fixed: an OpcUa-Item's
 * item, an inject's string topic, or a function whose every `msg.topic = ...` is a NodeId literal
 * (or `"multiple"` with `nodeId: "..."` literals, contrib's monitored item group). Else undefined.
 */
function staticNodeIds(
  s: NodeRedNode,
  ctx: ConvertContext,
  warnings: string[],
  seen: Set<string>,
): string[] | undefined {
  if (seen.has(s.id)) return undefined;
  seen.add(s.id);
  const one = (v: string) => (looksLikeNodeId(v) ? [v] : undefined);
  if (s.type === 'OpcUa-Item') return one(text(s['item']).trim());
  if (s.type === 'inject') {
    const props = Array.isArray(s['props']) ? (s['props'] as Array<{ p?: unknown; v?: unknown; vt?: unknown }>) : [];
    const own = props.find((p) => p.p === 'topic');
    const topic = text(own && own.v !== undefined ? own.v : s['topic']).trim();
    return (own?.vt ?? 'str') === 'str' ? one(topic) : undefined;
  }
  if (s.type !== 'function') return undefined;
  const code = text(s['func']);
  const label = `function "${text(s.name) || s.id}"`;
  if (/\bmsg\.action\s*=/.test(code))
    warnings.push(
      `${label} sets msg.action (e.g. unsubscribe): ignored, the subscription lasts as long as the flow runs`,
    );
  if (/\bnode\.send\b/.test(code)) return undefined; // builds its own messages at run time
  if (!/\.topic\b/.test(code)) {
    // Passes its input's topic on: the NodeIds are those of its own sources.
    const sources = ctx.sources(s.id);
    const all = sources.map((src) => staticNodeIds(src, ctx, warnings, seen));
    return sources.length && all.every((ids) => ids !== undefined) ? all.flat() : undefined;
  }
  const ids = functionNodeIds(code);
  if (ids) warnings.push(`NodeIds ${ids.join(', ')} taken from the string literals of ${label}: check them`);
  return ids;
}

function functionNodeIds(code: string): string[] | undefined {
  const assigned = [...code.matchAll(/(?<![\w$.])msg\.topic\s*=(?!=)\s*([^;\n]+)/g)].map((m) => (m[1] ?? '').trim());
  if (!assigned.length) return undefined;
  const ids: string[] = [];
  for (const a of assigned) {
    const literal = /^(['"])([^'"]*)\1$/.exec(a)?.[2];
    if (literal === undefined) return undefined;
    if (literal === 'multiple') {
      const group = [...code.matchAll(/nodeId\s*:\s*(['"])([^'"]+)\1/g)].map((m) => m[2] ?? '');
      if (!group.length || !group.every(looksLikeNodeId)) return undefined;
      ids.push(...group);
    } else if (looksLikeNodeId(literal)) ids.push(literal);
    else return undefined;
  }
  return ids;
}

/** The Millwright id of the client's endpoint, or why there is none. */
function endpointOf(n: NodeRedNode, ctx: ConvertContext): string | { unsupported: string } {
  const id = text(n['endpoint']);
  const ep = id ? ctx.node(id) : undefined;
  if (!ep || ep.type !== 'OpcUa-Endpoint') return { unsupported: 'no OpcUa-Endpoint config node is selected' };
  const converted = opcuaEndpoint.convert(ep, ctx);
  if ('unsupported' in converted)
    return { unsupported: `its OpcUa-Endpoint cannot be converted: ${converted.unsupported}` };
  return ctx.idOf(id);
}

/** OpcUa-Browser -> opcua-browse of its topic (or msg.topic). */
export const opcuaBrowser: NodeConverter = {
  kind: 'node',
  convert(n, ctx) {
    const endpoint = endpointOf(n, ctx);
    if (typeof endpoint !== 'string') return endpoint;
    return {
      type: 'opcua-browse',
      config: { endpoint, nodeId: text(n['topic']).trim() },
      warnings: ['msg.payload is a list of { nodeId, browseName, displayName, nodeClass }, not node-opcua references'],
    };
  },
};

/**
 * OpcUa-Method -> opcua-method with its object and method. Its typed argument values (arg0..arg2)
 * are not converted: opcua-method names them as the method declares them, unknown here.
 */
export const opcuaMethodNode: NodeConverter = {
  kind: 'node',
  convert(n, ctx) {
    const endpoint = endpointOf(n, ctx);
    if (typeof endpoint !== 'string') return endpoint;
    const warnings: string[] = [];
    const id = (key: 'objectId' | 'methodId') => {
      const v = text(n[key]).trim();
      if (v && !looksLikeNodeId(v)) warnings.push(`${key} "${v}" is not a NodeId: taken from msg.${key}`);
      return looksLikeNodeId(v) ? v : '';
    };
    const config = { endpoint, objectId: id('objectId'), methodId: id('methodId'), arguments: [] };
    const args = [0, 1, 2]
      .map((i) => ({ type: text(n[`arg${i}type`]), value: text(n[`arg${i}value`]) }))
      .filter((a) => a.type && a.value !== '');
    if (args.length)
      warnings.push(
        `input arguments ${args.map((a) => `${a.type} ${a.value}`).join(', ')} are not converted: give them by name in the node's arguments, or as msg.payload [${args.map((a) => JSON.stringify(a.value)).join(', ')}]`,
      );
    warnings.push('msg.payload is the output arguments by name, the status in msg.opcua.statusCode');
    return { type: 'opcua-method', config, warnings };
  },
};

/** contrib-opcua nodes with no Millwright counterpart, each with its reason. */
const unsupported = (reason: string): NodeConverter => ({ kind: 'node', convert: () => ({ unsupported: reason }) });

export const OPCUA_CONTRIB_CONVERTERS: Readonly<Record<string, NodeConverter>> = {
  'OpcUa-Endpoint': opcuaEndpoint,
  'OpcUa-Item': opcuaItem,
  'OpcUa-Client': opcuaClient,
  'OpcUa-Browser': opcuaBrowser,
  'OpcUa-Event': unsupported(
    'OpcUa-Event builds an event filter message for an OpcUa-Client; an opcua-events node holds its filter (source, event type, fields) in its config',
  ),
  'OpcUa-Method': opcuaMethodNode,
  'OpcUa-Server': unsupported('Millwright has no OPC UA server node; it is an OPC UA client'),
  'OpcUa-ServerCmd': unsupported('Millwright has no OPC UA server node to command'),
  'OpcUa-Discovery': unsupported('Millwright has no OPC UA discovery server node'),
  'OpcUa-Rights': unsupported('OPC UA access rights for an own server (OpcUa-Rights) have no Millwright equivalent'),
  'OpcUa-File': unsupported('OPC UA file transfer (OpcUa-File) has no Millwright equivalent'),
};
