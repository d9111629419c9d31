import type { LineModel } from './line-model.js';
import {
  discreteInputs,
  float32Of,
  holdingRegisters,
  inputRegisters,
  int16Of,
  machineSlot,
  MODBUS_MAP,
} from './modbus-map.js';
import { freePort } from './sim-plc.js';

export interface ModbusSlaveOptions {
  /** The machine model whose values the registers show (the sim PLC's own, so both protocols agree). */
  model: LineModel;
  /** Default 127.0.0.1. */
  host?: string;
  /** TCP port; 0 (the default) picks a free one. */
  port?: number;
  /** Called after a write changed the model (the sim PLC pushes the change to its OPC UA variables). */
  onChange?: () => void;
}

export interface ModbusSlave {
  readonly port: number;
  /** `modbus://host:port` */
  readonly url: string;
  /** Closes the listener and drops every client connection. Idempotent. */
  stop(): Promise<void>;
}

/** Thrown to the server library, which answers with this Modbus exception code. */
const illegalAddress = (what: string) => ({ modbusErrorCode: 2, msg: `illegal data address: ${what}` });

/**
 * Starts a Modbus TCP slave showing `model` by the register map `MODBUS_MAP` (see docs/modbus.md):
 * per machine its state, counts, temperature and pressure as input registers and discrete inputs,
 * its setpoint as holding registers, a hold coil; plus scratch memory. Any unit id is answered.
 * Addresses outside the map answer exception 2 (illegal data address). Resolves once it listens;
 * rejects when the port is taken.
 */
export async function startModbusSlave(options: ModbusSlaveOptions): Promise<ModbusSlave> {
  const { ServerTCP } = await import('modbus-serial');
  const { model } = options;
  const host = options.host ?? '127.0.0.1';
  const port = options.port || (await freePort(host));
  const machines = () => model.machineNames.length;
  const scratchRegs = new Uint16Array(MODBUS_MAP.scratch.size);
  const scratchCoils = new Uint8Array(MODBUS_MAP.scratch.size);
  const held = new Set<number>();
  const inScratch = (address: number, count: number) =>
    address >= MODBUS_MAP.scratch.start && address + count <= MODBUS_MAP.scratch.start + MODBUS_MAP.scratch.size;

  const registersOf = (
    address: number,
    length: number,
    area: string,
    perMachine: (machine: number) => number[] | undefined,
    size: number,
  ): number[] => {
    if (area === 'holding' && inScratch(address, length))
      return [...scratchRegs.subarray(address - MODBUS_MAP.scratch.start, address - MODBUS_MAP.scratch.start + length)];
    const out: number[] = [];
    const cache = new Map<number, number[] | undefined>();
    for (let a = address; a < address + length; a++) {
      const slot = machineSlot(a, machines(), size);
      if (!slot) throw illegalAddress(`no ${area} register ${a}`);
      if (!cache.has(slot.machine)) cache.set(slot.machine, perMachine(slot.machine));
      out.push(cache.get(slot.machine)?.[slot.offset] ?? 0);
    }
    return out;
  };

  const writeHolding = (address: number, values: number[]): void => {
    if (inScratch(address, values.length)) {
      scratchRegs.set(values, address - MODBUS_MAP.scratch.start);
      return;
    }
    const slots = values.map((_, i) => machineSlot(address + i, machines(), MODBUS_MAP.holding.size));
    if (slots.some((s) => !s)) throw illegalAddress(`holding registers ${address}..${address + values.length - 1}`);
    const line = model.snapshot();
    const touched = new Map<number, number[]>();
    slots.forEach((slot, i) => {
      if (!slot) return;
      const words = touched.get(slot.machine) ?? holdingRegisters(line, slot.machine) ?? [];
      words[slot.offset] = values[i] ?? 0;
      touched.set(slot.machine, words);
    });
    for (const [machine, words] of touched) {
      const name = model.machineNames[machine] ?? '';
      const wroteTenths = slots.some(
        (s) => s?.machine === machine && s.offset === MODBUS_MAP.holding.temperatureSetpointTenths,
      );
      const setpoint = wroteTenths
        ? int16Of(words[MODBUS_MAP.holding.temperatureSetpointTenths] ?? 0) / 10
        : float32Of(words[0] ?? 0, words[1] ?? 0);
      if (!Number.isFinite(setpoint))
        throw { modbusErrorCode: 3, msg: 'illegal data value: the setpoint is not a number' };
      model.setTemperatureSetpoint(name, setpoint);
    }
    options.onChange?.();
  };

  const coilSlot = (address: number) => machineSlot(address, machines(), MODBUS_MAP.coils.size);
  const server = new ServerTCP(
    {
      getInputRegister: (addr: number) =>
        registersOf(addr, 1, 'input', (m) => inputRegisters(model.snapshot(), m), MODBUS_MAP.input.size)[0] ?? 0,
      getMultipleInputRegisters: (addr: number, length: number) =>
        registersOf(addr, length, 'input', (m) => inputRegisters(model.snapshot(), m), MODBUS_MAP.input.size),
      getHoldingRegister: (addr: number) =>
        registersOf(addr, 1, 'holding', (m) => holdingRegisters(model.snapshot(), m), MODBUS_MAP.holding.size)[0] ?? 0,
      getMultipleHoldingRegisters: (addr: number, length: number) =>
        registersOf(addr, length, 'holding', (m) => holdingRegisters(model.snapshot(), m), MODBUS_MAP.holding.size),
      setRegister: (addr: number, value: number) => writeHolding(addr, [value]),
      setRegisterArray: (addr: number, values: number[]) => writeHolding(addr, values),
      getCoil: (addr: number) => {
        if (inScratch(addr, 1)) return scratchCoils[addr - MODBUS_MAP.scratch.start] === 1;
        const slot = coilSlot(addr);
        if (!slot) throw illegalAddress(`no coil ${addr}`);
        return held.has(slot.machine);
      },
      setCoil: (addr: number, value: boolean) => {
        if (inScratch(addr, 1)) return void (scratchCoils[addr - MODBUS_MAP.scratch.start] = value ? 1 : 0);
        const slot = coilSlot(addr);
        if (!slot) throw illegalAddress(`no coil ${addr}`);
        const name = model.machineNames[slot.machine] ?? '';
        if (value) held.add(slot.machine);
        else held.delete(slot.machine);
        model.force(name, value ? 'idle' : 'auto', value ? 100 : undefined);
        options.onChange?.();
      },
      getDiscreteInput: (addr: number) => {
        const slot = machineSlot(addr, machines(), MODBUS_MAP.discrete.size);
        if (!slot) throw illegalAddress(`no discrete input ${addr}`);
        return discreteInputs(model.snapshot(), slot.machine)?.[slot.offset] ?? false;
      },
    },
    { host, port, unitID: 255 },
  );
  await new Promise<void>((resolve, reject) => {
    server.once('initialized', () => resolve());
    server.once('serverError', (err: Error | null) => reject(err ?? new Error(`cannot listen on ${host}:${port}`)));
  });
  server.on('socketError', () => undefined); // a client that went away; its socket is already closed
  let stopped: Promise<void> | undefined;
  return {
    port,
    url: `modbus://${host}:${port}`,
    stop: () =>
      (stopped ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
      })),
  };
}
