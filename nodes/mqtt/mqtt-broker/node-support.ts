import { UserError, type NodeStatus } from '@millwright/model';
import { connectionBadge as sharedBadge, type NodeContext } from '@millwright/sdk';
import type { MqttConnection, MqttStatus } from './mqtt-connection.js';

/** The connection of the referenced mqtt-broker config node; UserError if it is not running. */
export function brokerOf(ctx: NodeContext, configId: string): MqttConnection {
  const connection = ctx.configNode<MqttConnection>(configId);
  if (!connection)
    throw new UserError('mqtt_broker_missing', `MQTT broker "${configId}" is not deployed or failed to start`);
  return connection;
}

export function brokerBadge(s: MqttStatus): NodeStatus | null {
  return sharedBadge(s, 'refused');
}

/** Mirrors the broker connection on the node's status badge; returns the unsubscribe function. */
export function mirrorBrokerStatus(ctx: NodeContext, connection: MqttConnection): () => void {
  return connection.onStatus((s) => {
    if (s.state !== 'closed') ctx.status(brokerBadge(s));
  });
}

/**
 * Status badge of a subscribing node: the connection state, and "subscribed: <filter>" once the
 * broker acknowledged the subscription (messages published from then on arrive).
 */
export function subscriptionStatus(
  ctx: NodeContext,
  connection: MqttConnection,
  filter: string,
): { subscribed(): void; stop(): void } {
  let acked = false;
  let state: MqttStatus = connection.getStatus();
  const show = () => {
    if (state.state === 'closed') return;
    ctx.status(
      state.state === 'connected' && acked
        ? { fill: 'green', shape: 'dot', text: `subscribed: ${filter}` }
        : brokerBadge(state),
    );
  };
  const stop = connection.onStatus((s) => {
    state = s;
    show();
  });
  return {
    subscribed() {
      acked = true;
      show();
    },
    stop,
  };
}
