import { UserError } from '@millwright/model';
import { inferDataType, isArrayType } from './datatypes.js';
import {
  encodePayload,
  type DataTypeName,
  type MetricValue,
  type PropertySet,
  type SparkplugMetric,
} from './sparkplug-payload.js';
import { sparkplugTopic, type MessageType } from './sparkplug-topic.js';

/** A metric value to publish; the data type is inferred from the first value unless given. */
export interface MetricInput {
  name: string;
  value: unknown;
  datatype?: DataTypeName;
  /** Sparkplug properties (engUnit, Quality...): sent with this value and kept for the births. */
  properties?: PropertySet;
}

export interface Outgoing {
  topic: string;
  payload: Uint8Array;
}

export const REBIRTH_METRIC = 'Node Control/Rebirth';

/**
 * The Sparkplug B session state of one edge node (and optionally one device under it), pure: it
 * builds the messages, the caller sends them.
 *
 * - `beginSession()` before each MQTT CONNECT gives the NDEATH to register as the will; its bdSeq
 *   (0 to 255) increments with every connection.
 * - `births()` after CONNACK: NBIRTH with seq 0, the bdSeq and `Node Control/Rebirth`, then DBIRTH.
 * - `update()` folds new values in; a metric name not yet born needs a rebirth, since a birth must
 *   declare every metric. `data()` then sends NDATA or DDATA with the next seq (wrapping at 255).
 */
export class EdgeNode {
  private bdSeq = -1;
  private seq = 0;
  private readonly metrics = new Map<
    string,
    { datatype: DataTypeName; value: MetricValue; properties?: PropertySet }
  >();
  private readonly pending = new Set<string>();
  /** Metrics whose properties were given since the last birth or data message. */
  private readonly pendingProperties = new Set<string>();

  constructor(readonly ids: { groupId: string; edgeNodeId: string; deviceId?: string }) {
    // Validates the ids once, up front.
    this.topic('NBIRTH');
    if (ids.deviceId !== undefined) this.topic('DBIRTH');
  }

  get currentBdSeq(): number {
    return this.bdSeq;
  }

  /** Starts a new MQTT session: returns its death certificate (the will). */
  beginSession(): Outgoing {
    this.bdSeq = (this.bdSeq + 1) % 256;
    return this.death();
  }

  /** The NDEATH of the current session (also published on a graceful disconnect). */
  death(): Outgoing {
    return {
      topic: this.topic('NDEATH'),
      payload: encodePayload({ timestamp: Date.now(), metrics: [this.bdSeqMetric()] }),
    };
  }

  /** NBIRTH (and DBIRTH) with every known metric at its latest value; restarts seq at 0. */
  births(now = Date.now()): Outgoing[] {
    this.seq = 0;
    this.pending.clear();
    this.pendingProperties.clear();
    const all = [...this.metrics].map(([name, m]): SparkplugMetric => ({ name, timestamp: now, ...m }));
    const control: SparkplugMetric[] = [
      this.bdSeqMetric(),
      { name: REBIRTH_METRIC, datatype: 'Boolean', value: false, timestamp: now },
    ];
    const device = this.ids.deviceId !== undefined;
    const out = [
      {
        topic: this.topic('NBIRTH'),
        payload: encodePayload({ timestamp: now, seq: 0, metrics: device ? control : [...control, ...all] }),
      },
    ];
    if (device)
      out.push({
        topic: this.topic('DBIRTH'),
        payload: encodePayload({ timestamp: now, seq: this.nextSeq(), metrics: all }),
      });
    return out;
  }

  /** Records values; true when a metric is new and a rebirth must announce it. Type errors throw. */
  update(values: MetricInput[]): boolean {
    let needsBirth = false;
    for (const v of values) {
      const known = this.metrics.get(v.name);
      const datatype = v.datatype ?? known?.datatype ?? inferType(v.value, v.name);
      const value = toMetricValue(v.value, datatype);
      const properties = v.properties ?? known?.properties;
      const metric = { datatype, value, ...(properties !== undefined ? { properties } : {}) };
      // Encoding one metric checks that the value (and properties) fit before anything is kept.
      encodePayload({ metrics: [{ name: v.name, ...metric }] });
      if (!known) needsBirth = true;
      this.metrics.set(v.name, metric);
      this.pending.add(v.name);
      if (v.properties !== undefined) this.pendingProperties.add(v.name);
    }
    return needsBirth;
  }

  /** NDATA or DDATA with the values updated since the last birth or data message, or null if none. */
  data(now = Date.now()): Outgoing | null {
    if (!this.pending.size) return null;
    const metrics = [...this.pending].map((name): SparkplugMetric => {
      const m = this.metrics.get(name);
      const properties = this.pendingProperties.has(name) ? m?.properties : undefined;
      return {
        name,
        timestamp: now,
        datatype: m?.datatype ?? 'Unknown',
        value: m?.value ?? null,
        ...(properties !== undefined ? { properties } : {}),
      };
    });
    this.pending.clear();
    this.pendingProperties.clear();
    const type: MessageType = this.ids.deviceId !== undefined ? 'DDATA' : 'NDATA';
    return { topic: this.topic(type), payload: encodePayload({ timestamp: now, seq: this.nextSeq(), metrics }) };
  }

  /** The current type and value of the named metrics (after `update`), for the store-and-forward queue. */
  current(names: readonly string[]): Array<{ name: string; datatype: DataTypeName; value: MetricValue }> {
    return names.flatMap((name) => {
      const m = this.metrics.get(name);
      return m ? [{ name, datatype: m.datatype, value: m.value }] : [];
    });
  }

  /**
   * NDATA or DDATA with stored values sent late: each metric keeps the time it was taken and is
   * flagged `is_historical`, so a host files it as history, not as the current value. It takes the
   * next seq of the current session (a stored message's seq would mean nothing in a new session).
   * Metrics must have been born (`update` before the birth).
   */
  historical(
    metrics: ReadonlyArray<{ name: string; datatype: DataTypeName; value: MetricValue }>,
    takenAt: number,
    now = Date.now(),
  ): Outgoing {
    const type: MessageType = this.ids.deviceId !== undefined ? 'DDATA' : 'NDATA';
    const out = metrics.map((m): SparkplugMetric => ({ ...m, timestamp: takenAt, isHistorical: true }));
    return {
      topic: this.topic(type),
      payload: encodePayload({ timestamp: now, seq: this.nextSeq(), metrics: out }),
    };
  }

  private nextSeq(): number {
    this.seq = (this.seq + 1) % 256;
    return this.seq;
  }

  /** Sparkplug 3.0 types bdSeq as Int64 in the will (NDEATH) and the NBIRTH alike. */
  private bdSeqMetric(): SparkplugMetric {
    return { name: 'bdSeq', datatype: 'Int64', value: Math.max(0, this.bdSeq) };
  }

  private topic(messageType: MessageType): string {
    const device = messageType.startsWith('D');
    return sparkplugTopic({
      groupId: this.ids.groupId,
      edgeNodeId: this.ids.edgeNodeId,
      messageType,
      ...(device && this.ids.deviceId !== undefined ? { deviceId: this.ids.deviceId } : {}),
    });
  }
}

/** Sparkplug type of a JS value given without one (`inferDataType`: numbers are Double, bigint Int64, arrays and DataSets by their shape). */
export function inferType(value: unknown, name: string): DataTypeName {
  const type = inferDataType(value);
  if (type) return type;
  throw new UserError(
    'sparkplug_bad_metric',
    `metric "${name}": cannot publish a ${value === null ? 'null' : Array.isArray(value) ? 'mixed or empty array' : typeof value} without a datatype`,
  );
}

function toMetricValue(value: unknown, datatype: DataTypeName): MetricValue {
  if (value instanceof Date) return value.getTime();
  if (value === undefined) return null;
  if (
    value === null ||
    typeof value === 'number' ||
    typeof value === 'bigint' ||
    typeof value === 'boolean' ||
    typeof value === 'string' ||
    value instanceof Uint8Array
  )
    return value;
  // Arrays, DataSets and templates go to the codec as they are: encoding checks them against the type.
  if (isArrayType(datatype) || datatype === 'DataSet' || datatype === 'Template') return value as MetricValue;
  return JSON.stringify(value);
}
