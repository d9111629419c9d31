import { describe, expect, it } from 'vitest';
import { OeeTracker } from './tracker.js';

const MIN = 60_000;
const T0 = Date.parse('2024-05-01T06:00:00Z');
const m = (minutes: number) => T0 + minutes * MIN;

describe('OeeTracker', () => {
  it('rebuilds the oee.com shift from state and count messages (source: oee.com "OEE Calculation")', () => {
    // 480 min shift; breaks 15 + 15 min and a 30 min meal are planned stops; 47 min down.
    const t = new OeeTracker({ idleAs: 'performance-loss', idealCycleTimeMs: 1_000 });
    const timeline: Array<[number, Parameters<OeeTracker['setState']>[0], string | null]> = [
      [0, 'running', null],
      [100, 'planned-stop', 'break'],
      [115, 'running', null],
      [150, 'down', 'jam'],
      [170, 'running', null],
      [230, 'planned-stop', 'meal'],
      [260, 'running', null],
      [300, 'down', 'changeover'],
      [327, 'running', null],
      [400, 'planned-stop', 'break'],
      [415, 'running', null],
    ];
    for (const [at, state, reason] of timeline) t.setState(state, reason, m(at));
    // Counts arrive spread over the shift: 19,271 total of which 423 rejected.
    for (let i = 0; i < 19; i++) t.addCount('total', 1_000, m(10 + i * 20));
    t.addCount('total', 271, m(470));
    t.addCount('reject', 400, m(200));
    t.addCount('reject', 23, m(479));
    const r = t.record({ start: m(0), end: m(480), closed: true, name: 'early' });
    expect(r).toMatchObject({
      plannedTime: 420 * MIN,
      runTime: 373 * MIN,
      downtime: 47 * MIN,
      plannedStopTime: 60 * MIN,
      unknownTime: 0,
      totalCount: 19_271,
      goodCount: 18_848,
      rejectCount: 423,
      idealCycleTime: 1_000,
      final: true,
      window: { start: '2024-05-01T06:00:00.000Z', end: '2024-05-01T14:00:00.000Z', name: 'early' },
    });
    expect(r.availability).toBeCloseTo(0.8881, 4);
    expect(r.performance).toBeCloseTo(0.8611, 4);
    expect(r.quality).toBeCloseTo(0.978, 4);
    expect(r.oee).toBeCloseTo(0.7479, 4);
    expect(r.losses).toEqual([
      { reason: 'changeover', durationMs: 27 * MIN, count: 1 },
      { reason: 'jam', durationMs: 20 * MIN, count: 1 },
    ]);
  });

  it('time before the first state message is unknown, not planned time', () => {
    const t = new OeeTracker({ idleAs: 'performance-loss' });
    t.setState('running', null, m(30));
    const r = t.record({ start: m(0), end: m(60), closed: false });
    expect(r).toMatchObject({ unknownTime: 30 * MIN, plannedTime: 30 * MIN, availability: 1 });
  });

  it('idle counts as run time (performance loss) by default, or as downtime with a reason', () => {
    for (const idleAs of ['performance-loss', 'downtime'] as const) {
      const t = new OeeTracker({ idleAs });
      t.setState('running', null, m(0));
      t.setState('idle', 'starved', m(40));
      t.setState('running', null, m(50));
      const r = t.record({ start: m(0), end: m(60), closed: true });
      if (idleAs === 'performance-loss')
        expect(r).toMatchObject({ runTime: 60 * MIN, downtime: 0, idleTime: 10 * MIN, losses: [] });
      else
        expect(r).toMatchObject({
          runTime: 50 * MIN,
          downtime: 10 * MIN,
          losses: [{ reason: 'starved', durationMs: 10 * MIN, count: 1 }],
        });
    }
  });

  it('counts each stop per reason, clips stops to the window, and names a missing reason', () => {
    const t = new OeeTracker({ idleAs: 'performance-loss' });
    t.setState('down', 'jam', m(-10)); // started before the window
    t.setState('running', null, m(5));
    t.setState('down', 'jam', m(20));
    t.setState('down', 'jam', m(22)); // same state and reason: one stop
    t.setState('running', null, m(25));
    t.setState('down', null, m(50));
    const r = t.record({ start: m(0), end: m(60), closed: false });
    expect(r.losses).toEqual([
      { reason: 'jam', durationMs: 10 * MIN, count: 2 },
      { reason: 'unspecified', durationMs: 10 * MIN, count: 1 },
    ]);
    expect(r.downtime).toBe(20 * MIN);
  });

  it('a stop that starts at the end of an open window shows with 0 ms; a closed window leaves it to the next', () => {
    const t = new OeeTracker({ idleAs: 'performance-loss' });
    t.setState('running', null, m(0));
    t.setState('down', 'jam', m(60));
    expect(t.record({ start: m(0), end: m(60), closed: false }).losses).toEqual([
      { reason: 'jam', durationMs: 0, count: 1 },
    ]);
    expect(t.record({ start: m(0), end: m(60), closed: true }).losses).toEqual([]);
  });

  it('values counts at the ideal cycle time in force when they were made (product change)', () => {
    const t = new OeeTracker({ idleAs: 'performance-loss', idealCycleTimeMs: 2_000 });
    t.setState('running', null, m(0));
    t.addCount('total', 600, m(30)); // 600 × 2 s = 20 min
    t.setIdealCycleTime(1_000, m(31));
    t.addCount('total', 1_200, m(55)); // 1200 × 1 s = 20 min
    const r = t.record({ start: m(0), end: m(60), closed: false });
    expect(r.performance).toBeCloseTo(40 / 60, 12);
    expect(r.idealCycleTime).toBe(1_000);
  });

  it('without an ideal cycle time performance is null with a reason', () => {
    const t = new OeeTracker({ idleAs: 'performance-loss' });
    t.setState('running', null, m(0));
    t.addCount('total', 10, m(1));
    t.addCount('good', 9, m(1));
    const r = t.record({ start: m(0), end: m(10), closed: false });
    expect(r).toMatchObject({
      performance: null,
      quality: 0.9,
      oee: null,
      reasons: { performance: 'ideal cycle time unknown' },
    });
  });

  it('missing counters: null counts with reasons; a counter that reported once counts 0 later', () => {
    const t = new OeeTracker({ idleAs: 'performance-loss', idealCycleTimeMs: 1_000 });
    t.setState('running', null, m(0));
    const none = t.record({ start: m(0), end: m(10), closed: false });
    expect(none).toMatchObject({
      totalCount: null,
      goodCount: null,
      rejectCount: null,
      performance: null,
      quality: null,
    });
    expect(none.reasons.quality).toBe('no counts received in the window');
    t.addCount('good', 0, m(10)); // a cumulative counter's baseline reading
    t.addCount('reject', 0, m(10));
    const zero = t.record({ start: m(0), end: m(20), closed: false });
    expect(zero).toMatchObject({ totalCount: 0, goodCount: 0, rejectCount: 0, performance: 0, quality: null });
    // Good and reject counters alone give the total; only total gives no good count.
    t.addCount('good', 95, m(21));
    t.addCount('reject', 5, m(22));
    expect(t.record({ start: m(0), end: m(30), closed: false })).toMatchObject({
      totalCount: 100,
      goodCount: 95,
      quality: 0.95,
    });
    const onlyTotal = new OeeTracker({ idleAs: 'performance-loss' });
    onlyTotal.addCount('total', 5, m(0));
    expect(onlyTotal.record({ start: m(0), end: m(1), closed: false })).toMatchObject({
      totalCount: 5,
      goodCount: null,
      rejectCount: null,
      reasons: { quality: 'no good or reject count received' },
    });
  });

  it('closed windows exclude counts at the end; prune forgets what ended before a time', () => {
    const t = new OeeTracker({ idleAs: 'performance-loss', idealCycleTimeMs: 1_000 });
    t.setState('running', null, m(0));
    t.addCount('total', 1, m(0));
    t.addCount('total', 2, m(60));
    expect(t.record({ start: m(0), end: m(60), closed: true }).totalCount).toBe(1);
    expect(t.record({ start: m(0), end: m(60), closed: false }).totalCount).toBe(3);
    t.setState('down', 'jam', m(70));
    t.prune(m(60));
    const r = t.record({ start: m(0), end: m(80), closed: false });
    // The running segment still overlaps 60..70, so it stays; the count at 0 is gone.
    expect(r.totalCount).toBe(2);
    expect(r.runTime).toBe(70 * MIN);
    // A state change that arrives late is sorted into place.
    t.setState('idle', 'starved', m(65));
    expect(t.record({ start: m(60), end: m(80), closed: false })).toMatchObject({
      idleTime: 5 * MIN,
      runTime: 10 * MIN,
    });
  });
});
