import type { ArrayTypeName } from './datatypes.js';
import { int64Of, safe, uint64Of } from './integers.js';

/**
 * Sparkplug B 3.0 array types (22 to 34), carried in a metric's bytes_value (spec 6.4.17):
 * numbers little-endian packed; BooleanArray a 4-byte little-endian count then the values one bit
 * each, first value in the most significant bit, padded to a whole byte; StringArray UTF-8
 * strings, each ended by a NUL byte; DateTimeArray int64 ms since the epoch.
 *
 * In JS an array value is a plain array: numbers (64-bit ones bigint beyond 2^53), booleans or
 * strings. Encoding also takes typed arrays, bigint or decimal strings for 64-bit elements, and
 * Date objects for DateTimeArray.
 */
export type ArrayValue = number[] | Array<number | bigint> | boolean[] | string[];

const WIDTH: Record<ArrayTypeName, number> = {
  Int8Array: 1,
  Int16Array: 2,
  Int32Array: 4,
  Int64Array: 8,
  UInt8Array: 1,
  UInt16Array: 2,
  UInt32Array: 4,
  UInt64Array: 8,
  FloatArray: 4,
  DoubleArray: 8,
  BooleanArray: 0,
  StringArray: 0,
  DateTimeArray: 8,
};

const INT_RANGE: Partial<Record<ArrayTypeName, readonly [number, number]>> = {
  Int8Array: [-128, 127],
  Int16Array: [-32768, 32767],
  Int32Array: [-2147483648, 2147483647],
  UInt8Array: [0, 255],
  UInt16Array: [0, 65535],
  UInt32Array: [0, 4294967295],
};

const utf8Encoder = new TextEncoder();
const utf8Decoder = new TextDecoder('utf-8', { fatal: true });

/** Packs an array value; `bad(why)` builds the error thrown for an element that does not fit. */
export function packArray(type: ArrayTypeName, value: unknown, bad: (why: string) => Error): Uint8Array {
  if (!isArrayLike(value)) throw bad('expected an array');
  const items = Array.from(value);
  if (type === 'BooleanArray') {
    const out = new Uint8Array(4 + Math.ceil(items.length / 8));
    new DataView(out.buffer).setUint32(0, items.length, true);
    items.forEach((b, i) => {
      if (typeof b !== 'boolean') throw bad(`element ${i} is not true or false`);
      if (b) out[4 + (i >> 3)]! |= 0x80 >> (i & 7);
    });
    return out;
  }
  if (type === 'StringArray') {
    const parts = items.map((s, i) => {
      if (typeof s !== 'string') throw bad(`element ${i} is not a string`);
      if (s.includes('\0')) throw bad(`element ${i} contains a NUL character, which ends a string here`);
      return utf8Encoder.encode(s);
    });
    const out = new Uint8Array(parts.reduce((n, p) => n + p.length + 1, 0));
    let pos = 0;
    for (const p of parts) {
      out.set(p, pos);
      pos += p.length + 1; // the byte after each string stays 0
    }
    return out;
  }
  const width = WIDTH[type];
  const out = new Uint8Array(items.length * width);
  const view = new DataView(out.buffer);
  items.forEach((x, i) => {
    const at = i * width;
    const where = (why: string) => bad(`element ${i}: ${why}`);
    switch (type) {
      case 'FloatArray':
      case 'DoubleArray':
        if (typeof x !== 'number') throw where('expected a number');
        if (type === 'FloatArray') view.setFloat32(at, x, true);
        else view.setFloat64(at, x, true);
        return;
      case 'Int64Array':
        view.setBigInt64(at, int64Of(x, where), true);
        return;
      case 'UInt64Array':
        view.setBigUint64(at, uint64Of(x, where), true);
        return;
      case 'DateTimeArray':
        view.setBigInt64(at, int64Of(x instanceof Date ? x.getTime() : x, where), true);
        return;
      default: {
        const [min, max] = INT_RANGE[type] ?? [0, 0];
        const n = typeof x === 'bigint' ? Number(x) : x;
        if (typeof n !== 'number' || !Number.isInteger(n) || n < min || n > max)
          throw where(`${String(x)} is not an integer in ${min}..${max}`);
        if (width === 1) view.setUint8(at, n & 0xff);
        else if (width === 2) view.setUint16(at, n & 0xffff, true);
        else view.setUint32(at, n >>> 0, true);
      }
    }
  });
  return out;
}

/** Unpacks bytes_value into an array; throws for a length that does not fit the type. */
export function unpackArray(type: ArrayTypeName, bytes: Uint8Array): ArrayValue {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (type === 'BooleanArray') {
    if (bytes.length < 4) throw new Error('BooleanArray shorter than its 4-byte count');
    const count = view.getUint32(0, true);
    if (count > (bytes.length - 4) * 8) throw new Error(`BooleanArray of ${count} values in ${bytes.length - 4} bytes`);
    return Array.from({ length: count }, (_, i) => ((bytes[4 + (i >> 3)] ?? 0) & (0x80 >> (i & 7))) !== 0);
  }
  if (type === 'StringArray') {
    const out: string[] = [];
    let start = 0;
    for (let i = 0; i < bytes.length; i++)
      if (bytes[i] === 0) {
        out.push(utf8Decoder.decode(bytes.subarray(start, i)));
        start = i + 1;
      }
    // Tolerates a last string without its NUL, as some writers leave it out.
    if (start < bytes.length) out.push(utf8Decoder.decode(bytes.subarray(start)));
    return out;
  }
  const width = WIDTH[type];
  if (bytes.length % width) throw new Error(`${type} of ${bytes.length} bytes is not a multiple of ${width}`);
  const n = bytes.length / width;
  const read = (i: number): number | bigint => {
    const at = i * width;
    switch (type) {
      case 'Int8Array':
        return view.getInt8(at);
      case 'Int16Array':
        return view.getInt16(at, true);
      case 'Int32Array':
        return view.getInt32(at, true);
      case 'UInt8Array':
        return view.getUint8(at);
      case 'UInt16Array':
        return view.getUint16(at, true);
      case 'UInt32Array':
        return view.getUint32(at, true);
      case 'FloatArray':
        return view.getFloat32(at, true);
      case 'DoubleArray':
        return view.getFloat64(at, true);
      case 'UInt64Array':
        return safe(view.getBigUint64(at, true));
      default: // Int64Array, DateTimeArray
        return safe(view.getBigInt64(at, true));
    }
  };
  return Array.from({ length: n }, (_, i) => read(i));
}

function isArrayLike(v: unknown): v is ArrayLike<unknown> {
  return Array.isArray(v) || (ArrayBuffer.isView(v) && !(v instanceof DataView));
}
