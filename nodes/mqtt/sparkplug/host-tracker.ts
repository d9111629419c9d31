import { withDataType, type DataTypeName, type SparkplugMetric, type SparkplugPayload } from './sparkplug-payload.js';
import type { SparkplugTopic } from './sparkplug-topic.js';

/** An edge node or one of its devices came online or went offline. */
export interface StateChange {
  groupId: string;
  edgeNodeId: string;
  /** Absent for the edge node itself. */
  deviceId?: string;
  online: boolean;
  /**
   * ms since the epoch: the birth's or DDEATH's payload timestamp; for an NDEATH (and the devices
   * it takes down) the host's own clock, since the will was written at connect time.
   */
  timestamp: number;
}

/** What a host application learns from one Sparkplug message. */
export interface HostEvent {
  /** Metrics with aliases resolved to the names and data types announced in the births. */
  metrics: SparkplugMetric[];
  /** Whether the edge node is online after this message. */
  online: boolean;
  /** Edge nodes and devices whose online state this message changed, in order. */
  changes: StateChange[];
  /** The message's seq did not follow the previous one: something was lost. */
  seqGap?: { expected: number; received: number };
  /** Data from an edge node whose birth this host has not seen (or which died since). */
  unknownSession?: boolean;
  /** Device data or death from a device whose DBIRTH this host has not seen in this session. */
  unknownDevice?: boolean;
  /** Metric aliases or names that no birth of this session announced. */
  unknownMetrics?: Array<string | number>;
  /** An NDEATH whose bdSeq belongs to an older session (a late will): the node stays online. */
  staleDeath?: boolean;
  /** The host should ask the edge node to rebirth (NCMD `Node Control/Rebirth`). */
  rebirthWanted: boolean;
}

interface EdgeState {
  bdSeq: number | undefined;
  lastSeq: number;
  online: boolean;
  /** Aliases are unique across the edge node and its devices. */
  aliases: Map<number, string>;
  /** Data type of each metric born in this session, by `scopeKey(deviceId, name)`. */
  types: Map<string, DataTypeName>;
  /** Devices born in this session, and whether they are online. */
  devices: Map<string, boolean>;
}

/**
 * Tracks edge node sessions on the host side (Sparkplug 3.0): births and deaths matched by bdSeq,
 * devices born and dead within their node's session, seq numbers checked for gaps (0 to 255,
 * wrapping), aliases resolved to names and data types. A rebirth is wanted when the host lost
 * track: a seq gap, data from a node or device whose birth it missed, an alias no birth announced.
 * Pure; one instance per host (or listening node).
 */
export class HostTracker {
  private readonly edges = new Map<string, EdgeState>();

  handle(topic: SparkplugTopic, payload: SparkplugPayload, now = Date.now()): HostEvent {
    const key = `${topic.groupId}/${topic.edgeNodeId}`;
    let state = this.edges.get(key);
    const ids = { groupId: topic.groupId, edgeNodeId: topic.edgeNodeId };
    const stamp = payload.timestamp ?? now;

    if (topic.messageType === 'NBIRTH') {
      const bdSeq = numberMetric(payload.metrics, 'bdSeq');
      const changes: StateChange[] = [];
      // A rebirth within the session (same bdSeq, asked for) keeps the devices' state; a birth
      // with another bdSeq means the old session ended unseen (this host was away): its devices
      // and the node went offline, and devices must be born again in the new one.
      const sameSession = state?.online === true && state.bdSeq === bdSeq;
      if (state?.online && !sameSession) {
        changes.push({ ...ids, online: false, timestamp: stamp });
        for (const [deviceId, online] of state.devices)
          if (online) changes.push({ ...ids, deviceId, online: false, timestamp: stamp });
      }
      if (!sameSession) changes.push({ ...ids, online: true, timestamp: stamp });
      state = {
        bdSeq,
        lastSeq: payload.seq ?? 0,
        online: true,
        aliases: new Map(),
        types: new Map(),
        devices: sameSession && state ? state.devices : new Map(),
      };
      this.edges.set(key, state);
      learn(state, undefined, payload.metrics);
      return { metrics: payload.metrics, online: true, changes, rebirthWanted: false };
    }
    if (topic.messageType === 'NDEATH') {
      const bdSeq = numberMetric(payload.metrics, 'bdSeq');
      if (!state || !state.online || state.bdSeq !== bdSeq)
        return {
          metrics: payload.metrics,
          online: state?.online ?? false,
          changes: [],
          staleDeath: true,
          rebirthWanted: false,
        };
      state.online = false;
      const changes: StateChange[] = [{ ...ids, online: false, timestamp: now }];
      for (const [deviceId, online] of state.devices)
        if (online) {
          state.devices.set(deviceId, false);
          changes.push({ ...ids, deviceId, online: false, timestamp: now });
        }
      return { metrics: payload.metrics, online: false, changes, rebirthWanted: false };
    }
    if (!state || !state.online)
      return { metrics: payload.metrics, online: false, changes: [], unknownSession: true, rebirthWanted: true };

    const event: HostEvent = { metrics: payload.metrics, online: true, changes: [], rebirthWanted: false };
    if (payload.seq !== undefined) {
      const expected = (state.lastSeq + 1) % 256;
      if (payload.seq !== expected) {
        event.seqGap = { expected, received: payload.seq };
        event.rebirthWanted = true;
      }
      state.lastSeq = payload.seq;
    }
    const deviceId = topic.deviceId;
    switch (topic.messageType) {
      case 'DBIRTH':
        if (deviceId === undefined) break;
        learn(state, deviceId, payload.metrics);
        if (state.devices.get(deviceId) !== true)
          event.changes.push({ ...ids, deviceId, online: true, timestamp: stamp });
        state.devices.set(deviceId, true);
        return event;
      case 'DDEATH':
        if (deviceId === undefined) break;
        if (state.devices.get(deviceId) !== true) {
          event.unknownDevice = true;
          return event;
        }
        state.devices.set(deviceId, false);
        event.changes.push({ ...ids, deviceId, online: false, timestamp: stamp });
        return event;
      case 'DDATA':
        if (deviceId !== undefined && state.devices.get(deviceId) !== true) {
          event.unknownDevice = true;
          event.rebirthWanted = true;
        }
        break;
      default:
        break;
    }
    const unknown: Array<string | number> = [];
    event.metrics = payload.metrics.map((m) => resolve(state, deviceId, m, unknown));
    if (unknown.length) {
      event.unknownMetrics = unknown;
      // An unknown alias means a birth was missed; an unknown name is the edge node's mistake,
      // which a rebirth would not mend.
      if (unknown.some((u) => typeof u === 'number')) event.rebirthWanted = true;
    }
    return event;
  }
}

const scopeKey = (deviceId: string | undefined, name: string) => `${deviceId ?? ''}\u0000${name}`;

function learn(state: EdgeState, deviceId: string | undefined, metrics: SparkplugMetric[]): void {
  for (const m of metrics) {
    if (m.name === undefined) continue;
    if (m.alias !== undefined) state.aliases.set(m.alias, m.name);
    state.types.set(scopeKey(deviceId, m.name), m.datatype);
  }
}

function resolve(
  state: EdgeState,
  deviceId: string | undefined,
  m: SparkplugMetric,
  unknown: Array<string | number>,
): SparkplugMetric {
  const name = m.name ?? (m.alias !== undefined ? state.aliases.get(m.alias) : undefined);
  if (name === undefined) {
    if (m.alias !== undefined) unknown.push(m.alias);
    return m;
  }
  const born = state.types.get(scopeKey(deviceId, name));
  if (born === undefined) {
    unknown.push(name);
    return m.name === undefined ? { ...m, name } : m;
  }
  // Data messages may leave the data type out (Sparkplug 3.0 advises it); the birth declared it.
  return withDataType({ ...m, name }, born);
}

function numberMetric(metrics: SparkplugMetric[], name: string): number | undefined {
  const v = metrics.find((m) => m.name === name)?.value;
  return typeof v === 'number' ? v : typeof v === 'bigint' ? Number(v) : undefined;
}
