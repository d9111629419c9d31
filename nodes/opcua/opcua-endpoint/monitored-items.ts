import { OperationalError, UserError } from '@millwright/model';
import type {
  ClientMonitoredItemBase,
  ClientSession,
  ClientSubscription,
  DataValue,
  EventFilter,
  Variant,
} from 'node-opcua';
import { errorText, explainStatus } from './error-text.js';
import { nodeIdOnServer } from './namespaces.js';

/** One monitored item, as opcua-subscribe asks for it. */
export interface MonitorRequest {
  nodeId: string;
  samplingInterval: number;
  publishingInterval: number;
  queueSize: number;
  discardOldest: boolean;
  deadband: { type: 'none' | 'absolute' | 'percent'; value: number };
  /** Monitor the node's events through this filter instead of its value (opcua-events). */
  eventFilter?: EventFilter;
}

export interface MonitorCallbacks {
  /** Each notification, in order (value items). */
  onValue?(value: DataValue): void;
  /** Each event's fields, in the order of the filter's select clauses (event items). */
  onEvent?(fields: Variant[]): void;
  /** The item was created on a subscription: at first and again on every new session. */
  onCreated?(created: { session: ClientSession; subscription: ClientSubscription }): void;
  /** The server refused the item (unknown NodeId, bad filter...). */
  onError(err: Error): void;
}

interface Monitor {
  request: MonitorRequest;
  callbacks: MonitorCallbacks;
  item: ClientMonitoredItemBase | null;
  closed: boolean;
}

/**
 * The monitored items of one connection and the subscriptions that carry them (one per publishing
 * interval). Items outlive sessions: `attach()` re-creates all of them on a new session.
 */
export class MonitoredItems {
  private readonly monitors = new Set<Monitor>();
  /** Subscriptions of the current session by publishing interval. */
  private subscriptions = new Map<number, Promise<ClientSubscription>>();
  private session: ClientSession | null = null;

  /** Registers an item; created now if a session is attached, else on the next `attach()`. */
  add(request: MonitorRequest, callbacks: MonitorCallbacks): { close(): Promise<void> } {
    const monitor: Monitor = { request, callbacks, item: null, closed: false };
    this.monitors.add(monitor);
    if (this.session) void this.createMonitor(this.session, monitor);
    return {
      close: async () => {
        monitor.closed = true;
        this.monitors.delete(monitor);
        const item = monitor.item;
        monitor.item = null;
        // node-opcua asserts (an unhandled rejection) on an event for an item it no longer knows:
        // the server stops queueing events before the item is deleted.
        if (item && request.eventFilter) await disable(item);
        if (item) await item.terminate().catch(() => undefined);
        await this.dropEmptySubscription(request.publishingInterval);
      },
    };
  }

  /** A new session (or none): forget the old subscriptions and create every item on the new one. */
  attach(session: ClientSession | null): void {
    this.session = session;
    this.subscriptions = new Map();
    for (const m of this.monitors) m.item = null;
    if (session) for (const m of this.monitors) void this.createMonitor(session, m);
  }

  clear(): void {
    for (const m of this.monitors) m.closed = true;
    this.monitors.clear();
    this.session = null;
  }

  private subscription(session: ClientSession, publishingInterval: number): Promise<ClientSubscription> {
    let sub = this.subscriptions.get(publishingInterval);
    if (!sub) {
      sub = session.createSubscription2({
        requestedPublishingInterval: publishingInterval,
        // Lifetime and keep-alive counts give the server ~100 intervals of patience with a silent client.
        requestedLifetimeCount: Math.max(30, Math.ceil(100_000 / publishingInterval)),
        requestedMaxKeepAliveCount: Math.max(3, Math.ceil(10_000 / publishingInterval)),
        maxNotificationsPerPublish: 0,
        publishingEnabled: true,
        priority: 1,
      });
      this.subscriptions.set(publishingInterval, sub);
      sub.catch(() => this.subscriptions.delete(publishingInterval));
    }
    return sub;
  }

  private async createMonitor(session: ClientSession, m: Monitor): Promise<void> {
    const opcua = await import('node-opcua');
    const r = m.request;
    try {
      const sub = await this.subscription(session, r.publishingInterval);
      const filter =
        r.eventFilter ??
        (r.deadband.type === 'none'
          ? null
          : new opcua.DataChangeFilter({
              trigger: opcua.DataChangeTrigger.StatusValue,
              deadbandType: r.deadband.type === 'absolute' ? opcua.DeadbandType.Absolute : opcua.DeadbandType.Percent,
              deadbandValue: r.deadband.value,
            }));
      const attributeId = r.eventFilter ? opcua.AttributeIds.EventNotifier : opcua.AttributeIds.Value;
      const nodeId = await nodeIdOnServer(session, r.nodeId);
      if (nodeId === undefined) {
        m.callbacks.onError(refused(r.nodeId, 'BadNamespaceUnknown'));
        return;
      }
      const item = await sub.monitor(
        { nodeId, attributeId },
        { samplingInterval: r.samplingInterval, queueSize: r.queueSize, discardOldest: r.discardOldest, filter },
        opcua.TimestampsToReturn.Both,
      );
      if (m.closed || this.session !== session) {
        await item.terminate().catch(() => undefined);
        return;
      }
      if (item.statusCode.isBad()) {
        // node-opcua resolves with the refused item instead of rejecting.
        await item.terminate().catch(() => undefined);
        m.callbacks.onError(refused(r.nodeId, item.statusCode.name));
        return;
      }
      m.item = item;
      if (r.eventFilter) item.on('changed', (fields: Variant[]) => m.callbacks.onEvent?.(fields));
      else item.on('changed', (dv: DataValue) => m.callbacks.onValue?.(dv));
      item.on('err', (message: string) => m.callbacks.onError(new UserError('opcua_monitor_failed', message)));
      m.callbacks.onCreated?.({ session, subscription: sub });
    } catch (err) {
      if (!m.closed) m.callbacks.onError(new OperationalError('opcua_monitor_failed', errorText(err), err));
    }
  }

  private async dropEmptySubscription(publishingInterval: number): Promise<void> {
    if ([...this.monitors].some((m) => m.request.publishingInterval === publishingInterval)) return;
    const sub = this.subscriptions.get(publishingInterval);
    this.subscriptions.delete(publishingInterval);
    if (sub) await sub.then((s) => s.terminate()).catch(() => undefined);
  }
}

/** The server refused to monitor `nodeId`; `statusCode` carries the name for the node's badge. */
function refused(nodeId: string, statusName: string): UserError {
  return Object.assign(
    new UserError('opcua_monitor_refused', `monitoring ${nodeId} refused: ${explainStatus(statusName)}`),
    { statusCode: statusName },
  );
}

async function disable(item: ClientMonitoredItemBase): Promise<void> {
  const { MonitoringMode } = await import('node-opcua');
  await item.setMonitoringMode(MonitoringMode.Disabled).catch(() => undefined);
}
