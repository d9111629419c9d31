import type { FlowMessage } from '@millwright/model';
import type { NodeContext, NodeHandlers } from '@millwright/sdk';
import type { IClientOptions, MqttClient } from 'mqtt';
import { brokerOf } from '../mqtt-broker/node-support.js';
import { EdgeNode, REBIRTH_METRIC, type Outgoing } from '../sparkplug/edge-node.js';
import { metricInputs, metricsObject } from '../sparkplug/metric-values.js';
import { decodePayload } from '../sparkplug/sparkplug-payload.js';
import { parseSparkplugTopic, sparkplugTopic } from '../sparkplug/sparkplug-topic.js';
import type { SparkplugOutConfig } from './config.js';

/**
 * A Sparkplug B edge node with its own MQTT session (its will is the NDEATH, so it cannot share
 * the broker config's client). Births on every connect and on rebirth commands, NDATA/DDATA for
 * input messages, NDEATH on close. Values that arrive while offline go into the next birth.
 */
export async function createSparkplugOut(ctx: NodeContext<SparkplugOutConfig>): Promise<NodeHandlers> {
  const cfg = ctx.config;
  const broker = brokerOf(ctx, cfg.broker);
  const edge = new EdgeNode({
    groupId: cfg.groupId,
    edgeNodeId: cfg.edgeNodeId,
    ...(cfg.deviceId ? { deviceId: cfg.deviceId } : {}),
  });
  const { connect } = await import('mqtt');
  const base = broker.connectOptions();
  const asWill = (o: Outgoing) => ({ topic: o.topic, payload: Buffer.from(o.payload), qos: 1 as const, retain: false });
  const options: IClientOptions = {
    ...base,
    clientId: `${base.clientId ?? 'millwright'}-spb-${cfg.edgeNodeId}`.slice(0, 128),
    // Sparkplug sessions are clean: the birth restates everything after each connect.
    clean: true,
    properties: undefined,
    queueQoSZero: false,
    will: asWill(edge.beginSession()),
  };
  const client: MqttClient = connect(broker.url, options);
  let online = false;

  const send = (messages: Outgoing[]) => {
    for (const m of messages)
      client.publish(m.topic, Buffer.from(m.payload), { qos: 0, retain: false }, (err) => {
        if (err) ctx.error(err);
      });
  };
  const commandTopics = [
    sparkplugTopic({ groupId: cfg.groupId, messageType: 'NCMD', edgeNodeId: cfg.edgeNodeId }),
    ...(cfg.deviceId
      ? [
          sparkplugTopic({
            groupId: cfg.groupId,
            messageType: 'DCMD',
            edgeNodeId: cfg.edgeNodeId,
            deviceId: cfg.deviceId,
          }),
        ]
      : []),
  ];

  ctx.status({ fill: 'yellow', shape: 'ring', text: 'connecting' });
  client.on('connect', () => {
    online = true;
    client.subscribe(commandTopics, { qos: 0 });
    send(edge.births());
    ctx.status({ fill: 'green', shape: 'dot', text: `online, bdSeq ${edge.currentBdSeq}` });
  });
  client.on('close', () => {
    if (online) ctx.status({ fill: 'red', shape: 'ring', text: 'offline, reconnecting' });
    online = false;
    // The next CONNECT registers the death certificate of the next session.
    client.options.will = asWill(edge.beginSession());
  });
  client.on('error', (err) => ctx.log.warn(`Sparkplug edge node ${cfg.edgeNodeId}: ${err.message}`));
  client.on('message', (topic, payload) => {
    const t = parseSparkplugTopic(topic);
    if (!t) return;
    try {
      const metrics = decodePayload(payload).metrics;
      if (metrics.some((m) => m.name === REBIRTH_METRIC && m.value === true)) {
        if (online) send(edge.births());
        return;
      }
      ctx.send(ctx.newMessage({ topic, payload: metricsObject(metrics), sparkplug: { ...t, metrics } }));
    } catch (err) {
      ctx.error(err);
    }
  });

  return {
    input(msg: FlowMessage) {
      const needsBirth = edge.update(metricInputs(msg.payload));
      if (!online) return;
      if (needsBirth) send(edge.births());
      else {
        const data = edge.data();
        if (data) send([data]);
      }
    },
    async close() {
      if (online) {
        const death = edge.death();
        await client.publishAsync(death.topic, Buffer.from(death.payload), { qos: 0 }).catch(() => undefined);
      }
      await client.endAsync(true).catch(() => undefined);
    },
  };
}
