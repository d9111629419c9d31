import type { NodeContext } from '@millwright/sdk';
import type { RebirthRequests } from './rebirth-requests.js';
import { decodePayload, type SparkplugPayload } from './sparkplug-payload.js';
import { parseSparkplugTopic, type SparkplugTopic } from './sparkplug-topic.js';

/**
 * The first step of every host-side receiver (sparkplug-in, sparkplug-host): reads a Sparkplug
 * message off the wire. Undefined for topics that are not Sparkplug data (STATE, other namespaces),
 * for commands (another host's), and for bytes that are not a payload (reported to catch). The edge
 * node is marked as heard from, so a rebirth request for it is not repeated too soon.
 */
export function receiveSparkplug(
  ctx: NodeContext<unknown>,
  rebirths: RebirthRequests,
  topic: string,
  bytes: Uint8Array,
): { t: SparkplugTopic; payload: SparkplugPayload } | undefined {
  const t = parseSparkplugTopic(topic);
  if (!t || t.messageType === 'NCMD' || t.messageType === 'DCMD') return undefined;
  let payload: SparkplugPayload;
  try {
    payload = decodePayload(bytes);
  } catch (err) {
    ctx.error(err, ctx.newMessage({ topic, payload: new Uint8Array(bytes) }));
    return undefined;
  }
  rebirths.seen(t.groupId, t.edgeNodeId);
  return { t, payload };
}
