import { UserError } from '@millwright/model';
import type { ModbusConnection } from '../modbus-client/modbus-connection.js';
import {
  decodeValues,
  encodeValues,
  MAX_READ,
  MAX_WRITE,
  registersPer,
  splitSpan,
  toEngineering,
  toRaw,
  type DataType,
  type LinearScale,
  type WordOrder,
} from './codec.js';

export type Area = 'holding-registers' | 'input-registers' | 'coils' | 'discrete-inputs';

/** What to read or write and how values are encoded. */
export interface Span {
  area: Area;
  address: number;
  /** Values (booleans, or values of `dataType`). */
  quantity: number;
  dataType: DataType;
  order: WordOrder;
  scale?: (LinearScale & { enabled: boolean }) | undefined;
}

export const isBitArea = (area: Area) => area === 'coils' || area === 'discrete-inputs';

/** Result of {@link readSpan}: the values and the raw registers (or bits) they came from. */
export interface ReadResult {
  values: Array<number | boolean>;
  raw: Array<number | boolean>;
  /** Requests it took (a long span is split). */
  requests: number;
}

/**
 * Reads a span, split into requests the protocol allows (125 registers, 2000 bits, a value never
 * cut in two), and decodes it. Rejects with the connection's coded errors, or `modbus_out_of_range`
 * when the span runs past address 65535.
 */
export async function readSpan(connection: ModbusConnection, span: Span): Promise<ReadResult> {
  const bits = isBitArea(span.area);
  const width = bits ? 1 : registersPer(span.dataType);
  const total = span.quantity * width;
  checkRange(span.address, total);
  const parts = splitSpan(span.address, total, bits ? MAX_READ.bits : MAX_READ.registers, width);
  const raw: Array<number | boolean> = [];
  for (const part of parts) {
    const info = { op: 'read' as const, area: span.area, ...part };
    const got = await connection.request(info, async (c) => {
      switch (span.area) {
        case 'coils':
          return (await c.readCoils(part.address, part.quantity)).data.slice(0, part.quantity);
        case 'discrete-inputs':
          return (await c.readDiscreteInputs(part.address, part.quantity)).data.slice(0, part.quantity);
        case 'holding-registers':
          return (await c.readHoldingRegisters(part.address, part.quantity)).data;
        case 'input-registers':
          return (await c.readInputRegisters(part.address, part.quantity)).data;
      }
    });
    raw.push(...got);
  }
  if (bits) return { values: raw, raw, requests: parts.length };
  const decoded = decodeValues(raw.map(Number), span.dataType, span.order, span.quantity);
  const scale = span.scale;
  return {
    values: scale?.enabled ? decoded.map((v) => toEngineering(v, scale)) : decoded,
    raw,
    requests: parts.length,
  };
}

/**
 * Writes values from `span.address` on: coils (FC 5 for one, FC 15 for several) or holding
 * registers (FC 6 for one register, FC 16 otherwise), split into requests the protocol allows.
 * Throws `modbus_bad_value` (UserError) for a value its type cannot hold. Returns the registers
 * (or bits) written.
 */
export async function writeSpan(
  connection: ModbusConnection,
  span: Omit<Span, 'quantity'> & { values: ReadonlyArray<number | boolean> },
): Promise<Array<number | boolean>> {
  if (span.area !== 'coils' && span.area !== 'holding-registers')
    throw new UserError('modbus_read_only_area', `${span.area} are read-only; write coils or holding registers`);
  const bits = span.area === 'coils';
  const words: Array<number | boolean> = bits ? span.values.map(toBit) : encodeRegisters(span);
  const width = bits ? 1 : registersPer(span.dataType);
  checkRange(span.address, words.length);
  const parts = splitSpan(span.address, words.length, bits ? MAX_WRITE.bits : MAX_WRITE.registers, width);
  for (const part of parts) {
    const slice = words.slice(part.address - span.address, part.address - span.address + part.quantity);
    await connection.request({ op: 'write', area: span.area, ...part }, async (c) => {
      if (bits) {
        const states = slice.map(Boolean);
        if (states.length === 1) await c.writeCoil(part.address, states[0] === true);
        else await c.writeCoils(part.address, states);
      } else {
        const regs = slice.map(Number);
        if (regs.length === 1) await c.writeRegister(part.address, regs[0] ?? 0);
        else await c.writeRegisters(part.address, regs);
      }
    });
  }
  return words;
}

function encodeRegisters(span: Omit<Span, 'quantity'> & { values: ReadonlyArray<number | boolean> }): number[] {
  const integer = span.dataType !== 'float32' && span.dataType !== 'float64';
  const scale = span.scale;
  const raw = span.values.map((v) => {
    const n = typeof v === 'boolean' ? Number(v) : v;
    if (typeof n !== 'number') throw badValue(`${JSON.stringify(v)} is not a number`);
    const scaled = scale?.enabled ? toRaw(n, scale) : n;
    return integer && scale?.enabled ? Math.round(scaled) : scaled;
  });
  try {
    return encodeValues(raw, span.dataType, span.order);
  } catch (err) {
    throw badValue(err instanceof Error ? err.message : String(err));
  }
}

function toBit(v: number | boolean): boolean {
  if (typeof v === 'boolean') return v;
  if (v === 0 || v === 1) return v === 1;
  throw badValue(`${JSON.stringify(v)} is not a coil state (true, false, 1 or 0)`);
}

const badValue = (why: string) => new UserError('modbus_bad_value', `cannot write: ${why}`);

function checkRange(address: number, count: number): void {
  if (address + count > 65_536)
    throw new UserError(
      'modbus_out_of_range',
      `${count} item(s) from address ${address} run past the last Modbus address 65535`,
    );
}
