import { attachReceipt, type NodeContext, type NodeHandlers } from '@millwright/sdk';
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
      onMessage(topic, payload, packet, receipt) {
        const base = { topic, qos: packet.qos, retain: packet.retain, mqtt: info(packet) };
        // With a receipt the broker is acknowledged once the flow has taken the message (QoS 1/2).
        const tracked = (msg: ReturnType<typeof ctx.newMessage>) => (receipt ? attachReceipt(msg, receipt) : msg);
        try {
          ctx.send(tracked(ctx.newMessage({ ...base, payload: parsePayload(payload, cfg.payloadFormat) })));
        } catch (err) {
          ctx.error(err, tracked(ctx.newMessage({ ...base, payload: payload.toString('utf8') })));
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
