import { UserError } from '@millwright/model';

/** Topic namespace of Sparkplug B (3.0). */
export const SPARKPLUG_NAMESPACE = 'spBv1.0';

export const MESSAGE_TYPES = ['NBIRTH', 'NDEATH', 'DBIRTH', 'DDEATH', 'NDATA', 'DDATA', 'NCMD', 'DCMD'] as const;
export type MessageType = (typeof MESSAGE_TYPES)[number];

/** `spBv1.0/<groupId>/<messageType>/<edgeNodeId>[/<deviceId>]` */
export interface SparkplugTopic {
  groupId: string;
  messageType: MessageType;
  edgeNodeId: string;
  deviceId?: string;
}

/** Builds the topic; UserError `sparkplug_bad_id` for ids with `/`, `+`, `#` or empty ones. */
export function sparkplugTopic(t: SparkplugTopic): string {
  for (const [what, id] of [
    ['group id', t.groupId],
    ['edge node id', t.edgeNodeId],
    ...(t.deviceId !== undefined ? [['device id', t.deviceId] as const] : []),
  ] as const)
    if (!id || /[/+#]/.test(id))
      throw new UserError('sparkplug_bad_id', `Sparkplug ${what} "${id}" must be non-empty without "/", "+" or "#"`);
  const base = `${SPARKPLUG_NAMESPACE}/${t.groupId}/${t.messageType}/${t.edgeNodeId}`;
  return t.deviceId !== undefined ? `${base}/${t.deviceId}` : base;
}

/**
 * `spBv1.0/STATE/<hostId>`: where a host application announces whether it is online. UserError
 * `sparkplug_bad_id` for an empty host id or one with `/`, `+` or `#`.
 */
export function stateTopic(hostId: string): string {
  if (!hostId || /[/+#]/.test(hostId))
    throw new UserError('sparkplug_bad_id', `Sparkplug host id "${hostId}" must be non-empty without "/", "+" or "#"`);
  return `${SPARKPLUG_NAMESPACE}/STATE/${hostId}`;
}

/** Reads a Sparkplug topic, or undefined when the topic is not one (STATE, other namespaces). */
export function parseSparkplugTopic(topic: string): SparkplugTopic | undefined {
  const parts = topic.split('/');
  if (parts[0] !== SPARKPLUG_NAMESPACE || parts.length < 4 || parts.length > 5) return undefined;
  const [, groupId = '', type = '', edgeNodeId = '', deviceId] = parts;
  const messageType = MESSAGE_TYPES.find((m) => m === type);
  if (!messageType) return undefined;
  const device = messageType.startsWith('D');
  if (device !== (deviceId !== undefined)) return undefined;
  return deviceId !== undefined ? { groupId, messageType, edgeNodeId, deviceId } : { groupId, messageType, edgeNodeId };
}
