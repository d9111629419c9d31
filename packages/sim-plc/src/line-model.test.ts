import { describe, expect, it } from 'vitest';
import { LineModel } from './line-model.js';
import { createPrng } from './prng.js';

/** Runs the model for `seconds` of simulated time in 100 ms steps. */
function run(model: LineModel, seconds: number): void {
  for (let i = 0; i < seconds * 10; i++) model.tick(0.1);
}

describe('prng', () => {
  it('repeats for a seed and differs between seeds', () => {
    const a = createPrng(42);
    const b = createPrng(42);
    const c = createPrng(43);
    const sa = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(sa);
    expect(Array.from({ length: 5 }, () => c.next())).not.toEqual(sa);
    for (const v of sa) {
      expect(v).toBeGreaterThanOrEqual(0);
      expect(v).toBeLessThan(1);
    }
  });

  it('draws gaussians with the requested mean and spread', () => {
    const p = createPrng(7);
    const xs = Array.from({ length: 20_000 }, () => p.gaussian(10, 2));
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    const sd = Math.sqrt(xs.reduce((s, x) => s + (x - mean) ** 2, 0) / xs.length);
    expect(mean).toBeCloseTo(10, 1);
    expect(sd).toBeCloseTo(2, 1);
  });
});

describe('LineModel', () => {
  it('is deterministic for a seed', () => {
    const a = new LineModel({ seed: 5 });
    const b = new LineModel({ seed: 5 });
    run(a, 120);
    run(b, 120);
    expect(a.snapshot()).toEqual(b.snapshot());
    const c = new LineModel({ seed: 6 });
    run(c, 120);
    expect(c.snapshot()).not.toEqual(a.snapshot());
  });

  it('produces parts at about the ideal cycle time with a few rejects', () => {
    const model = new LineModel({ seed: 3 });
    // Hold both machines running so random stops do not blur the rate.
    model.force('Machine1', 'running');
    model.force('Machine2', 'running');
    run(model, 600);
    const [m1, m2] = model.snapshot().machines;
    const parts1 = (m1?.goodCount ?? 0) + (m1?.rejectCount ?? 0);
    const parts2 = (m2?.goodCount ?? 0) + (m2?.rejectCount ?? 0);
    expect(parts1).toBeGreaterThan(285); // 600 s / 2.0 s = 300
    expect(parts1).toBeLessThan(315);
    expect(parts2).toBeGreaterThan(228); // 600 s / 2.5 s = 240
    expect(parts2).toBeLessThan(252);
    expect(m1?.rejectCount).toBeGreaterThan(0);
    expect((m1?.rejectCount ?? 0) / parts1).toBeLessThan(0.08);
    expect(m1?.cycleTime).toBeGreaterThan(1.8);
    expect(m1?.cycleTime).toBeLessThan(2.2);
  });

  it('keeps temperatures and pressures near their targets while running, with noise', () => {
    const model = new LineModel({ seed: 11 });
    model.force('Machine1', 'running');
    model.force('Machine2', 'running');
    const temps = new Set<number>();
    for (let i = 0; i < 600; i++) {
      model.tick(0.1);
      const m1 = model.snapshot().machines[0];
      expect(m1?.temperature).toBeGreaterThan(65 - 3);
      expect(m1?.temperature).toBeLessThan(65 + 3);
      expect(m1?.pressure).toBeGreaterThan(120 - 6);
      expect(m1?.pressure).toBeLessThan(120 + 6);
      temps.add(m1?.temperature ?? 0);
    }
    expect(temps.size).toBeGreaterThan(50); // noisy, not constant
  });

  it('moves the temperature toward a new setpoint and rejects more while off target', () => {
    const model = new LineModel({ seed: 2 });
    model.force('Machine1', 'running');
    model.setTemperatureSetpoint('Machine1', 85);
    run(model, 10);
    const early = model.snapshot().machines[0];
    expect(early?.temperature).toBeGreaterThan(68);
    expect(early?.temperature).toBeLessThan(84);
    run(model, 150);
    expect(model.snapshot().machines[0]?.temperature).toBeGreaterThan(82);
    expect(model.snapshot().machines[0]?.temperatureSetpoint).toBe(85);
  });

  it('idles without a work order and restarts counters on a new one', () => {
    const model = new LineModel({ seed: 4 });
    model.force('Machine1', 'running');
    run(model, 20);
    expect(model.snapshot().machines[0]?.goodCount).toBeGreaterThan(0);
    model.setWorkOrder('');
    model.force('Machine1', 'auto');
    run(model, 5);
    const idle = model.snapshot();
    expect(idle.machines.map((m) => [m.state, m.reasonCode, m.reasonText])).toEqual([
      ['idle', 100, 'No work order'],
      ['idle', 100, 'No work order'],
    ]);
    expect(idle.machines[0]?.goodCount).toBe(0);
    model.setWorkOrder('WO-2000');
    expect(model.snapshot().workOrder).toBe('WO-2000');
    expect(model.snapshot().machines[1]?.state).not.toBe('idle');
  });

  it('starves the downstream machine and blocks the upstream one around a stop', () => {
    const model = new LineModel({ seed: 8 });
    model.force('Machine1', 'down', 200);
    let [m1, m2] = model.snapshot().machines;
    expect([m1?.state, m1?.reasonText]).toEqual(['down', 'Jam']);
    expect([m2?.state, m2?.reasonCode]).toEqual(['idle', 101]);
    model.force('Machine1', 'running');
    model.force('Machine2', 'down', 201);
    [m1, m2] = model.snapshot().machines;
    expect([m1?.state, m1?.reasonCode]).toEqual(['running', 0]); // forced running ignores the neighbour
    model.force('Machine1', 'auto');
    [m1] = model.snapshot().machines;
    expect([m1?.state, m1?.reasonCode, m1?.reasonText]).toEqual(['idle', 102, 'Blocked']);
  });

  it('stops producing and depressurises while down', () => {
    const model = new LineModel({ seed: 9 });
    model.force('Machine1', 'down', 203);
    const before = model.snapshot().machines[0]?.goodCount;
    run(model, 30);
    const m1 = model.snapshot().machines[0];
    expect(m1?.goodCount).toBe(before);
    expect(m1?.pressure).toBeLessThan(1);
    expect(m1?.temperature).toBeLessThan(65);
  });

  it('has random stops over a simulated shift, each ending by itself', () => {
    const model = new LineModel({ seed: 12 });
    const seen = new Set<number>();
    for (let i = 0; i < 8 * 3600 * 2; i++) {
      model.tick(0.5);
      for (const m of model.snapshot().machines) seen.add(m.reasonCode);
    }
    expect(seen.has(0)).toBe(true);
    expect(seen.has(200)).toBe(true); // jams happen about every 10 minutes of running
    expect(seen.has(101)).toBe(true);
    expect(seen.has(102)).toBe(true);
    expect(model.snapshot().machines.some((m) => m.state === 'running')).toBe(true);
  });

  it("stops a machine on an operator's command with its reason, counted as downtime, until started", () => {
    const model = new LineModel({ seed: 13 });
    model.force('Machine1', 'running');
    run(model, 10);
    model.command('Machine1', 205);
    let m1 = model.snapshot().machines[0];
    expect([m1?.state, m1?.reasonCode, m1?.reasonText, m1?.stopCode]).toEqual(['down', 205, 'Maintenance', 205]);
    expect(model.snapshot().machines[1]?.reasonCode).toBe(101); // starved behind it
    const good = m1?.goodCount;
    run(model, 60); // no random event ends an operator's stop
    m1 = model.snapshot().machines[0];
    expect([m1?.state, m1?.reasonText, m1?.goodCount]).toEqual(['down', 'Maintenance', good]);
    model.command('Machine1', 0);
    run(model, 10);
    m1 = model.snapshot().machines[0];
    expect([m1?.stopCode, m1?.state === 'down']).toEqual([0, false]);
    expect(m1?.goodCount).toBeGreaterThan(good ?? 0);
    expect(() => model.command('Machine1', 299)).toThrow(/unknown reason code 299/);
    model.command('Machine1', 207);
    model.force('Machine1', 'auto'); // the Modbus hold coil's release also ends an operator's stop
    expect(model.snapshot().machines[0]?.stopCode).toBe(0);
  });

  it('refuses a reason code of another state and unknown machines', () => {
    const model = new LineModel();
    expect(() => model.force('Machine1', 'down', 101)).toThrow(/not a down reason/);
    expect(() => model.setTemperatureSetpoint('Machine9', 50)).toThrow(/unknown machine "Machine9"/);
  });
});
