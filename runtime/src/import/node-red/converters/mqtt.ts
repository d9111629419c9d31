import type { NodeConverter } from '../types.js';
import { bool, num, text } from '../values.js';

/** Node-RED `mqtt-broker` config node: host/port (or a URL), TLS flag, protocol, client id, session, keep-alive. */
export const mqttBroker: NodeConverter = {
  kind: 'config',
  convert(n) {
    const warnings: string[] = [];
    const host = text(n['broker']).trim() || 'localhost';
    const tls = bool(n['usetls']);
    const url = /^(mqtts?|wss?):\/\//.test(host)
      ? host
      : `${tls ? 'mqtts' : 'mqtt'}://${host}:${text(n['port']).trim() || (tls ? '8883' : '1883')}`;
    if (tls && n['tls']) warnings.push('TLS settings (tls-config node) are not converted; set them in the broker node');
    if (text(n['birthTopic']) || text(n['willTopic']) || text(n['closeTopic']))
      warnings.push('birth, will and close messages are not supported');
    warnings.push(
      'if the broker needs a user name and password, enter them again (Node-RED exports leave credentials out)',
    );
    const clientId = text(n['clientid']).replace(/[^\x21-\x7e]/g, '');
    return {
      type: 'mqtt-broker',
      config: {
        url,
        protocol: text(n['protocolVersion']) === '5' ? '5' : '3.1.1',
        clientId,
        // A persistent session needs a fixed client id; without one, Node-RED silently used a clean session too.
        cleanSession: n['cleansession'] === undefined || bool(n['cleansession']) || !clientId,
        keepaliveSec: Math.round(num(n['keepalive'], 60)),
      },
      warnings,
    };
  },
};

const DATATYPES: Record<string, string> = {
  auto: 'text',
  'auto-detect': 'auto',
  utf8: 'text',
  json: 'json',
  buffer: 'binary',
};

/** Node-RED `mqtt in`: fixed subscription (dynamic subscriptions are not supported). */
export const mqttIn: NodeConverter = {
  kind: 'node',
  convert(n, ctx) {
    if (bool(n['inputs']) || num(n['inputs'], 0) > 0)
      return { unsupported: 'dynamic subscriptions (msg.action) are not supported' };
    const warnings: string[] = [];
    const datatype = text(n['datatype'] || 'auto');
    const payloadFormat = DATATYPES[datatype];
    if (!payloadFormat) warnings.push(`payload format "${datatype}" is not supported; payloads arrive as text`);
    return {
      type: 'mqtt-in',
      config: {
        broker: ctx.idOf(text(n['broker'])),
        topic: text(n['topic']),
        qos: Math.min(2, Math.max(0, Math.round(num(n['qos'], 2)))),
        payloadFormat: payloadFormat ?? 'text',
        noLocal: bool(n['nl']),
      },
      warnings,
    };
  },
};

/** Node-RED `mqtt out`: topic from the node or `msg.topic`, QoS, retain. */
export const mqttOut: NodeConverter = {
  kind: 'node',
  convert(n, ctx) {
    const warnings: string[] = [];
    const topic = text(n['topic']).trim();
    if (text(n['qos']) === '' || text(n['retain']) === '')
      warnings.push('QoS or retain "from msg" is fixed to the node setting (QoS 0, no retain when unset)');
    if (text(n['respTopic']) || text(n['correl']) || text(n['contentType']) || text(n['userProps']))
      warnings.push('MQTT 5 properties (response topic, correlation, content type, user properties) are not supported');
    return {
      type: 'mqtt-out',
      config: {
        broker: ctx.idOf(text(n['broker'])),
        topicSource: topic ? 'config' : 'message',
        topic,
        qos: Math.min(2, Math.max(0, Math.round(num(n['qos'], 0)))),
        retain: bool(n['retain']),
      },
      warnings,
    };
  },
};
