import { UserError, type FlowMessage } from '@millwright/model';
import type { NodeContext, NodeHandlers } from '@millwright/sdk';
import type { IClientPublishOptions } from 'mqtt';
import { brokerOf, mirrorBrokerStatus } from '../mqtt-broker/node-support.js';
import type { MqttOutConfig } from './config.js';
import { isa95Topic, ISA95_LEVELS, type Isa95Path } from './isa95-topic.js';

/** Publishes each incoming message; resolves once the broker acknowledged it (QoS 1 and 2). */
export function createMqttOut(ctx: NodeContext<MqttOutConfig>): NodeHandlers {
  const cfg = ctx.config;
  const broker = brokerOf(ctx, cfg.broker);
  const stopStatus = mirrorBrokerStatus(ctx, broker);
  return {
    async input(msg: FlowMessage) {
      await broker.publish(topicFor(cfg, msg), serialize(msg.payload), {
        qos: cfg.qos,
        retain: cfg.retain,
        properties: v5Properties(msg),
      });
    },
    close() {
      stopStatus();
    },
  };
}

/** The topic of `msg` under the node's topic source. */
export function topicFor(cfg: MqttOutConfig, msg: FlowMessage): string {
  const msgTopic = typeof msg.topic === 'string' ? msg.topic : '';
  if (cfg.topicSource === 'config') return cfg.topic;
  if (cfg.topicSource === 'message') {
    if (!msgTopic)
      throw new UserError('mqtt_bad_topic', 'msg.topic is empty; the node takes its topic from the message');
    return msgTopic;
  }
  const path: Isa95Path = { ...cfg.isa95 };
  const override = msg['isa95'];
  if (override && typeof override === 'object')
    for (const level of ISA95_LEVELS) {
      const v: unknown = Reflect.get(override, level);
      if (typeof v === 'string') path[level] = v;
    }
  return isa95Topic(path, cfg.topic || msgTopic);
}

/** Bytes as they are, strings as UTF-8, nothing as an empty payload, anything else as JSON. */
export function serialize(payload: unknown): Buffer | string {
  if (payload === undefined || payload === null) return '';
  if (typeof payload === 'string') return payload;
  if (payload instanceof Uint8Array) return Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength);
  return JSON.stringify(payload);
}

/** MQTT 5 publish properties from `msg.mqtt` (as mqtt-in produces them); ignored on 3.1.1. */
function v5Properties(msg: FlowMessage): IClientPublishOptions['properties'] {
  const m = msg['mqtt'];
  if (!m || typeof m !== 'object') return undefined;
  const get = (k: string): unknown => Reflect.get(m, k);
  const props: NonNullable<IClientPublishOptions['properties']> = {};
  const contentType = get('contentType');
  const responseTopic = get('responseTopic');
  const correlationData = get('correlationData');
  const userProperties = get('userProperties');
  const expiry = get('messageExpiryInterval');
  if (typeof contentType === 'string') props.contentType = contentType;
  if (typeof responseTopic === 'string') props.responseTopic = responseTopic;
  if (correlationData instanceof Uint8Array) props.correlationData = Buffer.from(correlationData);
  if (userProperties && typeof userProperties === 'object') {
    const entries = Object.entries(userProperties).filter(
      (e): e is [string, string | string[]] =>
        typeof e[1] === 'string' || (Array.isArray(e[1]) && e[1].every((x) => typeof x === 'string')),
    );
    if (entries.length) props.userProperties = Object.fromEntries(entries);
  }
  if (typeof expiry === 'number') props.messageExpiryInterval = expiry;
  return Object.keys(props).length ? props : undefined;
}
