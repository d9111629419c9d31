import { packArray, unpackArray, type ArrayValue } from './array-values.js';
import { isArrayType, isInt32Type, isInt64Type, isStringType, type DataTypeName } from './datatypes.js';
import { int64Of, integerOf, safe, uint64Of } from './integers.js';
import { WIRE, type ProtoReader, type ProtoWriter } from './protobuf.js';

/**
 * The value fields that Metric, DataSetValue, Template.Parameter and PropertyValue share under
 * different field numbers: one codec for the scalar part of all four.
 */
export interface ValueFields {
  int: number;
  long: number;
  float: number;
  double: number;
  bool: number;
  string: number;
  /** Only Metric has bytes_value (Bytes, File and the array types). */
  bytes?: number;
}

/** A scalar or array value. */
export type ScalarValue = number | bigint | boolean | string | Uint8Array | ArrayValue;

/** A value field as read off the wire, before its data type gives it meaning. */
export type RawValue = bigint | number | boolean | string | Uint8Array;

const INT32_RANGE = {
  Int8: [-128, 127],
  Int16: [-32768, 32767],
  Int32: [-2147483648, 2147483647],
  UInt8: [0, 255],
  UInt16: [0, 65535],
  UInt32: [0, 4294967295],
} as const;

/**
 * Writes `value` as data type `type`; false when `type` has no field in this message (the caller
 * handles DataSet, Template and property sets). Signed integers go in the unsigned fields as two's
 * complement (32-bit in int_value, 64-bit in long_value), as Sparkplug 3.0 specifies.
 */
export function writeValue(
  w: ProtoWriter,
  fields: ValueFields,
  type: DataTypeName,
  value: unknown,
  bad: (why: string) => Error,
): boolean {
  if (isInt32Type(type)) {
    const [min, max] = INT32_RANGE[type];
    const n = integerOf(value);
    if (n === undefined || n < min || n > max) throw bad(`${String(value)} is not an integer in ${min}..${max}`);
    w.uint(fields.int, Number(n) >>> 0);
  } else if (isInt64Type(type)) {
    const v = value instanceof Date && type === 'DateTime' ? value.getTime() : value;
    w.uint(fields.long, type === 'Int64' ? BigInt.asUintN(64, int64Of(v, bad)) : uint64Of(v, bad));
  } else if (type === 'Float' || type === 'Double') {
    if (typeof value !== 'number') throw bad('expected a number');
    if (type === 'Float') w.float(fields.float, value);
    else w.double(fields.double, value);
  } else if (type === 'Boolean') {
    if (typeof value !== 'boolean') throw bad('expected true or false');
    w.bool(fields.bool, value);
  } else if (isStringType(type)) {
    if (typeof value !== 'string') throw bad('expected a string');
    w.string(fields.string, value);
  } else if (fields.bytes !== undefined && (type === 'Bytes' || type === 'File')) {
    if (!(value instanceof Uint8Array)) throw bad('expected bytes');
    w.bytes(fields.bytes, value);
  } else if (fields.bytes !== undefined && isArrayType(type)) {
    w.bytes(fields.bytes, packArray(type, value, bad));
  } else return false;
  return true;
}

/** Reads field `field` if it is one of `fields` with the right wire type; undefined otherwise (not consumed). */
export function readValue(r: ProtoReader, field: number, wire: number, fields: ValueFields): RawValue | undefined {
  if ((field === fields.int || field === fields.long || field === fields.bool) && wire === WIRE.VARINT) {
    const v = r.varint();
    return field === fields.bool ? v !== 0n : v;
  }
  if (field === fields.float && wire === WIRE.I32) return r.float();
  if (field === fields.double && wire === WIRE.I64) return r.double();
  if (field === fields.string && wire === WIRE.LEN) return r.string();
  if (field === fields.bytes && wire === WIRE.LEN) return r.bytes();
  return undefined;
}

/**
 * A raw field read as data type `type`: integers at their declared width (accepting 32- and 64-bit
 * sign extension alike), 64-bit ones as bigint beyond 2^53, packed arrays unpacked.
 */
export function typedValue(type: DataTypeName, raw: RawValue): ScalarValue {
  if (raw instanceof Uint8Array) return isArrayType(type) ? unpackArray(type, raw) : raw;
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
