import type { LineSnapshot, MachineState } from './line-model.js';

/**
 * The register map of the simulated Modbus slave (also in docs/modbus.md). Machine `m` (0 for the
 * first machine of the line) starts at address `100 * m` in every area; 32-bit values are big
 * endian, high word first (ABCD). Addresses `1000..1999` of the holding registers and coils are
 * scratch memory that keeps whatever is written, for trying data types and word orders.
 */
export const MODBUS_MAP = {
  /** Addresses between machines. */
  stride: 100,
  input: {
    /** 0 running, 1 idle, 2 down. */
    state: 0,
    reasonCode: 1,
    /** uint32, 2 registers. */
    goodCount: 2,
    rejectCount: 4,
    /** float32 °C, 2 registers. */
    temperature: 6,
    /** float32 bar. */
    pressure: 8,
    /** float32 s, the last completed cycle. */
    cycleTime: 10,
    /** int16, temperature in tenths of °C (scale raw 0..10 to 0..1). */
    temperatureTenths: 12,
    /** Registers per machine in use. */
    size: 13,
  },
  holding: {
    /** float32 °C, read/write. */
    temperatureSetpoint: 0,
    /** int16 tenths of °C, read/write. */
    temperatureSetpointTenths: 2,
    size: 3,
  },
  coils: {
    /** Read/write: true holds the machine idle (reason 100) until written false. */
    hold: 0,
    size: 1,
  },
  discrete: {
    running: 0,
    idle: 1,
    down: 2,
    /** |temperature − setpoint| > 5 °C. */
    temperatureAlarm: 3,
    size: 4,
  },
  scratch: { start: 1000, size: 1000 },
} as const;

const STATE_CODES: Record<MachineState, number> = { running: 0, idle: 1, down: 2 };

/** The machine index and offset of `address`, or undefined when it is not a machine's. */
export function machineSlot(
  address: number,
  machines: number,
  size: number,
): { machine: number; offset: number } | undefined {
  const machine = Math.floor(address / MODBUS_MAP.stride);
  const offset = address % MODBUS_MAP.stride;
  return machine < machines && offset < size ? { machine, offset } : undefined;
}

/** The input registers of one machine, in map order. */
export function inputRegisters(line: LineSnapshot, machine: number): number[] | undefined {
  const m = line.machines[machine];
  if (!m) return undefined;
  const buf = Buffer.alloc(MODBUS_MAP.input.size * 2);
  buf.writeUInt16BE(STATE_CODES[m.state], 0);
  buf.writeUInt16BE(m.reasonCode, 2);
  buf.writeUInt32BE(m.goodCount >>> 0, 4);
  buf.writeUInt32BE(m.rejectCount >>> 0, 8);
  buf.writeFloatBE(m.temperature, 12);
  buf.writeFloatBE(m.pressure, 16);
  buf.writeFloatBE(m.cycleTime, 20);
  buf.writeInt16BE(clampInt16(Math.round(m.temperature * 10)), 24);
  return words(buf);
}

/** The holding registers of one machine, in map order. */
export function holdingRegisters(line: LineSnapshot, machine: number): number[] | undefined {
  const m = line.machines[machine];
  if (!m) return undefined;
  const buf = Buffer.alloc(MODBUS_MAP.holding.size * 2);
  buf.writeFloatBE(m.temperatureSetpoint, 0);
  buf.writeInt16BE(clampInt16(Math.round(m.temperatureSetpoint * 10)), 4);
  return words(buf);
}

/** The discrete inputs of one machine, in map order. */
export function discreteInputs(line: LineSnapshot, machine: number): boolean[] | undefined {
  const m = line.machines[machine];
  if (!m) return undefined;
  return [
    m.state === 'running',
    m.state === 'idle',
    m.state === 'down',
    Math.abs(m.temperature - m.temperatureSetpoint) > 5,
  ];
}

/** The float32 in two registers (ABCD). */
export function float32Of(high: number, low: number): number {
  const buf = Buffer.alloc(4);
  buf.writeUInt16BE(high & 0xffff, 0);
  buf.writeUInt16BE(low & 0xffff, 2);
  return buf.readFloatBE(0);
}

/** The int16 of a register. */
export function int16Of(word: number): number {
  return (word & 0xffff) >= 0x8000 ? (word & 0xffff) - 0x10000 : word & 0xffff;
}

function words(buf: Buffer): number[] {
  const out: number[] = [];
  for (let i = 0; i < buf.length; i += 2) out.push(buf.readUInt16BE(i));
  return out;
}

function clampInt16(v: number): number {
  return Math.max(-0x8000, Math.min(0x7fff, v));
}
