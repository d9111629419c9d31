import type { FlowMessage } from '@millwright/model';
import type { HostEvent, StateChange } from '../sparkplug/host-tracker.js';
import { flowValue } from '../sparkplug/metric-values.js';
import type { SparkplugPayload } from '../sparkplug/sparkplug-payload.js';
import type { SparkplugTopic } from '../sparkplug/sparkplug-topic.js';

type Fields = Partial<FlowMessage>;

/** `group/edgeNode[/device]`: the path of an edge node or device in the outputs' topics. */
const pathOf = (t: { groupId: string; edgeNodeId: string; deviceId?: string }) =>
  [t.groupId, t.edgeNodeId, ...(t.deviceId !== undefined ? [t.deviceId] : [])].join('/');

/**
 * One message per metric value of a birth or data message: `topic` `group/edge[/device]/name`,
 * `payload` the value as `flowValue` gives it (64-bit integers beyond 2^53 as decimal strings at
 * any depth), `sparkplug` where it came from, its data type, timestamp, whether it is historical
 * and its properties (engUnit, Quality...) if it has any. Metrics without a known name (an alias
 * from a session this host did not see born) and the birth's bdSeq are left out.
 */
export function metricMessages(t: SparkplugTopic, payload: SparkplugPayload, event: HostEvent, now: number): Fields[] {
  const out: Fields[] = [];
  for (const m of event.metrics) {
    if (m.name === undefined || (t.messageType === 'NBIRTH' && m.name === 'bdSeq')) continue;
    out.push({
      topic: `${pathOf(t)}/${m.name}`,
      payload: m.value === undefined ? null : flowValue(m.value),
      sparkplug: {
        groupId: t.groupId,
        edgeNodeId: t.edgeNodeId,
        ...(t.deviceId !== undefined ? { deviceId: t.deviceId } : {}),
        messageType: t.messageType,
        name: m.name,
        ...(m.alias !== undefined ? { alias: m.alias } : {}),
        datatype: m.datatype,
        timestamp: m.timestamp ?? payload.timestamp ?? now,
        isHistorical: m.isHistorical ?? false,
        ...(m.properties !== undefined ? { properties: flowValue(m.properties) } : {}),
        ...(payload.seq !== undefined ? { seq: payload.seq } : {}),
      },
    });
  }
  return out;
}

/** An online/offline change: `topic` `group/edge[/device]`, `payload` `{ online, timestamp }`. */
export function stateMessage(c: StateChange): Fields {
  return {
    topic: pathOf(c),
    payload: { online: c.online, timestamp: c.timestamp },
    sparkplug: { ...c },
  };
}
