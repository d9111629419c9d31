import type { NodeContext, NodeHandlers } from '@millwright/sdk';
import type { IPublishPacket } from 'mqtt';
import { brokerOf, subscriptionStatus } from '../mqtt-broker/node-support.js';
import type { MqttInConfig } from './config.js';
import { parsePayload } from './payload.js';

/** MQTT 5 details of a received message, in `msg.mqtt`. */
export interface MqttMessageInfo {
  dup: boolean;
  contentType?: string;
  responseTopic?: string;
  correlationData?: Uint8Array;
  userProperties?: Record<string, string | string[]>;
  messageExpiryInterval?: number;
}

/** Subscribes to a topic filter and sends one message per received MQTT message. */
export function createMqttIn(ctx: NodeContext<MqttInConfig>): NodeHandlers {
  const cfg = ctx.config;
  const broker = brokerOf(ctx, cfg.broker);
  const badge = subscriptionStatus(ctx, broker, cfg.topic);
  const subscription = broker.subscribe(
    cfg.topic,
    { qos: cfg.qos, noLocal: cfg.noLocal },
    {
      onMessage(topic, payload, packet) {
        const base = { topic, qos: packet.qos, retain: packet.retain, mqtt: info(packet) };
        try {
          ctx.send(ctx.newMessage({ ...base, payload: parsePayload(payload, cfg.payloadFormat) }));
        } catch (err) {
          ctx.error(err, ctx.newMessage({ ...base, payload: payload.toString('utf8') }));
        }
      },
      onError(err) {
        ctx.error(err);
      },
      onSubscribed: badge.subscribed,
    },
  );
  return {
    async close() {
      badge.stop();
      await subscription.close();
    },
  };
}

function info(packet: IPublishPacket): MqttMessageInfo {
  const out: MqttMessageInfo = { dup: packet.dup };
  const p = packet.properties;
  if (!p) return out;
  if (p.contentType !== undefined) out.contentType = p.contentType;
  if (p.responseTopic !== undefined) out.responseTopic = p.responseTopic;
  if (p.correlationData !== undefined) out.correlationData = new Uint8Array(p.correlationData);
  if (p.userProperties !== undefined) out.userProperties = { ...p.userProperties };
  if (p.messageExpiryInterval !== undefined) out.messageExpiryInterval = p.messageExpiryInterval;
  return out;
}
