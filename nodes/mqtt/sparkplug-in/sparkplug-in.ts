import type { NodeContext, NodeHandlers } from '@millwright/sdk';
import { brokerOf, subscriptionStatus } from '../mqtt-broker/node-support.js';
import { REBIRTH_METRIC } from '../sparkplug/edge-node.js';
import { HostTracker } from '../sparkplug/host-tracker.js';
import { metricsObject } from '../sparkplug/metric-values.js';
import { decodePayload, encodePayload } from '../sparkplug/sparkplug-payload.js';
import { parseSparkplugTopic, sparkplugTopic, SPARKPLUG_NAMESPACE } from '../sparkplug/sparkplug-topic.js';
import type { SparkplugInConfig } from './config.js';

/** At most one rebirth request per edge node in this window. */
const REBIRTH_THROTTLE_MS = 2_000;

/**
 * A Sparkplug B host: decodes births, data and deaths of the edge nodes it listens to, resolves
 * aliases, checks sequence numbers and bdSeq, and asks for a rebirth when it lost track.
 */
export function createSparkplugIn(ctx: NodeContext<SparkplugInConfig>): NodeHandlers {
  const cfg = ctx.config;
  const broker = brokerOf(ctx, cfg.broker);
  const filter = `${SPARKPLUG_NAMESPACE}/${cfg.groupId}/+/${cfg.edgeNodeId}/#`;
  const badge = subscriptionStatus(ctx, broker, filter);
  const tracker = new HostTracker();
  const asked = new Map<string, number>();

  /** Edge nodes seen so far, to ask again after this host lost its connection. */
  const known = new Map<string, { groupId: string; edgeNodeId: string }>();
  const requestRebirth = (groupId: string, edgeNodeId: string) => {
    const key = `${groupId}/${edgeNodeId}`;
    const now = Date.now();
    if (now - (asked.get(key) ?? 0) < REBIRTH_THROTTLE_MS) return;
    asked.set(key, now);
    const payload = encodePayload({
      timestamp: now,
      metrics: [{ name: REBIRTH_METRIC, datatype: 'Boolean', value: true }],
    });
    broker
      .publish(sparkplugTopic({ groupId, messageType: 'NCMD', edgeNodeId }), Buffer.from(payload), {
        qos: 0,
        retain: false,
      })
      .catch((err: unknown) => ctx.error(err));
  };

  const subscription = broker.subscribe(
    filter,
    { qos: 0 },
    {
      onMessage(topic, bytes) {
        const t = parseSparkplugTopic(topic);
        if (!t || t.messageType === 'NCMD' || t.messageType === 'DCMD') return;
        let payload;
        try {
          payload = decodePayload(bytes);
        } catch (err) {
          ctx.error(err, ctx.newMessage({ topic, payload: new Uint8Array(bytes) }));
          return;
        }
        known.set(`${t.groupId}/${t.edgeNodeId}`, { groupId: t.groupId, edgeNodeId: t.edgeNodeId });
        const event = tracker.handle(t, payload);
        const { metrics, ...flags } = event;
        ctx.send(
          ctx.newMessage({
            topic,
            payload: metricsObject(metrics),
            sparkplug: {
              ...t,
              ...(payload.seq !== undefined ? { seq: payload.seq } : {}),
              ...(payload.timestamp !== undefined ? { timestamp: payload.timestamp } : {}),
              ...flags,
              metrics: metrics.map((m) => (typeof m.value === 'bigint' ? { ...m, value: m.value.toString() } : m)),
            },
          }),
        );
        if (event.rebirthWanted && cfg.requestRebirth) requestRebirth(t.groupId, t.edgeNodeId);
      },
      onError(err) {
        ctx.error(err);
      },
      onSubscribed: badge.subscribed,
    },
  );
  // Births published while this host was disconnected are lost (QoS 0, and a clean session has no
  // subscription meanwhile). After a reconnection, ask every known edge node to rebirth: mqtt.js has
  // re-sent SUBSCRIBE on the new connection before this runs, so the births will reach us.
  let wasConnected = false;
  const stopWatch = broker.onStatus((s) => {
    if (s.state !== 'connected') return;
    if (wasConnected && cfg.requestRebirth) for (const e of known.values()) requestRebirth(e.groupId, e.edgeNodeId);
    wasConnected = true;
  });
  return {
    async close() {
      stopWatch();
      badge.stop();
      await subscription.close();
    },
  };
}
