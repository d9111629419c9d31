import { UserError } from '@millwright/model';
import { ProtoReader, ProtoWriter, WIRE } from './protobuf.js';

/** Sparkplug B metric data types (sparkplug_b.proto, `DataType`). */
export const DATA_TYPES = {
  Unknown: 0,
  Int8: 1,
  Int16: 2,
  Int32: 3,
  Int64: 4,
  UInt8: 5,
  UInt16: 6,
  UInt32: 7,
  UInt64: 8,
  Float: 9,
  Double: 10,
  Boolean: 11,
  String: 12,
  DateTime: 13,
  Text: 14,
  UUID: 15,
  DataSet: 16,
  Bytes: 17,
  File: 18,
  Template: 19,
} as const;

export type DataTypeName = keyof typeof DATA_TYPES;

/** A metric value: numbers (bigint beyond 2^53 for 64-bit types), booleans, strings, bytes, or null. */
export type MetricValue = number | bigint | boolean | string | Uint8Array | null;

export interface SparkplugMetric {
  name?: string;
  alias?: number;
  /** ms since the epoch. */
  timestamp?: number;
  datatype: DataTypeName;
  isHistorical?: boolean;
  isTransient?: boolean;
  /** For DateTime, ms since the epoch. */
  value: MetricValue;
  /** Set on decode when the value is a DataSet, Template or extension, which this codec does not read. */
  unsupported?: boolean;
}

export interface SparkplugPayload {
  /** ms since the epoch. */
  timestamp?: number;
  metrics: SparkplugMetric[];
  /** 0..255; absent on NDEATH. */
  seq?: number;
  uuid?: string;
  body?: Uint8Array;
}

const NAMES = new Map<number, DataTypeName>(
  Object.keys(DATA_TYPES)
    .filter(isDataTypeName)
    .map((k) => [DATA_TYPES[k], k]),
);

/** Whether `v` names a Sparkplug data type. */
export function isDataTypeName(v: unknown): v is DataTypeName {
  return typeof v === 'string' && Object.hasOwn(DATA_TYPES, v);
}

/** Payload field numbers; metric fields below. */
const P = { timestamp: 1, metrics: 2, seq: 3, uuid: 4, body: 5 } as const;
const M = {
  name: 1,
  alias: 2,
  timestamp: 3,
  datatype: 4,
  isHistorical: 5,
  isTransient: 6,
  isNull: 7,
  intValue: 10,
  longValue: 11,
  floatValue: 12,
  doubleValue: 13,
  booleanValue: 14,
  stringValue: 15,
  bytesValue: 16,
} as const;

/**
 * Encodes a Sparkplug B payload. Signed integers are stored as two's complement in the unsigned
 * proto fields (int_value for 8 to 32 bits, long_value for 64), as Sparkplug 3.0 specifies.
 * Throws UserError `sparkplug_bad_metric` when a value does not fit its data type.
 */
export function encodePayload(payload: SparkplugPayload): Uint8Array {
  const w = new ProtoWriter();
  if (payload.timestamp !== undefined) w.uint(P.timestamp, payload.timestamp);
  for (const m of payload.metrics) w.message(P.metrics, (mw) => encodeMetric(mw, m));
  if (payload.seq !== undefined) w.uint(P.seq, payload.seq);
  if (payload.uuid !== undefined) w.string(P.uuid, payload.uuid);
  if (payload.body !== undefined) w.bytes(P.body, payload.body);
  return w.finish();
}

function encodeMetric(w: ProtoWriter, m: SparkplugMetric): void {
  if (m.name !== undefined) w.string(M.name, m.name);
  if (m.alias !== undefined) w.uint(M.alias, m.alias);
  if (m.timestamp !== undefined) w.uint(M.timestamp, m.timestamp);
  w.uint(M.datatype, DATA_TYPES[m.datatype]);
  if (m.isHistorical) w.bool(M.isHistorical, true);
  if (m.isTransient) w.bool(M.isTransient, true);
  if (m.value === null) {
    w.bool(M.isNull, true);
    return;
  }
  const v = m.value;
  const bad = (why: string) =>
    new UserError('sparkplug_bad_metric', `metric ${m.name ?? m.alias ?? '?'} (${m.datatype}): ${why}`);
  switch (m.datatype) {
    case 'Int8':
    case 'Int16':
    case 'Int32':
    case 'UInt8':
    case 'UInt16':
    case 'UInt32': {
      const n = Number(v);
      const [min, max] = INT_RANGES[m.datatype];
      if (!Number.isInteger(n) || n < min || n > max) throw bad(`${String(v)} is not an integer in ${min}..${max}`);
      w.uint(M.intValue, n >>> 0);
      return;
    }
    case 'Int64':
    case 'UInt64':
    case 'DateTime': {
      if (typeof v !== 'number' && typeof v !== 'bigint') throw bad('expected a number');
      if (typeof v === 'number' && !Number.isInteger(v)) throw bad(`${v} is not an integer`);
      w.uint(M.longValue, BigInt.asUintN(64, BigInt(v)));
      return;
    }
    case 'Float':
    case 'Double':
      if (typeof v !== 'number') throw bad('expected a number');
      if (m.datatype === 'Float') w.float(M.floatValue, v);
      else w.double(M.doubleValue, v);
      return;
    case 'Boolean':
      if (typeof v !== 'boolean') throw bad('expected true or false');
      w.bool(M.booleanValue, v);
      return;
    case 'String':
    case 'Text':
    case 'UUID':
      if (typeof v !== 'string') throw bad('expected a string');
      w.string(M.stringValue, v);
      return;
    case 'Bytes':
    case 'File':
      if (!(v instanceof Uint8Array)) throw bad('expected bytes');
      w.bytes(M.bytesValue, v);
      return;
    default:
      throw bad('this data type cannot be encoded');
  }
}

const INT_RANGES = {
  Int8: [-128, 127],
  Int16: [-32768, 32767],
  Int32: [-2147483648, 2147483647],
  UInt8: [0, 255],
  UInt16: [0, 65535],
  UInt32: [0, 4294967295],
} as const;

/** Decodes a Sparkplug B payload. Throws UserError `sparkplug_bad_payload` for malformed bytes. */
export function decodePayload(bytes: Uint8Array): SparkplugPayload {
  try {
    const r = new ProtoReader(bytes);
    const out: SparkplugPayload = { metrics: [] };
    for (let f = r.next(); f; f = r.next()) {
      if (f.field === P.timestamp && f.wire === WIRE.VARINT) out.timestamp = Number(r.varint());
      else if (f.field === P.metrics && f.wire === WIRE.LEN) out.metrics.push(decodeMetric(r.bytes()));
      else if (f.field === P.seq && f.wire === WIRE.VARINT) out.seq = Number(r.varint());
      else if (f.field === P.uuid && f.wire === WIRE.LEN) out.uuid = r.string();
      else if (f.field === P.body && f.wire === WIRE.LEN) out.body = r.bytes();
      else r.skip(f.wire);
    }
    return out;
  } catch (err) {
    if (err instanceof UserError) throw err;
    throw new UserError(
      'sparkplug_bad_payload',
      `not a Sparkplug B payload: ${err instanceof Error ? err.message : String(err)}`,
      err,
    );
  }
}

function decodeMetric(bytes: Uint8Array): SparkplugMetric {
  const r = new ProtoReader(bytes);
  const m: SparkplugMetric = { datatype: 'Unknown', value: null };
  let raw: bigint | number | boolean | string | Uint8Array | null = null;
  let isNull = false;
  for (let f = r.next(); f; f = r.next()) {
    switch (f.field) {
      case M.name:
        m.name = r.string();
        break;
      case M.alias:
        m.alias = Number(r.varint());
        break;
      case M.timestamp:
        m.timestamp = Number(r.varint());
        break;
      case M.datatype:
        m.datatype = NAMES.get(Number(r.varint())) ?? 'Unknown';
        break;
      case M.isHistorical:
        m.isHistorical = r.varint() !== 0n;
        break;
      case M.isTransient:
        m.isTransient = r.varint() !== 0n;
        break;
      case M.isNull:
        isNull = r.varint() !== 0n;
        break;
      case M.intValue:
      case M.longValue:
        raw = r.varint();
        break;
      case M.floatValue:
        raw = r.float();
        break;
      case M.doubleValue:
        raw = r.double();
        break;
      case M.booleanValue:
        raw = r.varint() !== 0n;
        break;
      case M.stringValue:
        raw = r.string();
        break;
      case M.bytesValue:
        raw = r.bytes();
        break;
      case 17: // dataset_value
      case 18: // template_value
      case 19: // extension_value
        m.unsupported = true;
        r.skip(f.wire);
        break;
      default: // metadata, properties and future fields
        r.skip(f.wire);
    }
  }
  m.value = isNull ? null : typedValue(m.datatype, raw);
  return m;
}

/** Reads an integer back at its declared width; accepts 32- and 64-bit sign extension alike. */
function typedValue(type: DataTypeName, raw: bigint | number | boolean | string | Uint8Array | null): MetricValue {
  if (typeof raw !== 'bigint') return raw;
  const n32 = Number(BigInt.asUintN(32, raw));
  switch (type) {
    case 'Int8':
      return (n32 << 24) >> 24;
    case 'Int16':
      return (n32 << 16) >> 16;
    case 'Int32':
      return n32 | 0;
    case 'UInt8':
      return n32 & 0xff;
    case 'UInt16':
      return n32 & 0xffff;
    case 'UInt32':
      return n32;
    case 'Int64':
      return safe(BigInt.asIntN(64, raw));
    default:
      return safe(raw);
  }
}

function safe(v: bigint): number | bigint {
  return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
}
