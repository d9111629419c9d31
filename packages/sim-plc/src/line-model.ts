import { createPrng, type Prng } from './prng.js';

export type MachineState = 'running' | 'idle' | 'down';

/** Reason codes as a PLC reports them: 0 while running, 1xx idle, 2xx down. */
export const REASON_CODES = {
  0: { state: 'running', text: 'Running' },
  100: { state: 'idle', text: 'No work order' },
  101: { state: 'idle', text: 'Starved' },
  102: { state: 'idle', text: 'Blocked' },
  200: { state: 'down', text: 'Jam' },
  201: { state: 'down', text: 'Tool change' },
  202: { state: 'down', text: 'Overheat' },
  203: { state: 'down', text: 'Electrical fault' },
  // Stops an operator gives a reason for (never random): the texts are the dashboards' reason labels.
  204: { state: 'down', text: 'Changeover' },
  205: { state: 'down', text: 'Maintenance' },
  206: { state: 'down', text: 'Quality problem' },
  207: { state: 'down', text: 'No material' },
} as const satisfies Record<number, { state: MachineState; text: string }>;

export type ReasonCode = keyof typeof REASON_CODES;

export function isReasonCode(code: unknown): code is ReasonCode {
  return typeof code === 'number' && Object.hasOwn(REASON_CODES, code);
}

/** Fixed characteristics of one machine of the line. */
export interface MachineProfile {
  name: string;
  /** Ideal cycle time in seconds. */
  idealCycleTime: number;
  /** Initial temperature setpoint in °C. */
  temperatureSetpoint: number;
  /** Hydraulic pressure while running, in bar. */
  nominalPressure: number;
}

/** What the PLC exposes for one machine. */
export interface MachineSnapshot {
  name: string;
  state: MachineState;
  reasonCode: ReasonCode;
  reasonText: string;
  goodCount: number;
  rejectCount: number;
  /** Duration of the last completed cycle, in seconds. */
  cycleTime: number;
  /** °C, measured (noise and drift included). */
  temperature: number;
  /** bar, measured. */
  pressure: number;
  temperatureSetpoint: number;
  /** The reason code of an operator's stop in force (`command`), 0 when none. */
  stopCode: number;
}

export interface LineSnapshot {
  workOrder: string;
  machines: MachineSnapshot[];
}

/** The line of the demo: Machine1 feeds Machine2. */
export const DEFAULT_MACHINES: readonly MachineProfile[] = [
  { name: 'Machine1', idealCycleTime: 2.0, temperatureSetpoint: 65, nominalPressure: 120 },
  { name: 'Machine2', idealCycleTime: 2.5, temperatureSetpoint: 55, nominalPressure: 90 },
];

const AMBIENT = 25;
/** Random events while running: rate per second and duration range in seconds. */
const EVENTS: ReadonlyArray<{ reason: ReasonCode; ratePerSecond: number; duration: [number, number] }> = [
  { reason: 200, ratePerSecond: 1 / 600, duration: [8, 30] },
  { reason: 201, ratePerSecond: 1 / 1800, duration: [45, 120] },
  { reason: 203, ratePerSecond: 1 / 3600, duration: [30, 90] },
  { reason: 101, ratePerSecond: 1 / 300, duration: [5, 20] },
];

interface MachineSim {
  profile: MachineProfile;
  out: MachineSnapshot;
  /** True process values before measurement noise. */
  trueTemperature: number;
  truePressure: number;
  temperatureDrift: number;
  pressureDrift: number;
  /** Fraction of the current cycle done, and that cycle's duration. */
  progress: number;
  currentCycle: number;
  /** A random stop in progress: reason and remaining seconds. */
  event: { reason: ReasonCode; remaining: number } | null;
  forced: { state: MachineState; reasonCode: ReasonCode } | null;
}

/**
 * A production line of machines in series, simulated in discrete steps. Pure and deterministic for
 * a given seed and sequence of calls, so tests can assert exact values or ranges.
 *
 * Behaviour: without a work order every machine idles (100). A running machine completes cycles of
 * about its ideal cycle time (±3 %), each part good or rejected (2 % plus 1 % per °C the temperature
 * is more than 2 °C off its setpoint). Random jams, tool changes, faults and starvation stop it for a
 * while; a machine whose downstream neighbour is down is blocked (102), one whose upstream neighbour
 * is down is starved (101). Temperatures follow the setpoint while running and cool when stopped;
 * pressures follow the machine state. Both carry noise and a slow bounded drift. Counters restart at
 * 0 when the work order changes (per-order counts, as many line PLCs keep them).
 */
export class LineModel {
  private readonly rng: Prng;
  private readonly machines: MachineSim[];
  private workOrder: string;

  constructor(options: { seed?: number; machines?: readonly MachineProfile[]; workOrder?: string } = {}) {
    this.rng = createPrng(options.seed ?? 1);
    this.workOrder = options.workOrder ?? 'WO-1000';
    const profiles = options.machines ?? DEFAULT_MACHINES;
    if (profiles.length === 0) throw new Error('a line needs at least one machine');
    this.machines = profiles.map((profile) => ({
      profile,
      out: {
        name: profile.name,
        state: 'running',
        reasonCode: 0,
        reasonText: REASON_CODES[0].text,
        goodCount: 0,
        rejectCount: 0,
        cycleTime: profile.idealCycleTime,
        temperature: profile.temperatureSetpoint,
        pressure: profile.nominalPressure,
        temperatureSetpoint: profile.temperatureSetpoint,
        stopCode: 0,
      },
      trueTemperature: profile.temperatureSetpoint,
      truePressure: profile.nominalPressure,
      temperatureDrift: 0,
      pressureDrift: 0,
      progress: 0,
      currentCycle: profile.idealCycleTime,
      event: null,
      forced: null,
    }));
    this.updateStates();
  }

  /** Names of the machines, upstream first. */
  get machineNames(): string[] {
    return this.machines.map((m) => m.profile.name);
  }

  /** A copy of what the PLC currently exposes. */
  snapshot(): LineSnapshot {
    return { workOrder: this.workOrder, machines: this.machines.map((m) => ({ ...m.out })) };
  }

  /** Advances the simulation by `dt` seconds (keep steps small, e.g. 0.1 s). */
  tick(dt: number): void {
    if (!(dt > 0)) return;
    for (const m of this.machines) this.advanceEvent(m, dt);
    this.updateStates();
    for (const m of this.machines) {
      if (m.out.state === 'running') this.advanceCycle(m, dt);
      this.advanceProcess(m, dt);
    }
  }

  /** Sets the work order; counters restart at 0 when it changes, and an empty one idles the line. */
  setWorkOrder(workOrder: string): void {
    if (workOrder === this.workOrder) return;
    this.workOrder = workOrder;
    for (const m of this.machines) {
      m.out.goodCount = 0;
      m.out.rejectCount = 0;
      m.progress = 0;
    }
    this.updateStates();
  }

  setTemperatureSetpoint(machine: string, value: number): void {
    if (!Number.isFinite(value)) throw new Error(`setpoint must be a finite number, got ${value}`);
    this.machine(machine).out.temperatureSetpoint = value;
  }

  /**
   * Holds a machine in a state (tests, demos) until released with `'auto'`. The reason code
   * defaults to the typical one for the state and must belong to it.
   */
  force(machine: string, state: MachineState | 'auto', reasonCode?: ReasonCode): void {
    const m = this.machine(machine);
    m.out.stopCode = 0;
    if (state === 'auto') m.forced = null;
    else {
      const code = reasonCode ?? (state === 'running' ? 0 : state === 'idle' ? 101 : 200);
      if (REASON_CODES[code].state !== state)
        throw new Error(`reason code ${code} (${REASON_CODES[code].text}) is not a ${state} reason`);
      m.forced = { state, reasonCode: code };
    }
    this.updateStates();
  }

  /**
   * An operator's command, as a line PLC takes it: a reason code stops the machine in that reason's
   * state (a down code: down with that reason, so downtime by reason shows it) until 0 starts it
   * again (back to automatic). The same hold as `force`; a later `force` replaces it.
   */
  command(machine: string, code: number): void {
    if (!isReasonCode(code)) throw new Error(`unknown reason code ${code}`);
    this.force(machine, code === 0 ? 'auto' : REASON_CODES[code].state, code === 0 ? undefined : code);
    this.machine(machine).out.stopCode = code;
  }

  /** Overwrites counters (e.g. to test a counter rollover downstream). */
  setCounters(machine: string, counters: { good?: number; reject?: number }): void {
    const m = this.machine(machine);
    if (counters.good !== undefined) m.out.goodCount = counters.good >>> 0;
    if (counters.reject !== undefined) m.out.rejectCount = counters.reject >>> 0;
  }

  private machine(name: string): MachineSim {
    const m = this.machines.find((x) => x.profile.name === name);
    if (!m) throw new Error(`unknown machine "${name}"; the line has ${this.machineNames.join(', ')}`);
    return m;
  }

  private advanceEvent(m: MachineSim, dt: number): void {
    if (m.event) {
      m.event.remaining -= dt;
      if (m.event.remaining <= 0) m.event = null;
      return;
    }
    if (m.out.state !== 'running' || m.forced) return;
    for (const e of EVENTS) {
      // Starvation from material supply only hits the first machine; the others starve from upstream.
      if (e.reason === 101 && m !== this.machines[0]) continue;
      if (this.rng.next() < e.ratePerSecond * dt) {
        m.event = { reason: e.reason, remaining: this.rng.between(e.duration[0], e.duration[1]) };
        return;
      }
    }
  }

  private updateStates(): void {
    // Own condition first (forced, no order, random stop), then the neighbours' influence.
    const own = this.machines.map((m): ReasonCode => {
      if (m.forced) return m.forced.reasonCode;
      if (this.workOrder === '') return 100;
      return m.event?.reason ?? 0;
    });
    this.machines.forEach((m, i) => {
      let code = own[i] ?? 0;
      if (code === 0 && !m.forced) {
        const downstream = this.machines[i + 1];
        const upstream = this.machines[i - 1];
        if (downstream && REASON_CODES[own[i + 1] ?? 0].state === 'down') code = 102;
        else if (upstream && REASON_CODES[own[i - 1] ?? 0].state === 'down') code = 101;
      }
      m.out.reasonCode = code;
      m.out.reasonText = REASON_CODES[code].text;
      m.out.state = REASON_CODES[code].state;
    });
  }

  private advanceCycle(m: MachineSim, dt: number): void {
    m.progress += dt / m.currentCycle;
    if (m.progress < 1) return;
    m.progress -= 1;
    m.out.cycleTime = Math.round(m.currentCycle * 1000) / 1000;
    const offTarget = Math.max(0, Math.abs(m.trueTemperature - m.out.temperatureSetpoint) - 2);
    const rejectRate = Math.min(0.5, 0.02 + 0.01 * offTarget);
    if (this.rng.next() < rejectRate) m.out.rejectCount = (m.out.rejectCount + 1) >>> 0;
    else m.out.goodCount = (m.out.goodCount + 1) >>> 0;
    m.currentCycle = Math.max(0.1, m.profile.idealCycleTime * (1 + this.rng.gaussian(0, 0.03)));
  }

  private advanceProcess(m: MachineSim, dt: number): void {
    const state = m.out.state;
    const tempTarget =
      state === 'running' ? m.out.temperatureSetpoint : state === 'idle' ? m.out.temperatureSetpoint - 10 : AMBIENT;
    const tempTau = state === 'running' ? 20 : state === 'idle' ? 60 : 120;
    m.trueTemperature += (tempTarget - m.trueTemperature) * (1 - Math.exp(-dt / tempTau));
    const nominal = m.profile.nominalPressure;
    const pressureTarget = state === 'running' ? nominal : state === 'idle' ? nominal * 0.6 : 0;
    m.truePressure += (pressureTarget - m.truePressure) * (1 - Math.exp(-dt / 1.5));
    // Sensor drift: a random walk held within a band, as a slowly ageing sensor would wander.
    m.temperatureDrift = clamp(m.temperatureDrift + this.rng.gaussian(0, 0.05 * Math.sqrt(dt)), -1.5, 1.5);
    m.pressureDrift = clamp(m.pressureDrift + this.rng.gaussian(0, 0.1 * Math.sqrt(dt)), -2, 2);
    m.out.temperature = round2(m.trueTemperature + m.temperatureDrift + this.rng.gaussian(0, 0.15));
    m.out.pressure = round2(
      Math.max(0, m.truePressure + (state === 'down' ? 0 : m.pressureDrift + this.rng.gaussian(0, 0.8))),
    );
  }
}

function clamp(v: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, v));
}

function round2(v: number): number {
  return Math.round(v * 100) / 100;
}
