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
  /** 0 scalar, 1 array, 2 matrix (VariantArrayType). */
  arrayType?: number;
  /** A matrix's dimensions, outermost first. */
  dimensions?: number[] | null;
  value: unknown;
}

/** The VariantOptions handed to node-opcua for a write. */
export interface VariantOptions {
  dataType: number;
  arrayType?: number;
  dimensions?: number[];
  value: unknown;
}

/** Names of an enumeration's values (from the DataType's EnumStrings or EnumValues). */
export type EnumNames = ReadonlyMap<number, string>;

/** An enumeration value as message data, when the node gives enumerations their names. */
export interface EnumValue {
  value: number;
  /** The name the server gives the value; null for a value the enumeration does not list. */
  name: string | null;
}

const INT32 = 6;
const ARRAY = 1;
const MATRIX = 2;

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
 * plain objects for structures, keyed by the field names of the server's DataTypeDefinition. A
 * matrix becomes nested arrays (outermost dimension first). 64-bit integers become numbers when
 * they fit in 2^53, else decimal strings; NodeIds, QualifiedNames and StatusCodes become their
 * string forms and LocalizedText its text. With `enumNames`, Int32 values become `{ value, name }`.
 */
export function fromVariant(
  variant: VariantLike | null | undefined,
  options: { enumNames?: EnumNames | null } = {},
): unknown {
  if (!variant) return null;
  const type = typeName(variant.dataType) ?? 'Null';
  const v = variant.value;
  if (v === null || v === undefined) return null;
  const names = variant.dataType === INT32 ? options.enumNames : null;
  const one = (x: unknown) => (names && typeof x === 'number' ? enumValue(x, names) : scalar(type, x));
  if (!variant.arrayType || !isListLike(v)) return one(v);
  const flat = Array.from(v, one);
  const dims = variant.dimensions;
  return variant.arrayType === MATRIX && dims && dims.length > 1 ? nest(flat, dims) : flat;
}

export function enumValue(value: number, names: EnumNames): EnumValue {
  return { value, name: names.get(value) ?? null };
}

/** Row-major flat values as nested arrays of the given dimensions. */
function nest(flat: unknown[], dims: number[]): unknown[] {
  const [first = 0, ...rest] = dims;
  if (!rest.length) return flat.slice(0, first);
  const size = rest.reduce((a, b) => a * b, 1);
  return Array.from({ length: first }, (_, i) => nest(flat.slice(i * size, (i + 1) * size), rest));
}

/** Dimensions of a rectangular nested array ([[1,2,3],[4,5,6]] -> [2, 3]); null when ragged. */
export function matrixDimensions(value: unknown[]): number[] | null {
  const dims = [value.length];
  let level: unknown[] = value;
  while (level.length && Array.isArray(level[0])) {
    const first = level[0] as unknown[];
    dims.push(first.length);
    const next: unknown[] = [];
    for (const row of level) {
      if (!Array.isArray(row) || row.length !== first.length) return null;
      next.push(...(row as unknown[]));
    }
    level = next;
  }
  return level.some(Array.isArray) ? null : dims;
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
      return structureToJson(v);
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

/** A field of a node-opcua structure schema, as far as the conversion reads it. */
interface SchemaField {
  name: string;
  originalName?: string;
  fieldType: string;
}

/**
 * A node-opcua structure (a decoded ExtensionObject) as a plain object keyed by the field names
 * the server's DataTypeDefinition gives (`Name`, not node-opcua's `name`); nested structures and
 * arrays of them alike. An opaque structure (unknown type) falls back to node-opcua's JSON.
 */
export function structureToJson(v: unknown): unknown {
  const fields = schemaFields(v);
  if (!fields || typeof v !== 'object' || v === null) return plain(v);
  const byName = new Map(fields.map((f) => [f.name, f]));
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(v)) {
    const field = byName.get(key);
    const x: unknown = Reflect.get(v, key);
    out[field?.originalName || upperFirst(key)] = Array.isArray(x)
      ? x.map((e) => fieldToJson(field, e))
      : fieldToJson(field, x);
  }
  return out;
}

function fieldToJson(field: SchemaField | undefined, x: unknown): unknown {
  if (x === null || x === undefined) return null;
  // Built-in types first: node-opcua gives LocalizedText and QualifiedName a schema of their own.
  const type = field && BUILTIN_TYPES.find((t) => t === field.fieldType);
  if (type && type !== 'ExtensionObject' && type !== 'Variant') return scalar(type, x);
  if (schemaFields(x)) return structureToJson(x);
  if (isVariant(x)) return fromVariant(x);
  return plain(x);
}

/** The fields of a node-opcua structure's schema; undefined for anything else. */
export function schemaFields(v: unknown): SchemaField[] | undefined {
  const schema = read(v, 'schema');
  const fields = read(schema, 'fields');
  return Array.isArray(fields) ? (fields as SchemaField[]) : undefined;
}

function isVariant(x: unknown): x is VariantLike {
  return typeof x === 'object' && x !== null && x.constructor?.name === 'Variant' && 'dataType' in x;
}

function upperFirst(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
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
 * Turns a payload into the Variant for a write of `type`. A JS array writes an OPC UA array, a
 * nested array (rectangular) a matrix. Throws UserError `opcua_bad_value` when the payload does not fit the type (range, NaN, format).
 */
export function toVariant(value: unknown, type: WritableType): VariantOptions {
  const dataType = BUILTIN_TYPES.indexOf(type);
  return shaped(value, dataType, (x) => coerce(x, type));
}

/**
 * The Variant of `value` with each element converted by `each`: a JS array writes an OPC UA
 * array, a rectangular nested array a matrix with its dimensions. Throws `opcua_bad_value` for a
 * ragged nested array.
 */
export function shaped(value: unknown, dataType: number, each: (x: unknown) => unknown): VariantOptions {
  if (!Array.isArray(value)) return { dataType, value: each(value) };
  if (!value.some(Array.isArray)) return { dataType, arrayType: ARRAY, value: value.map(each) };
  const dimensions = matrixDimensions(value);
  if (!dimensions)
    throw new UserError(
      'opcua_bad_value',
      'cannot write a nested array whose rows differ in length: a matrix needs equal rows at every level',
    );
  return { dataType, arrayType: MATRIX, dimensions, value: (value.flat(dimensions.length - 1) as unknown[]).map(each) };
}

/** One value converted for a write of `type` (a structure field, an array element). */
export function coerce(value: unknown, type: WritableType): unknown {
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
