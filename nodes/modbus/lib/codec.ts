/**
 * Typed values in Modbus registers. A register is one 16-bit word sent high byte first; wider values
 * span consecutive registers, and devices disagree on the order of their bytes and words. The
 * order is named by where the bytes of the big-endian value `A B C D` end up on the wire:
 *
 * | order  | registers (32-bit) | what it is |
 * |--------|--------------------|------------|
 * | `ABCD` | `[AB] [CD]`        | big endian, high word first (Modbus' own convention) |
 * | `CDAB` | `[CD] [AB]`        | low word first ("word swap", many PLCs) |
 * | `BADC` | `[BA] [DC]`        | bytes swapped inside each word |
 * | `DCBA` | `[DC] [BA]`        | little endian |
 *
 * 64-bit values follow the same two rules (reverse the words, swap the bytes in each word); 16-bit
 * values only swap their bytes under `BADC` and `DCBA`.
 */

export const DATA_TYPES = ['int16', 'uint16', 'int32', 'uint32', 'float32', 'float64'] as const;
export type DataType = (typeof DATA_TYPES)[number];

export const WORD_ORDERS = ['ABCD', 'CDAB', 'BADC', 'DCBA'] as const;
export type WordOrder = (typeof WORD_ORDERS)[number];

/** Registers one value of `type` takes. */
export function registersPer(type: DataType): number {
  return type === 'float64' ? 4 : type === 'int16' || type === 'uint16' ? 1 : 2;
}

const swapsWords = (order: WordOrder) => order === 'CDAB' || order === 'DCBA';
const swapsBytes = (order: WordOrder) => order === 'BADC' || order === 'DCBA';

/** Linear scaling: `rawLow..rawHigh` on the device is `engLow..engHigh` in the flow. */
export interface LinearScale {
  rawLow: number;
  rawHigh: number;
  engLow: number;
  engHigh: number;
}

/** Engineering value of a raw one. */
export function toEngineering(raw: number, s: LinearScale): number {
  return s.engLow + ((raw - s.rawLow) * (s.engHigh - s.engLow)) / (s.rawHigh - s.rawLow);
}

/** Raw value of an engineering one (the inverse of {@link toEngineering}). */
export function toRaw(eng: number, s: LinearScale): number {
  return s.rawLow + ((eng - s.engLow) * (s.rawHigh - s.rawLow)) / (s.engHigh - s.engLow);
}

/**
 * Decodes `count` values of `type` from `registers` (16-bit words as read). Throws a RangeError
 * when there are too few registers.
 */
export function decodeValues(registers: readonly number[], type: DataType, order: WordOrder, count: number): number[] {
  const width = registersPer(type);
  if (registers.length < width * count)
    throw new RangeError(`${count} ${type} value(s) need ${width * count} registers, got ${registers.length}`);
  const out: number[] = [];
  for (let i = 0; i < count; i++) out.push(decodeOne(registers.slice(i * width, (i + 1) * width), type, order));
  return out;
}

/**
 * Encodes values of `type` into registers. Integers must be whole and in the type's range, floats
 * finite (a float32 is rounded to the nearest float32); otherwise a RangeError names the value.
 */
export function encodeValues(values: readonly number[], type: DataType, order: WordOrder): number[] {
  return values.flatMap((v) => encodeOne(v, type, order));
}

function decodeOne(words: readonly number[], type: DataType, order: WordOrder): number {
  const buf = Buffer.alloc(words.length * 2);
  const ordered = swapsWords(order) ? [...words].reverse() : words;
  ordered.forEach((w, i) => buf.writeUInt16BE(w & 0xffff, i * 2));
  if (swapsBytes(order)) buf.swap16();
  return read(buf, type);
}

function encodeOne(value: number, type: DataType, order: WordOrder): number[] {
  check(value, type);
  const buf = Buffer.alloc(registersPer(type) * 2);
  write(buf, type, value);
  if (swapsBytes(order)) buf.swap16();
  const words: number[] = [];
  for (let i = 0; i < buf.length; i += 2) words.push(buf.readUInt16BE(i));
  return swapsWords(order) ? words.reverse() : words;
}

function read(buf: Buffer, type: DataType): number {
  switch (type) {
    case 'int16':
      return buf.readInt16BE(0);
    case 'uint16':
      return buf.readUInt16BE(0);
    case 'int32':
      return buf.readInt32BE(0);
    case 'uint32':
      return buf.readUInt32BE(0);
    case 'float32':
      return buf.readFloatBE(0);
    case 'float64':
      return buf.readDoubleBE(0);
  }
}

function write(buf: Buffer, type: DataType, v: number): void {
  switch (type) {
    case 'int16':
      return void buf.writeInt16BE(v, 0);
    case 'uint16':
      return void buf.writeUInt16BE(v, 0);
    case 'int32':
      return void buf.writeInt32BE(v, 0);
    case 'uint32':
      return void buf.writeUInt32BE(v, 0);
    case 'float32':
      return void buf.writeFloatBE(v, 0);
    case 'float64':
      return void buf.writeDoubleBE(v, 0);
  }
}

const RANGES: Partial<Record<DataType, [number, number]>> = {
  int16: [-0x8000, 0x7fff],
  uint16: [0, 0xffff],
  int32: [-0x80000000, 0x7fffffff],
  uint32: [0, 0xffffffff],
};

function check(v: number, type: DataType): void {
  if (!Number.isFinite(v)) throw new RangeError(`${String(v)} is not a finite number, so it cannot be a ${type}`);
  const range = RANGES[type];
  if (!range) return;
  if (!Number.isInteger(v) || v < range[0] || v > range[1])
    throw new RangeError(`${v} is not a ${type} (whole numbers from ${range[0]} to ${range[1]})`);
}

/** Largest read the protocol allows in one request: 125 registers, 2000 coils or inputs. */
export const MAX_READ = { registers: 125, bits: 2000 } as const;
/** Largest write in one request: 123 registers (FC 16), 1968 coils (FC 15). */
export const MAX_WRITE = { registers: 123, bits: 1968 } as const;

/**
 * Splits a span of `quantity` items from `address` into requests of at most `max` items, never
 * splitting a value of `unit` items (a float32 is 2 registers) across two requests.
 */
export function splitSpan(
  address: number,
  quantity: number,
  max: number,
  unit = 1,
): Array<{ address: number; quantity: number }> {
  const step = Math.max(unit, max - (max % unit));
  const out: Array<{ address: number; quantity: number }> = [];
  for (let done = 0; done < quantity; done += step)
    out.push({ address: address + done, quantity: Math.min(step, quantity - done) });
  return out;
}
