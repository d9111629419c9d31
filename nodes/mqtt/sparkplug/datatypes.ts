/** Sparkplug B 3.0 data types (sparkplug_b.proto, `DataType`), and which protobuf field carries each. */
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
  PropertySet: 20,
  PropertySetList: 21,
  Int8Array: 22,
  Int16Array: 23,
  Int32Array: 24,
  Int64Array: 25,
  UInt8Array: 26,
  UInt16Array: 27,
  UInt32Array: 28,
  UInt64Array: 29,
  FloatArray: 30,
  DoubleArray: 31,
  BooleanArray: 32,
  StringArray: 33,
  DateTimeArray: 34,
} as const;

export type DataTypeName = keyof typeof DATA_TYPES;

/** Whether `v` names a Sparkplug data type. */
export function isDataTypeName(v: unknown): v is DataTypeName {
  return typeof v === 'string' && Object.hasOwn(DATA_TYPES, v);
}

const NAMES = new Map<number, DataTypeName>(
  Object.keys(DATA_TYPES)
    .filter(isDataTypeName)
    .map((k) => [DATA_TYPES[k], k]),
);

/** The name of a numeric data type; numbers this version does not know read as Unknown. */
export function dataTypeName(n: number): DataTypeName {
  return NAMES.get(n) ?? 'Unknown';
}

/** Types carried in int_value (uint32, signed ones as 32-bit two's complement). */
export const INT32_TYPES = ['Int8', 'Int16', 'Int32', 'UInt8', 'UInt16', 'UInt32'] as const;
/** Types carried in long_value (uint64, Int64 as two's complement); DateTime is ms since the epoch, UTC. */
export const INT64_TYPES = ['Int64', 'UInt64', 'DateTime'] as const;
export const STRING_TYPES = ['String', 'Text', 'UUID'] as const;
/** Arrays 22 to 34, packed into bytes_value (see array-values.ts). */
export const ARRAY_TYPES = [
  'Int8Array',
  'Int16Array',
  'Int32Array',
  'Int64Array',
  'UInt8Array',
  'UInt16Array',
  'UInt32Array',
  'UInt64Array',
  'FloatArray',
  'DoubleArray',
  'BooleanArray',
  'StringArray',
  'DateTimeArray',
] as const;

export type Int32TypeName = (typeof INT32_TYPES)[number];
export type Int64TypeName = (typeof INT64_TYPES)[number];
export type ArrayTypeName = (typeof ARRAY_TYPES)[number];

export const isInt32Type = (t: DataTypeName): t is Int32TypeName => (INT32_TYPES as readonly string[]).includes(t);
export const isInt64Type = (t: DataTypeName): t is Int64TypeName => (INT64_TYPES as readonly string[]).includes(t);
export const isStringType = (t: DataTypeName): boolean => (STRING_TYPES as readonly string[]).includes(t);
export const isArrayType = (t: DataTypeName): t is ArrayTypeName => (ARRAY_TYPES as readonly string[]).includes(t);

/** The "basic" types (1 to 14): the only ones DataSet columns and template parameters may have. */
export function isBasicType(t: DataTypeName): boolean {
  const n = DATA_TYPES[t];
  return n >= 1 && n <= 14;
}

/**
 * The Sparkplug type of a JS value given without one: numbers are Double (a counter at 5 may be
 * 5.5 later), bigint Int64, Date DateTime, bytes Bytes; arrays of one kind the matching array
 * type; `{ columns, types, rows }` a DataSet; `{ isDefinition, metrics }` a Template.
 * Undefined when it cannot tell (null, an empty array, mixed arrays, other objects).
 */
export function inferDataType(value: unknown): DataTypeName | undefined {
  if (typeof value === 'number') return 'Double';
  if (typeof value === 'boolean') return 'Boolean';
  if (typeof value === 'string') return 'String';
  if (typeof value === 'bigint') return 'Int64';
  if (value instanceof Date) return 'DateTime';
  if (value instanceof Uint8Array) return 'Bytes';
  if (Array.isArray(value)) {
    const all = (test: (x: unknown) => boolean) => value.length > 0 && value.every(test);
    if (all((x) => typeof x === 'number')) return 'DoubleArray';
    if (all((x) => typeof x === 'boolean')) return 'BooleanArray';
    if (all((x) => typeof x === 'string')) return 'StringArray';
    if (all((x) => typeof x === 'bigint')) return 'Int64Array';
    if (all((x) => x instanceof Date)) return 'DateTimeArray';
    return undefined;
  }
  if (value && typeof value === 'object') {
    if ('columns' in value && 'types' in value && 'rows' in value) return 'DataSet';
    if ('isDefinition' in value && 'metrics' in value) return 'Template';
  }
  return undefined;
}
