import { UserError, type FlowMessage } from '@millwright/model';
import { abortable, createStoreAndForward, retryPolicyOf, warnAboutStrandedQueue } from '@millwright/outbox';
import type { NodeContext, NodeHandlers } from '@millwright/sdk';
import type { IClientPublishOptions } from 'mqtt';
import type { MqttConnection } from '../mqtt-broker/mqtt-connection.js';
import { brokerBadge, brokerOf, mirrorBrokerStatus } from '../mqtt-broker/node-support.js';
import { topicProblem } from '../mqtt-broker/topic-match.js';
import type { MqttOutConfig } from './config.js';
import { isa95Topic, ISA95_LEVELS, type Isa95Path } from './isa95-topic.js';
import { fromStored, toStored, type StoredPublish } from './stored-publish.js';

/**
 * Publishes each incoming message; resolves once the broker acknowledged it (QoS 1 and 2). With
 * store-and-forward (default for QoS 1 and 2) messages go through the node's disk queue instead.
 */
export function createMqttOut(ctx: NodeContext<MqttOutConfig>): NodeHandlers {
  const cfg = ctx.config;
  const broker = brokerOf(ctx, cfg.broker);
  const enabled = cfg.storeAndForward === 'on' || (cfg.storeAndForward === 'auto' && cfg.qos > 0);
  if (enabled) return storeAndForwardPublisher(ctx, broker);
  warnAboutStrandedQueue(ctx);
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

/**
 * mqtt-out with a disk queue: the input is acknowledged once the publish is journaled (fsync);
 * the queue publishes oldest first and an entry leaves the journal only after the broker's
 * acknowledgement (PUBACK, PUBCOMP; for QoS 0, once written), so a SIGKILL re-sends at most the
 * publish in flight. While the broker is unreachable attempts fail at once (instead of waiting in
 * mqtt.js's memory) and back off; the reconnect cuts the backoff short.
 */
function storeAndForwardPublisher(ctx: NodeContext<MqttOutConfig>, broker: MqttConnection): NodeHandlers {
  const cfg = ctx.config;
  const show = () => {
    const s = broker.getStatus();
    if (s.state === 'closed') return;
    if (!sf.depth && !sf.deadCount && sf.durable) {
      ctx.status(brokerBadge(s));
      return;
    }
    const connected = s.state === 'connected';
    const text = sf.describe() + (connected ? '' : ` · broker ${s.state}`);
    ctx.status({
      fill: !connected || sf.lastError ? 'red' : sf.depth ? 'blue' : sf.deadCount ? 'yellow' : 'green',
      shape: connected ? 'dot' : 'ring',
      text,
    });
  };
  const sf = createStoreAndForward<StoredPublish, true>(ctx, {
    policy: retryPolicyOf(cfg),
    maxQueued: cfg.maxQueued,
    async deliver(entry, signal) {
      if (broker.getStatus().state !== 'connected')
        return { ok: false, permanent: false, error: `broker ${broker.getStatus().state}` };
      const p = fromStored(entry.request);
      try {
        // A publish caught by a lost connection waits in mqtt.js until the reconnect; closing must not.
        await abortable(
          broker.publish(p.topic, p.payload, { qos: p.qos, retain: p.retain, properties: p.properties }),
          signal,
        );
        return { ok: true, value: true };
      } catch (err) {
        const error = err instanceof Error ? err.message : String(err);
        return { ok: false, permanent: err instanceof UserError, error };
      }
    },
    onDead(dead) {
      ctx.error(
        new UserError('mqtt_dead_letter', `publish to "${dead.request.topic}" is a dead letter: ${dead.error}`),
        ctx.newMessage({ topic: dead.request.topic, payload: dead.request.payload, outbox: { id: dead.id } }),
      );
    },
    onChange: show,
  });
  const stopStatus = broker.onStatus((s) => {
    if (s.state === 'connected') sf.retryNow();
    show();
  });
  return {
    async inputBatch(msgs) {
      await sf.accept(msgs, (msg) => ({
        request: toStored(checkedTopic(topicFor(cfg, msg)), serialize(msg.payload), {
          qos: cfg.qos,
          retain: cfg.retain,
          properties: v5Properties(msg),
        }),
        idempotencyKey: msg.id,
      }));
    },
    async close() {
      stopStatus();
      await sf.close();
    },
  };
}

/** A bad topic is the message's fault: refused at once, never queued. */
function checkedTopic(topic: string): string {
  const problem = topicProblem(topic);
  if (problem) throw new UserError('mqtt_bad_topic', `cannot publish to "${topic}": ${problem}`);
  return topic;
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
