import type { SparkplugMetric, SparkplugPayload } from './sparkplug-payload.js';
import type { SparkplugTopic } from './sparkplug-topic.js';

/** What a host application learns from one Sparkplug message. */
export interface HostEvent {
  /** Metrics with aliases resolved to the names announced in the births. */
  metrics: SparkplugMetric[];
  /** Whether the edge node is online after this message. */
  online: boolean;
  /** The message's seq did not follow the previous one: something was lost. */
  seqGap?: { expected: number; received: number };
  /** Data from an edge node whose birth this host has not seen (or which died since). */
  unknownSession?: boolean;
  /** An NDEATH whose bdSeq belongs to an older session (a late will): the node stays online. */
  staleDeath?: boolean;
  /** The host should ask the edge node to rebirth (NCMD `Node Control/Rebirth`). */
  rebirthWanted: boolean;
}

interface EdgeState {
  bdSeq: number | undefined;
  lastSeq: number;
  online: boolean;
  aliases: Map<number, string>;
}

/**
 * Tracks edge node sessions on the host side: births and deaths matched by bdSeq, seq numbers
 * checked for gaps (0 to 255, wrapping), aliases resolved. Pure; one instance per subscription.
 */
export class HostTracker {
  private readonly edges = new Map<string, EdgeState>();

  handle(topic: SparkplugTopic, payload: SparkplugPayload): HostEvent {
    const key = `${topic.groupId}/${topic.edgeNodeId}`;
    let state = this.edges.get(key);
    const bdSeq = numberMetric(payload.metrics, 'bdSeq');

    if (topic.messageType === 'NBIRTH') {
      state = { bdSeq, lastSeq: payload.seq ?? 0, online: true, aliases: new Map() };
      this.edges.set(key, state);
      learnAliases(state, payload.metrics);
      return { metrics: payload.metrics, online: true, rebirthWanted: false };
    }
    if (topic.messageType === 'NDEATH') {
      if (!state || state.bdSeq !== bdSeq)
        return { metrics: payload.metrics, online: state?.online ?? false, staleDeath: true, rebirthWanted: false };
      state.online = false;
      return { metrics: payload.metrics, online: false, rebirthWanted: false };
    }
    if (!state || !state.online)
      return { metrics: payload.metrics, online: false, unknownSession: true, rebirthWanted: true };

    const event: HostEvent = { metrics: resolve(state, payload.metrics), online: true, rebirthWanted: false };
    if (payload.seq !== undefined) {
      const expected = (state.lastSeq + 1) % 256;
      if (payload.seq !== expected) {
        event.seqGap = { expected, received: payload.seq };
        event.rebirthWanted = true;
      }
      state.lastSeq = payload.seq;
    }
    if (topic.messageType === 'DBIRTH') learnAliases(state, payload.metrics);
    return event;
  }
}

function learnAliases(state: EdgeState, metrics: SparkplugMetric[]): void {
  for (const m of metrics) if (m.alias !== undefined && m.name !== undefined) state.aliases.set(m.alias, m.name);
}

function resolve(state: EdgeState, metrics: SparkplugMetric[]): SparkplugMetric[] {
  return metrics.map((m) => {
    if (m.name !== undefined || m.alias === undefined) return m;
    const name = state.aliases.get(m.alias);
    return name === undefined ? m : { ...m, name };
  });
}

function numberMetric(metrics: SparkplugMetric[], name: string): number | undefined {
  const v = metrics.find((m) => m.name === name)?.value;
  return typeof v === 'number' ? v : typeof v === 'bigint' ? Number(v) : undefined;
}
