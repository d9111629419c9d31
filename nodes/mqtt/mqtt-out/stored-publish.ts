import type { IClientPublishOptions } from 'mqtt';
import type { QoS } from '../mqtt-broker/mqtt-connection.js';

type Properties = NonNullable<IClientPublishOptions['properties']>;

/**
 * A publish as it is journaled in the store-and-forward queue: JSON only, so bytes (payload,
 * MQTT 5 correlation data) are base64.
 */
export interface StoredPublish {
  topic: string;
  payload: string;
  binary?: true;
  qos: QoS;
  retain: boolean;
  properties?: Omit<Properties, 'correlationData'> & { correlationData?: string };
}

export function toStored(
  topic: string,
  payload: Buffer | string,
  opts: { qos: QoS; retain: boolean; properties: Properties | undefined },
): StoredPublish {
  const out: StoredPublish = {
    topic,
    payload: typeof payload === 'string' ? payload : payload.toString('base64'),
    qos: opts.qos,
    retain: opts.retain,
  };
  if (typeof payload !== 'string') out.binary = true;
  if (opts.properties) {
    const { correlationData, ...rest } = opts.properties;
    out.properties = { ...rest, ...(correlationData ? { correlationData: correlationData.toString('base64') } : {}) };
  }
  return out;
}

export function fromStored(s: StoredPublish): {
  topic: string;
  payload: Buffer | string;
  qos: QoS;
  retain: boolean;
  properties: Properties | undefined;
} {
  let properties: Properties | undefined;
  if (s.properties) {
    const { correlationData, ...rest } = s.properties;
    properties = { ...rest, ...(correlationData ? { correlationData: Buffer.from(correlationData, 'base64') } : {}) };
  }
  return {
    topic: s.topic,
    payload: s.binary ? Buffer.from(s.payload, 'base64') : s.payload,
    qos: s.qos,
    retain: s.retain,
    properties,
  };
}
