import type { NodeContext, NodeHandlers } from '@millwright/sdk';
import { brokerOf, subscriptionStatus } from '../mqtt-broker/node-support.js';
import { HostTracker } from '../sparkplug/host-tracker.js';
import { flowMetric, metricsObject } from '../sparkplug/metric-values.js';
import { RebirthRequests } from '../sparkplug/rebirth-requests.js';
import { receiveSparkplug } from '../sparkplug/receive-message.js';
import { SPARKPLUG_NAMESPACE } from '../sparkplug/sparkplug-topic.js';
import type { SparkplugInConfig } from './config.js';

/**
 * A Sparkplug B listener on the broker config's shared connection: decodes births, data and deaths
 * of the edge nodes it listens to through the host tracker (aliases, seq, bdSeq) and asks for a
 * rebirth when it lost track. It publishes no STATE: that is the sparkplug-host node's part.
 */
export function createSparkplugIn(ctx: NodeContext<SparkplugInConfig>): NodeHandlers {
  const cfg = ctx.config;
  const broker = brokerOf(ctx, cfg.broker);
  const filter = `${SPARKPLUG_NAMESPACE}/${cfg.groupId}/+/${cfg.edgeNodeId}/#`;
  const badge = subscriptionStatus(ctx, broker, filter);
  const tracker = new HostTracker();
  const rebirths = new RebirthRequests((o) => {
    broker.publish(o.topic, Buffer.from(o.payload), { qos: 0, retain: false }).catch((err: unknown) => ctx.error(err));
  });

  const subscription = broker.subscribe(
    filter,
    { qos: 0 },
    {
      onMessage(topic, bytes) {
        const received = receiveSparkplug(ctx, rebirths, topic, bytes);
        if (!received) return;
        const { t, payload } = received;
        const event = tracker.handle(t, payload);
        const { metrics, changes, ...flags } = event;
        ctx.send(
          ctx.newMessage({
            topic,
            payload: metricsObject(metrics),
            sparkplug: {
              ...t,
              ...(payload.seq !== undefined ? { seq: payload.seq } : {}),
              ...(payload.timestamp !== undefined ? { timestamp: payload.timestamp } : {}),
              ...flags,
              ...(changes.length ? { changes } : {}),
              metrics: metrics.map(flowMetric),
            },
          }),
        );
        if (event.rebirthWanted && cfg.requestRebirth) rebirths.request(t.groupId, t.edgeNodeId);
      },
      onError(err) {
        ctx.error(err);
      },
      onSubscribed: badge.subscribed,
    },
  );
  // Births published while this listener was disconnected are lost (QoS 0, and a clean session has
  // no subscription meanwhile). After a reconnection, ask every known edge node to rebirth: mqtt.js
  // has re-sent SUBSCRIBE on the new connection before this runs, so the births will reach us.
  let wasConnected = false;
  const stopWatch = broker.onStatus((s) => {
    if (s.state !== 'connected') return;
    if (wasConnected && cfg.requestRebirth) rebirths.requestAll();
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
