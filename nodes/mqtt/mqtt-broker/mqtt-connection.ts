import { OperationalError, UserError } from '@millwright/model';
import { releaseReceipt, type NodeLogger, type Receipt } from '@millwright/sdk';
import type { IClientOptions, IClientPublishOptions, IPublishPacket, MqttClient } from 'mqtt';
import { clientOptions } from './client-options.js';
import type { MqttBrokerConfig, MqttBrokerCredentials } from './config.js';
import { TakenAcks } from './taken-acks.js';
import { filterProblem, topicMatches, topicProblem } from './topic-match.js';

export type MqttState = 'connecting' | 'connected' | 'reconnecting' | 'failed' | 'closed';

export interface MqttStatus {
  state: MqttState;
  message?: string;
}

export type QoS = 0 | 1 | 2;

export interface SubscribeOptions {
  qos: QoS;
  /** MQTT 5: do not receive own publications. */
  noLocal?: boolean;
}

export interface SubscriptionCallbacks {
  /**
   * A message arrived. For QoS 1/2 messages `receipt` is the take receipt to attach to what is sent
   * into the flow: the broker gets its acknowledgement once the flow has taken it (ack after take).
   */
  onMessage(topic: string, payload: Buffer, packet: IPublishPacket, receipt?: Receipt): void;
  /** The broker refused the subscription, or it could not be sent. */
  onError(err: Error): void;
  /** The broker acknowledged the subscription (SUBACK); messages published from now on arrive. */
  onSubscribed?(): void;
}

export interface PublishOptions {
  qos: QoS;
  retain: boolean;
  properties?: IClientPublishOptions['properties'];
}

interface Subscription {
  filter: string;
  /** MQTT 5 subscription identifier: tells which subscription a message came through. */
  id: number;
  qos: QoS;
  noLocal: boolean;
  callbacks: Set<SubscriptionCallbacks>;
  /** The broker acknowledged it at least once. */
  acked: boolean;
}

/**
 * The connection behind an `mqtt-broker` config node: one mqtt.js client per flow worker, shared
 * by the flow's MQTT nodes. Subscriptions of several nodes are multiplexed: one broker subscription
 * per filter, messages dispatched by MQTT 5 subscription identifier (so overlapping filters do not
 * double-deliver) or, on 3.1.1, by matching the filters locally.
 *
 * Received QoS 1/2 messages are acknowledged only once the flows took them (TakenAcks), so with a
 * persistent session (the default: a client id derived from flow and config node) a message the
 * process did not finish is sent again by the broker after a crash or reconnect.
 *
 * mqtt.js reconnects forever, re-subscribes when the broker lost the session, and keeps QoS 1/2
 * messages that were not acknowledged (and everything published while offline) in its store to
 * send after reconnecting. With `cleanSession: false` and a fixed client id, the broker keeps the
 * subscriptions and queues QoS 1/2 messages while this client is away.
 */
export class MqttConnection {
  private status: MqttStatus = { state: 'connecting' };
  private readonly listeners = new Set<(s: MqttStatus) => void>();
  private client: MqttClient | null = null;
  private options: IClientOptions | null = null;
  private readonly subs = new Map<string, Subscription>();
  private readonly byId = new Map<number, Subscription>();
  private nextId = 1;
  private everConnected = false;
  private closing: Promise<void> | null = null;
  private acks: TakenAcks | null = null;

  /** `sessionKey` names this connection's session (flow and config node): see `clientOptions`. */
  constructor(
    readonly config: MqttBrokerConfig,
    private readonly credentials: Partial<MqttBrokerCredentials>,
    private readonly log: NodeLogger,
    private readonly sessionKey = '',
  ) {}

  get url(): string {
    return this.config.url;
  }

  get isV5(): boolean {
    return this.config.protocol === '5';
  }

  getStatus(): MqttStatus {
    return this.status;
  }

  /** Calls `listener` now and on every change; returns the function that stops it. */
  onStatus(listener: (s: MqttStatus) => void): () => void {
    this.listeners.add(listener);
    listener(this.status);
    return () => this.listeners.delete(listener);
  }

  /** Builds the options (UserError `mqtt_tls_file` for unreadable TLS files) and connects in the background. */
  async start(): Promise<void> {
    this.options = await clientOptions(this.config, this.credentials, this.sessionKey);
    const { connect } = await import('mqtt');
    if (this.closing) return;
    const client = connect(this.config.url, this.options);
    this.client = client;
    this.acks = new TakenAcks(client);
    client.on('connect', () => {
      this.everConnected = true;
      this.setStatus({ state: 'connected' });
      // mqtt.js drops subscriptions whose first attempt met a closed connection (broker down at
      // start) and does not resubscribe them; send those again. Acknowledged ones it handles.
      for (const sub of this.subs.values()) if (!sub.acked) this.sendSubscribe(sub);
    });
    client.on('reconnect', () => {
      if (this.status.state !== 'failed')
        this.setStatus({ state: this.everConnected ? 'reconnecting' : 'connecting', message: this.status.message });
    });
    client.on('close', () => {
      if (this.status.state === 'connected') this.setStatus({ state: 'reconnecting', message: 'connection lost' });
    });
    client.on('error', (err: Error & { code?: unknown }) => {
      // Numeric codes are CONNACK refusals (bad credentials, client id rejected): the broker said no.
      const refused = typeof err.code === 'number';
      this.setStatus({ state: refused ? 'failed' : this.status.state, message: err.message });
      this.log.warn(`MQTT ${this.config.url}: ${err.message}`);
    });
    client.on('message', (topic, payload, packet) => this.dispatch(topic, payload, packet));
    for (const sub of this.subs.values()) this.sendSubscribe(sub);
  }

  /**
   * Subscribes `callbacks` to `filter`. Several callers of the same filter share one broker
   * subscription (at the highest QoS asked). Throws UserError `mqtt_bad_filter` for an invalid filter.
   */
  subscribe(filter: string, options: SubscribeOptions, callbacks: SubscriptionCallbacks): { close(): Promise<void> } {
    const problem = filterProblem(filter);
    if (problem) throw new UserError('mqtt_bad_filter', `invalid topic filter "${filter}": ${problem}`);
    let sub = this.subs.get(filter);
    if (!sub) {
      sub = {
        filter,
        id: this.nextId++,
        qos: options.qos,
        noLocal: options.noLocal ?? false,
        callbacks: new Set(),
        acked: false,
      };
      this.subs.set(filter, sub);
      this.byId.set(sub.id, sub);
      sub.callbacks.add(callbacks);
      this.sendSubscribe(sub);
    } else {
      sub.callbacks.add(callbacks);
      if (options.qos > sub.qos) {
        sub.qos = options.qos;
        this.sendSubscribe(sub);
      } else if (sub.acked) callbacks.onSubscribed?.();
    }
    const current = sub;
    return {
      close: async () => {
        current.callbacks.delete(callbacks);
        if (current.callbacks.size > 0 || this.subs.get(filter) !== current) return;
        this.subs.delete(filter);
        this.byId.delete(current.id);
        if (this.client && !this.closing && this.client.connected)
          await this.client.unsubscribeAsync(filter).catch(() => undefined);
      },
    };
  }

  /**
   * Publishes. Resolves when the message is written (QoS 0) or acknowledged (QoS 1 and 2); while
   * the broker is unreachable it waits in the client's store. Rejects with UserError
   * `mqtt_bad_topic` for an invalid topic, OperationalError `mqtt_publish_failed` otherwise.
   */
  async publish(topic: string, payload: Buffer | string, options: PublishOptions): Promise<void> {
    const problem = topicProblem(topic);
    if (problem) throw new UserError('mqtt_bad_topic', `cannot publish to "${topic}": ${problem}`);
    const client = this.client;
    if (!client || this.closing) throw new OperationalError('mqtt_closed', `the connection to ${this.url} is closed`);
    const opts: IClientPublishOptions = { qos: options.qos, retain: options.retain };
    if (this.isV5 && options.properties) opts.properties = options.properties;
    try {
      await client.publishAsync(topic, payload, opts);
    } catch (err) {
      throw new OperationalError(
        'mqtt_publish_failed',
        `publish to "${topic}" failed: ${err instanceof Error ? err.message : String(err)}`,
        err,
      );
    }
  }

  /**
   * The connect options of this broker config, for nodes that need a client of their own (a
   * Sparkplug edge node registers its death certificate as the will of its own connection).
   */
  connectOptions(): IClientOptions {
    if (!this.options) throw new OperationalError('mqtt_not_started', 'the broker connection has not started');
    return { ...this.options, properties: this.options.properties ? { ...this.options.properties } : undefined };
  }

  /** QoS 1/2 messages received and not yet taken by the flows (so not yet acknowledged). */
  get unacknowledged(): number {
    return this.acks?.size ?? 0;
  }

  /** Disconnects. Unacknowledged QoS 1/2 messages in the client's store are dropped. Idempotent. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      this.setStatus({ state: 'closed' });
      this.listeners.clear();
      await this.client?.endAsync(true).catch(() => undefined);
    })();
    return this.closing;
  }

  private setStatus(status: MqttStatus): void {
    if (this.status.state === 'closed') return;
    if (this.status.state === status.state && this.status.message === status.message) return;
    this.status = status;
    for (const l of [...this.listeners]) l(status);
  }

  private sendSubscribe(sub: Subscription): void {
    const client = this.client;
    if (!client) return; // start() subscribes everything registered before it
    const opts = this.isV5
      ? { qos: sub.qos, nl: sub.noLocal, properties: { subscriptionIdentifier: sub.id } }
      : { qos: sub.qos };
    client.subscribe(sub.filter, opts, (err, granted) => {
      if (err) {
        // The connection went away before the SUBACK; the next 'connect' sends it again.
        this.log.debug(`MQTT subscribe to "${sub.filter}" not acknowledged yet: ${err.message}`);
        return;
      }
      if (granted?.some((g) => g.qos === 128)) {
        const error = new UserError('mqtt_subscribe_refused', `the broker refused the subscription to "${sub.filter}"`);
        for (const cb of sub.callbacks) cb.onError(error);
        return;
      }
      sub.acked = true;
      for (const cb of sub.callbacks) cb.onSubscribed?.();
    });
  }

  private dispatch(topic: string, payload: Buffer, packet: IPublishPacket): void {
    const ids = packet.properties?.subscriptionIdentifier;
    const targets =
      ids === undefined
        ? [...this.subs.values()].filter((s) => topicMatches(s.filter, topic))
        : (Array.isArray(ids) ? ids : [ids]).flatMap((id) => this.byId.get(id) ?? []);
    // The dispatch holds the receipt until every subscriber has sent its message into its flow.
    const receipt = packet.qos > 0 && targets.length > 0 && this.acks ? this.acks.receive(packet) : undefined;
    for (const sub of targets)
      for (const cb of sub.callbacks) {
        try {
          cb.onMessage(topic, payload, packet, receipt);
        } catch (err) {
          cb.onError(err instanceof Error ? err : new Error(String(err)));
        }
      }
    if (receipt) releaseReceipt(receipt);
  }
}
