import { REBIRTH_METRIC, type Outgoing } from './edge-node.js';
import { encodePayload } from './sparkplug-payload.js';
import { sparkplugTopic } from './sparkplug-topic.js';

/** At most one rebirth request per edge node in this window. */
export const REBIRTH_THROTTLE_MS = 2_000;

/**
 * Rebirth requests of a host: NCMD `Node Control/Rebirth = true` (QoS 0, not retained, with a
 * timestamp), at most one per edge node every {@link REBIRTH_THROTTLE_MS}, since every message
 * after a lost one would ask again. Remembers the edge nodes seen, to ask them all after the host's
 * own connection came back (births published meanwhile did not reach it).
 */
export class RebirthRequests {
  private readonly asked = new Map<string, number>();
  private readonly known = new Map<string, { groupId: string; edgeNodeId: string }>();

  constructor(private readonly publish: (o: Outgoing) => void) {}

  /** Notes an edge node this host heard from. */
  seen(groupId: string, edgeNodeId: string): void {
    this.known.set(`${groupId}/${edgeNodeId}`, { groupId, edgeNodeId });
  }

  /** Asks one edge node, unless it was asked within the throttle window; true when sent. */
  request(groupId: string, edgeNodeId: string, now = Date.now()): boolean {
    const key = `${groupId}/${edgeNodeId}`;
    if (now - (this.asked.get(key) ?? Number.NEGATIVE_INFINITY) < REBIRTH_THROTTLE_MS) return false;
    this.asked.set(key, now);
    this.publish({
      topic: sparkplugTopic({ groupId, messageType: 'NCMD', edgeNodeId }),
      payload: encodePayload({
        timestamp: now,
        metrics: [{ name: REBIRTH_METRIC, datatype: 'Boolean', value: true, timestamp: now }],
      }),
    });
    return true;
  }

  /** Asks every edge node seen so far. */
  requestAll(now = Date.now()): void {
    for (const e of this.known.values()) this.request(e.groupId, e.edgeNodeId, now);
  }
}
