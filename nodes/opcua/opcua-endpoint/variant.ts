import { UserError } from '@millwright/model';

/**
 * OPC UA built-in data type ids (Part 6, 5.1.2). Kept here so converting values does not load
 * node-opcua; they are fixed by the standard.
 */
export const BUILTIN_TYPES = [
  'Null',
  'Boolean',
  'SByte',
  'Byte',
  'Int16',
  'UInt16',
  'Int32',
  'UInt32',
  'Int64',
  'UInt64',
  'Float',
  'Double',
  'String',
  'DateTime',
  'Guid',
  'ByteString',
  'XmlElement',
  'NodeId',
  'ExpandedNodeId',
  'StatusCode',
  'QualifiedName',
  'LocalizedText',
  'ExtensionObject',
  'DataValue',
  'Variant',
  'DiagnosticInfo',
] as const;

export type BuiltinTypeName = (typeof BUILTIN_TYPES)[number];

/** Types a write node can produce from a message payload. */
export const WRITABLE_TYPES = [
  'Boolean',
  'SByte',
  'Byte',
  'Int16',
  'UInt16',
  'Int32',
  'UInt32',
  'Int64',
  'UInt64',
  'Float',
  'Double',
  'String',
  'DateTime',
  'ByteString',
  'LocalizedText',
] as const satisfies readonly BuiltinTypeName[];

export type WritableType = (typeof WRITABLE_TYPES)[number];

/** The shape of a node-opcua Variant that the conversions read. */
export interface VariantLike {
  dataType: number;
  arrayType?: number;
  value: unknown;
}

/** The VariantOptions handed to node-opcua for a write. */
export interface VariantOptions {
  dataType: number;
  arrayType?: number;
  value: unknown;
}

const INT_RANGES: Partial<Record<WritableType, [number, number]>> = {
  SByte: [-128, 127],
  Byte: [0, 255],
  Int16: [-32768, 32767],
  UInt16: [0, 65535],
  Int32: [-2147483648, 2147483647],
  UInt32: [0, 4294967295],
};

export function typeName(dataType: number): BuiltinTypeName | undefined {
  return BUILTIN_TYPES[dataType];
}

/**
 * A Variant as plain message data: numbers, strings, booleans, Date, Uint8Array, arrays, and
 * plain objects for structures. 64-bit integers become numbers when they fit in 2^53, else
 * decimal strings; NodeIds, QualifiedNames and StatusCodes become their string forms and
 * LocalizedText its text.
 */
export function fromVariant(variant: VariantLike | null | undefined): unknown {
  if (!variant) return null;
  const type = typeName(variant.dataType) ?? 'Null';
  const v = variant.value;
  if (v === null || v === undefined) return null;
  if (variant.arrayType && variant.arrayType > 0 && isListLike(v)) return Array.from(v, (x) => scalar(type, x));
  return scalar(type, v);
}

function isListLike(v: unknown): v is ArrayLike<unknown> {
  return Array.isArray(v) || ArrayBuffer.isView(v);
}

function scalar(type: BuiltinTypeName, v: unknown): unknown {
  switch (type) {
    case 'Int64':
    case 'UInt64':
      return int64ToJs(v, type === 'Int64');
    case 'ByteString':
      return v instanceof Uint8Array ? new Uint8Array(v) : v;
    case 'LocalizedText':
      return read(v, 'text') ?? null;
    case 'DateTime':
      return v instanceof Date ? new Date(v.getTime()) : v;
    case 'NodeId':
    case 'ExpandedNodeId':
    case 'QualifiedName':
    case 'Guid':
    case 'XmlElement':
      return String(v);
    case 'StatusCode':
      return read(v, 'name') ?? String(v);
    case 'ExtensionObject':
    case 'DataValue':
    case 'Variant':
    case 'DiagnosticInfo':
      return plain(v);
    default:
      return v;
  }
}

/** node-opcua keeps 64-bit integers as [high, low] 32-bit words. */
function int64ToJs(v: unknown, signed: boolean): number | string | unknown {
  if (!Array.isArray(v) || v.length !== 2) return v;
  const [high, low] = v as [number, number];
  const raw = (BigInt(high >>> 0) << 32n) | BigInt(low >>> 0);
  const big = signed ? BigInt.asIntN(64, raw) : raw;
  return big >= BigInt(Number.MIN_SAFE_INTEGER) && big <= BigInt(Number.MAX_SAFE_INTEGER)
    ? Number(big)
    : big.toString();
}

function plain(v: unknown): unknown {
  const toJSON = read(v, 'toJSON');
  const json: unknown = typeof toJSON === 'function' ? Reflect.apply(toJSON, v, []) : v;
  try {
    return JSON.parse(JSON.stringify(json, (_k, x: unknown) => (typeof x === 'bigint' ? x.toString() : x)));
  } catch {
    return String(v);
  }
}

function read(v: unknown, key: string): unknown {
  return typeof v === 'object' && v !== null ? Reflect.get(v, key) : undefined;
}

/**
 * Turns a payload into the Variant for a write of `type`. A JS array writes an OPC UA array.
 * Throws UserError `opcua_bad_value` when the payload does not fit the type (range, NaN, format).
 */
export function toVariant(value: unknown, type: WritableType): VariantOptions {
  const dataType = BUILTIN_TYPES.indexOf(type);
  if (Array.isArray(value)) return { dataType, arrayType: 1, value: value.map((x) => coerce(x, type)) };
  return { dataType, value: coerce(value, type) };
}

function coerce(value: unknown, type: WritableType): unknown {
  const bad = (why: string) =>
    new UserError('opcua_bad_value', `cannot write ${JSON.stringify(value) ?? String(value)} as ${type}: ${why}`);
  switch (type) {
    case 'Boolean':
      if (typeof value === 'boolean') return value;
      if (value === 1 || value === 'true' || value === '1') return true;
      if (value === 0 || value === 'false' || value === '0') return false;
      throw bad('expected true/false');
    case 'Float':
    case 'Double': {
      const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
      if (typeof n !== 'number' || !Number.isFinite(n)) throw bad('expected a finite number');
      return n;
    }
    case 'Int64':
    case 'UInt64': {
      let big: bigint;
      try {
        big = BigInt(typeof value === 'string' || typeof value === 'bigint' || typeof value === 'number' ? value : NaN);
      } catch {
        throw bad('expected an integer');
      }
      const min = type === 'Int64' ? -(2n ** 63n) : 0n;
      const max = type === 'Int64' ? 2n ** 63n - 1n : 2n ** 64n - 1n;
      if (big < min || big > max) throw bad('out of range');
      const u = BigInt.asUintN(64, big);
      return [Number(u >> 32n), Number(u & 0xffffffffn)];
    }
    case 'String':
      return typeof value === 'string' ? value : JSON.stringify(value);
    case 'LocalizedText':
      return { text: typeof value === 'string' ? value : JSON.stringify(value) };
    case 'DateTime': {
      const d =
        value instanceof Date ? value : typeof value === 'number' || typeof value === 'string' ? new Date(value) : null;
      if (!d || Number.isNaN(d.getTime())) throw bad('expected a Date, epoch ms or ISO string');
      return d;
    }
    case 'ByteString':
      if (value instanceof Uint8Array) return Buffer.from(value);
      if (typeof value === 'string') return Buffer.from(value, 'utf8');
      throw bad('expected bytes or a string');
    default: {
      const range = INT_RANGES[type];
      const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
      if (typeof n !== 'number' || !Number.isInteger(n)) throw bad('expected an integer');
      if (range && (n < range[0] || n > range[1])) throw bad(`out of range ${range[0]}..${range[1]}`);
      return n;
    }
  }
}
