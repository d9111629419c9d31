import { OperationalError, UserError } from '@millwright/model';
import type { FlowMessage } from '@millwright/model';
import type { NodeContext, NodeHandlers } from '@millwright/sdk';
import type { ClientSession, ClientSubscription, Variant } from 'node-opcua';
import { endpointOf, mirrorConnectionStatus } from '../opcua-endpoint/node-support.js';
import { errorText } from '../opcua-endpoint/opcua-connection.js';
import { fromVariant } from '../opcua-endpoint/variant.js';
import { withTimeout } from '../opcua-endpoint/with-timeout.js';
import { applyConditionAction, conditionRequestOf } from './condition-action.js';
import type { OpcuaEventsConfig } from './config.js';
import { buildEventFilter } from './event-filter.js';

// Event types of ConditionRefresh (Part 9, 5.11): RefreshStartEventType, RefreshEndEventType, RefreshRequiredEventType.
const REFRESH_START = 'ns=0;i=2787';
const REFRESH_END = 'ns=0;i=2788';
const REFRESH_REQUIRED = 'ns=0;i=2789';

/**
 * Monitors the events of the source node through the configured filter and sends one message per
 * event; input messages acknowledge or confirm conditions. The endpoint re-creates the event item
 * on every new session (and this node asks for a ConditionRefresh again when configured).
 */
export async function createOpcuaEvents(ctx: NodeContext<OpcuaEventsConfig>): Promise<NodeHandlers> {
  const cfg = ctx.config;
  const connection = endpointOf(ctx, cfg.endpoint);
  // The filter is built once, before any session: a namespace URI cannot be resolved yet.
  if (cfg.eventType.startsWith('nsu='))
    throw new UserError(
      'opcua_event_type_invalid',
      `eventType ${cfg.eventType}: give the event type with its namespace index (ns=<index>;...), not its URI`,
    );
  const eventFilter = await buildEventFilter(cfg);
  const stopStatus = mirrorConnectionStatus(ctx, connection);

  const refresh = async (session: ClientSession, subscriptionId: number) => {
    const opcua = await import('node-opcua');
    try {
      const status = await withTimeout(
        opcua.callConditionRefresh(session, subscriptionId),
        connection.requestTimeoutMs,
        `ConditionRefresh on ${connection.endpointUrl}`,
      );
      if (status.isBad())
        ctx.error(new OperationalError('opcua_condition_refresh_failed', `ConditionRefresh failed: ${status.name}`));
    } catch (err) {
      ctx.error(
        new OperationalError('opcua_condition_refresh_failed', `ConditionRefresh failed: ${errorText(err)}`, err),
      );
    }
  };

  // Between RefreshStart and RefreshEnd the server replays the retained conditions: they are sent
  // with msg.opcua.refresh true; the two markers themselves are not sent (they pass any filter).
  let refreshing = false;
  let closed = false;
  let current: { session: ClientSession; subscription: ClientSubscription } | undefined;
  const refreshCurrent = () => {
    if (current && !closed) void refresh(current.session, current.subscription.subscriptionId);
  };
  const onEvent = (fields: Variant[]) => {
    const type = fromVariant(fields[cfg.fields.length]);
    if (type === REFRESH_START || type === REFRESH_END) {
      refreshing = type === REFRESH_START;
      return;
    }
    // The server lost events (queue overflow, restart) and asks for a refresh.
    if (type === REFRESH_REQUIRED && cfg.conditionRefresh) refreshCurrent();
    const payload: Record<string, unknown> = {};
    cfg.fields.forEach((name, i) => (payload[name] = fromVariant(fields[i])));
    const source = payload['SourceName'];
    ctx.send([
      ctx.newMessage({
        topic: typeof source === 'string' && source ? source : cfg.sourceNodeId,
        payload,
        opcua: { sourceNodeId: cfg.sourceNodeId, refresh: refreshing },
      }),
      null,
    ]);
  };

  // After a reconnection to a restarted server, node-opcua re-creates the subscription and its items
  // on a new session (a new subscription id) and reports the connection re-established after that:
  // the events of the outage are gone, so the retained conditions are asked for again then.
  let recreated = false;
  const watched = new Set<ClientSubscription>();
  const onIdChanged = () => {
    recreated = true;
  };
  const watchRecreation = (subscription: ClientSubscription) => {
    if (watched.has(subscription)) return;
    watched.add(subscription);
    subscription.on('subscriptionId_changed', onIdChanged);
  };
  const stopRecreationWatch = connection.onStatus((s) => {
    if (s.state !== 'connected' || !recreated) return;
    recreated = false;
    refreshCurrent();
  });

  const handle = connection.monitor(
    {
      nodeId: cfg.sourceNodeId,
      samplingInterval: 0,
      publishingInterval: cfg.publishingIntervalMs,
      queueSize: cfg.queueSize,
      discardOldest: true,
      deadband: { type: 'none', value: 0 },
      eventFilter,
    },
    {
      onEvent,
      onCreated: (created) => {
        current = created;
        refreshing = false;
        if (!cfg.conditionRefresh) return;
        refreshCurrent();
        watchRecreation(created.subscription);
      },
      onError: (err) => ctx.error(err),
    },
  );

  return {
    async input(msg: FlowMessage) {
      const request = conditionRequestOf(msg);
      const session = await connection.session();
      const statusCode = await withTimeout(
        applyConditionAction(session, request),
        connection.requestTimeoutMs,
        `${request.action} of ${request.conditionId} on ${connection.endpointUrl}`,
      );
      const result = { action: request.action, conditionId: request.conditionId, statusCode };
      ctx.send([null, { ...msg, payload: result }]);
    },
    async close() {
      closed = true;
      stopStatus();
      stopRecreationWatch();
      for (const sub of watched) sub.removeListener('subscriptionId_changed', onIdChanged);
      await handle.close();
    },
  };
}
