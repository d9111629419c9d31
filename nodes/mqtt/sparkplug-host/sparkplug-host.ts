import type { NodeContext, NodeHandlers } from '@millwright/sdk';
import type { IClientOptions, MqttClient } from 'mqtt';
import { brokerOf } from '../mqtt-broker/node-support.js';
import { encodeHostState, parseHostState } from '../sparkplug/host-state.js';
import { HostTracker, type HostEvent } from '../sparkplug/host-tracker.js';
import { RebirthRequests } from '../sparkplug/rebirth-requests.js';
import { ReorderBuffer } from '../sparkplug/reorder-buffer.js';
import { receiveSparkplug } from '../sparkplug/receive-message.js';
import type { SparkplugPayload } from '../sparkplug/sparkplug-payload.js';
import { SPARKPLUG_NAMESPACE, stateTopic, type SparkplugTopic } from '../sparkplug/sparkplug-topic.js';
import type { SparkplugHostConfig } from './config.js';
import { metricMessages, stateMessage } from './host-messages.js';

/** How long a clean stop waits for the broker to take the offline STATE. */
const OFFLINE_STATE_WAIT_MS = 2_000;

/**
 * A Sparkplug B 3.0 host application with its own MQTT session, since its will is its offline
 * STATE. Each CONNECT registers `{"online":false,"timestamp":T}` (T = the time of that CONNECT) as
 * a retained QoS 1 will; after the CONNACK it subscribes to its own STATE topic and the Sparkplug
 * topics, and once subscribed publishes `{"online":true,"timestamp":T}` retained at QoS 1. A clean
 * stop publishes offline with the time of the stop before disconnecting. Births, data and deaths go
 * through the host tracker; metric values leave on output 1, online/offline changes on output 2.
 */
export async function createSparkplugHost(ctx: NodeContext<SparkplugHostConfig>): Promise<NodeHandlers> {
  const cfg = ctx.config;
  const broker = brokerOf(ctx, cfg.broker);
  const ownState = stateTopic(cfg.hostId);
  const dataFilter = cfg.groupId === '+' ? `${SPARKPLUG_NAMESPACE}/#` : `${SPARKPLUG_NAMESPACE}/${cfg.groupId}/#`;
  const tracker = new HostTracker();
  const { connect } = await import('mqtt');

  let connectedAt = Date.now();
  const will = () => ({
    topic: ownState,
    payload: encodeHostState({ online: false, timestamp: connectedAt }),
    qos: 1 as const,
    retain: true,
  });
  const base = broker.connectOptions();
  const options: IClientOptions = {
    ...base,
    clientId: `${base.clientId ?? 'millwright'}-sphost-${cfg.hostId}`.slice(0, 128),
    // Sparkplug 3.0: host sessions are clean (MQTT 5: session expiry 0, the default without properties).
    clean: true,
    properties: undefined,
    queueQoSZero: false,
    will: will(),
  };
  const client: MqttClient = connect(broker.url, options);
  let born = false;
  let everBorn = false;
  let closing = false;

  /** Messages held for a missing seq whose Reorder Timeout elapsed go to the tracker, which sees the gap. */
  const reorder = cfg.reorderTimeoutMs > 0 ? new ReorderBuffer<Received>(cfg.reorderTimeoutMs) : undefined;
  let reorderTimer: NodeJS.Timeout | undefined;
  const armReorderTimer = () => {
    const due = reorder?.nextExpiry();
    if (due === undefined || reorderTimer) return;
    reorderTimer = setTimeout(
      () => {
        reorderTimer = undefined;
        for (const m of reorder?.expire(Date.now()) ?? []) handle(m);
        armReorderTimer();
      },
      Math.max(0, due - Date.now()),
    );
  };

  const rebirths = new RebirthRequests((o) => {
    client.publish(o.topic, Buffer.from(o.payload), { qos: 0, retain: false }, (err) => {
      if (err) ctx.log.warn(`rebirth request to ${o.topic} not sent: ${err.message}`);
    });
  });
  const publishBirth = () => {
    client.publish(
      ownState,
      encodeHostState({ online: true, timestamp: connectedAt }),
      { qos: 1, retain: true },
      (err) => {
        if (err && !closing) ctx.log.warn(`STATE birth not sent: ${err.message}`);
      },
    );
  };

  ctx.status({ fill: 'yellow', shape: 'ring', text: 'connecting' });
  // mqtt.js emits this just before each new CONNECT: the will carries that CONNECT's time.
  client.on('reconnect', () => {
    connectedAt = Date.now();
    client.options.will = will();
  });
  client.on('connect', () => {
    client.subscribe([ownState, dataFilter], { qos: 1 }, (err) => {
      if (err || closing) return; // the connection went away first; the next connect starts over
      publishBirth();
      born = true;
      ctx.status({ fill: 'green', shape: 'dot', text: `online as ${cfg.hostId}` });
      // Births published while this host was away did not reach it: ask for them again.
      if (everBorn && cfg.requestRebirth) rebirths.requestAll();
      everBorn = true;
    });
  });
  client.on('close', () => {
    if (born && !closing) ctx.status({ fill: 'red', shape: 'ring', text: 'offline, reconnecting' });
    born = false;
  });
  client.on('error', (err) => ctx.log.warn(`Sparkplug host ${cfg.hostId}: ${err.message}`));
  client.on('message', (topic, bytes) => {
    if (topic === ownState) {
      // Someone (a late will of an earlier session, another client) said this host is offline
      // while it is not: say online again, with this session's timestamp.
      if (born && !closing && parseHostState(bytes)?.online === false) publishBirth();
      return;
    }
    const received = receiveSparkplug(ctx, rebirths, topic, bytes);
    if (!received) return;
    const { t, payload } = received;
    if (!reorder) {
      handle({ t, payload });
      return;
    }
    const seq = t.messageType === 'NDEATH' ? undefined : payload.seq;
    const key = `${t.groupId}/${t.edgeNodeId}`;
    for (const m of reorder.push(key, seq, { t, payload }, t.messageType === 'NBIRTH', Date.now())) handle(m);
    armReorderTimer();
  });

  function handle({ t, payload }: Received): void {
    const now = Date.now();
    const event = tracker.handle(t, payload, now);
    const metrics =
      t.messageType === 'NDEATH' || t.messageType === 'DDEATH' ? [] : metricMessages(t, payload, event, now);
    const states = event.changes.map(stateMessage);
    if (metrics.length || states.length)
      ctx.send([metrics.map((f) => ctx.newMessage(f)), states.map((f) => ctx.newMessage(f))]);
    if (event.rebirthWanted && cfg.requestRebirth && rebirths.request(t.groupId, t.edgeNodeId, now))
      ctx.log.info(`asked ${t.groupId}/${t.edgeNodeId} to rebirth: ${why(t, event)}`);
  }

  return {
    async close() {
      closing = true;
      clearTimeout(reorderTimer);
      if (born) {
        // Sparkplug 3.0: a host that disconnects on purpose says offline first, with the time of the stop.
        const offline = client.publishAsync(ownState, encodeHostState({ online: false, timestamp: Date.now() }), {
          qos: 1,
          retain: true,
        });
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([
          offline.catch(() => undefined),
          new Promise((r) => (timer = setTimeout(r, OFFLINE_STATE_WAIT_MS))),
        ]);
        clearTimeout(timer);
      }
      await client.endAsync(!born).catch(() => undefined);
    },
  };
}

interface Received {
  t: SparkplugTopic;
  payload: SparkplugPayload;
}

function why(t: SparkplugTopic, e: HostEvent): string {
  if (e.seqGap) return `seq ${e.seqGap.received} where ${e.seqGap.expected} was due`;
  if (e.unknownSession) return `${t.messageType} before its birth`;
  if (e.unknownDevice) return `${t.messageType} from device ${t.deviceId ?? ''} before its DBIRTH`;
  return `unknown metric alias ${(e.unknownMetrics ?? []).join(', ')}`;
}
