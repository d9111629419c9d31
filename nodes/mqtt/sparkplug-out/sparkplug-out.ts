import type { FlowMessage } from '@millwright/model';
import {
  abortable,
  createStoreAndForward,
  retryPolicyOf,
  warnAboutStrandedQueue,
  type StoreAndForward,
} from '@millwright/outbox';
import type { NodeContext, NodeHandlers } from '@millwright/sdk';
import type { IClientOptions, MqttClient } from 'mqtt';
import { brokerOf } from '../mqtt-broker/node-support.js';
import { EdgeNode, REBIRTH_METRIC, type Outgoing } from '../sparkplug/edge-node.js';
import { flowMetric, metricInputs, metricsObject } from '../sparkplug/metric-values.js';
import { parseHostState, PrimaryHostWatch } from '../sparkplug/host-state.js';
import { decodePayload } from '../sparkplug/sparkplug-payload.js';
import { parseSparkplugTopic, sparkplugTopic, stateTopic } from '../sparkplug/sparkplug-topic.js';
import type { SparkplugOutConfig } from './config.js';
import { fromStoredMetrics, toStoredMetrics, type StoredMetrics } from './stored-metrics.js';

/**
 * A Sparkplug B edge node with its own MQTT session (its will is the NDEATH, so it cannot share
 * the broker config's client). Births on every connect and on rebirth commands, NDATA/DDATA for
 * input messages, NDEATH on close. Values that arrive while offline go into the next birth and,
 * with store-and-forward, into the node's disk queue, sent after the birth as historical data.
 *
 * With a primary host (Sparkplug 3.0), "offline" also covers the host: the birth waits for its
 * online STATE, and its offline STATE ends the session (NDEATH, disconnect, connect again and wait).
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
  const hostState = cfg.primaryHostId ? stateTopic(cfg.primaryHostId) : undefined;
  const primaryHost = hostState ? new PrimaryHostWatch() : undefined;
  /** The MQTT connection is up. */
  let connected = false;
  /** Born in this session: data may go out live. */
  let online = false;
  let closing = false;
  // Queued history is held back until the metrics in it are declared (see below).
  let declared = cfg.storeAndForward === 'off';
  const sf: StoreAndForward<StoredMetrics> | undefined =
    cfg.storeAndForward === 'off'
      ? undefined
      : historyQueue(
          ctx,
          edge,
          () => (online && declared ? client : undefined),
          () => online && showOnline(),
        );
  if (!sf) warnAboutStrandedQueue(ctx);
  // Metrics still queued from before a restart (or from the runtime this flow was taken over from)
  // must be born before their history is sent: nothing is sent until they are declared.
  void sf?.ready().then(() => {
    let rebirth = false;
    for (const e of sf.pending())
      try {
        if (edge.update(fromStoredMetrics(e.request))) rebirth = true;
      } catch (err) {
        ctx.log.warn(`a queued Sparkplug value cannot be declared: ${(err as Error).message}`);
      }
    declared = true;
    if (rebirth && online) send(edge.births());
    sf.retryNow();
  });
  const client: MqttClient = connect(broker.url, options);
  // Every CONNECT registers the death certificate of a new session (the next bdSeq).
  client.on('reconnect', () => {
    client.options.will = asWill(edge.beginSession());
  });
  const showOnline = () =>
    ctx.status({
      fill: 'green',
      shape: 'dot',
      text: `online, bdSeq ${edge.currentBdSeq}${sf?.depth ? ` · ${sf.describe()}` : ''}`,
    });

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

  const goOnline = () => {
    online = true;
    send(edge.births());
    showOnline();
    sf?.retryNow(); // the history goes out after the birth
  };
  const waitForHost = () =>
    ctx.status({ fill: 'yellow', shape: 'ring', text: `waiting for primary host ${cfg.primaryHostId}` });
  /** The primary host went offline: end this session as Sparkplug 3.0 asks, then start over. */
  const leave = () => {
    online = false;
    ctx.status({ fill: 'red', shape: 'ring', text: `primary host ${cfg.primaryHostId} offline` });
    disconnect(() => {
      if (!closing) client.reconnect();
    });
  };
  /**
   * An intentional disconnect with the session's NDEATH: on MQTT 3.1.1 published before the
   * DISCONNECT, on MQTT 5 by the broker, as the will the DISCONNECT asks for (reason code 0x04),
   * as Sparkplug 3.0 says (tck-id-payloads-ndeath-will-message-publisher-disconnect-mqtt311, -mqtt50).
   */
  const disconnect = (done: () => void) => {
    if (!broker.isV5) {
      const death = edge.death();
      client.publish(death.topic, Buffer.from(death.payload), { qos: 0, retain: false });
    }
    client.end(false, broker.isV5 ? { reasonCode: 0x04 } : {}, done);
  };

  ctx.status({ fill: 'yellow', shape: 'ring', text: 'connecting' });
  client.on('connect', () => {
    connected = true;
    client.subscribe(hostState ? [...commandTopics, hostState] : commandTopics, { qos: 1 });
    // With a primary host, the birth waits for its STATE (retained, so it arrives on subscribing).
    if (hostState) waitForHost();
    else goOnline();
  });
  client.on('close', () => {
    if (online) ctx.status({ fill: 'red', shape: 'ring', text: 'offline, reconnecting' });
    connected = false;
    online = false;
  });
  client.on('error', (err) => ctx.log.warn(`Sparkplug edge node ${cfg.edgeNodeId}: ${err.message}`));
  client.on('message', (topic, payload) => {
    if (topic === hostState && primaryHost) {
      const state = parseHostState(payload);
      if (!state) {
        ctx.log.warn(`ignoring a STATE message on ${topic} that is not {"online":bool,"timestamp":ms}`);
        return;
      }
      const seen = primaryHost.observe(state);
      if (seen === 'online' && connected && !online) goOnline();
      else if (seen === 'offline' && online) leave();
      return;
    }
    const t = parseSparkplugTopic(topic);
    if (!t) return;
    try {
      const metrics = decodePayload(payload).metrics;
      if (metrics.some((m) => m.name === REBIRTH_METRIC && m.value === true)) {
        if (online) send(edge.births());
        return;
      }
      ctx.send(
        ctx.newMessage({
          topic,
          payload: metricsObject(metrics),
          sparkplug: { ...t, metrics: metrics.map(flowMetric) },
        }),
      );
    } catch (err) {
      ctx.error(err);
    }
  });

  return {
    inputBatch(msgs: FlowMessage[]) {
      const offline: FlowMessage[] = [];
      for (const msg of msgs) {
        try {
          const inputs = metricInputs(msg.payload);
          const needsBirth = edge.update(inputs);
          if (!online) {
            offline.push({ ...msg, payload: toStoredMetrics(edge.current(inputs.map((i) => i.name)), Date.now()) });
            continue;
          }
          if (needsBirth) send(edge.births());
          else {
            const data = edge.data();
            if (data) send([data]);
          }
        } catch (err) {
          ctx.error(err, msg);
        }
      }
      if (sf && offline.length) {
        const accepted = sf.accept(offline, (m) => ({ request: m.payload as StoredMetrics }));
        const why = hostState && connected ? `waiting for primary host ${cfg.primaryHostId}` : 'offline, reconnecting';
        ctx.status({ fill: 'red', shape: 'ring', text: `${why} · ${sf.describe()}` });
        return accepted.then(() => undefined);
      }
    },
    async close() {
      closing = true;
      // A clean DISCONNECT with the NDEATH, so the broker does not publish the will a second time.
      if (online) await new Promise<void>((resolve) => disconnect(resolve));
      // Not born (waiting for the primary host): a plain DISCONNECT, no death of a session never born.
      else await client.endAsync(!connected).catch(() => undefined);
      await sf?.close();
    },
  };
}

/**
 * The disk queue of values taken while offline. An entry is sent as NDATA/DDATA with
 * `is_historical` metrics once the session is up again (after its birth), in order, with the
 * session's next seq. Sparkplug data goes out at QoS 0, so "delivered" means written to the broker
 * connection: a connection lost in that moment can still lose it, as for any Sparkplug data.
 */
function historyQueue(
  ctx: NodeContext<SparkplugOutConfig>,
  edge: EdgeNode,
  session: () => MqttClient | undefined,
  onChange: () => void,
): StoreAndForward<StoredMetrics> {
  return createStoreAndForward<StoredMetrics, true>(ctx, {
    policy: retryPolicyOf(ctx.config),
    maxQueued: ctx.config.maxQueued,
    onChange,
    async deliver(entry, signal) {
      const client = session();
      if (!client) return { ok: false, permanent: false, error: 'offline' };
      const out = edge.historical(fromStoredMetrics(entry.request), entry.request.takenAt);
      try {
        await abortable(client.publishAsync(out.topic, Buffer.from(out.payload), { qos: 0, retain: false }), signal);
        return { ok: true, value: true };
      } catch (err) {
        return { ok: false, permanent: false, error: err instanceof Error ? err.message : String(err) };
      }
    },
  });
}
