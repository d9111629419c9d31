import { oeeFactors, type OeeFactors } from './formula.js';

/** Machine states as the node receives them. */
export const MACHINE_STATES = ['running', 'idle', 'down', 'planned-stop'] as const;
export type MachineState = (typeof MACHINE_STATES)[number];

/** Where idle time goes: run time (a performance loss, as in Nakajima's six big losses) or downtime. */
export type IdleAs = 'performance-loss' | 'downtime';

/** Counter kinds, each summed on its own. */
export type CounterKind = 'total' | 'good' | 'reject';

/** One downtime reason's share of the window. */
export interface Loss {
  reason: string;
  durationMs: number;
  /** Stops with this reason that overlap the window. */
  count: number;
}

/** The OEE of one window. Times are milliseconds; `window` bounds are ISO strings. */
export interface OeeRecord extends OeeFactors {
  window: { start: string; end: string; name: string | null };
  /** True for the last record of a closed shift or interval. */
  final: boolean;
  plannedTime: number;
  runTime: number;
  downtime: number;
  idleTime: number;
  plannedStopTime: number;
  /** Time of the window before the first state message (counted as nothing). */
  unknownTime: number;
  /** Ideal cycle time in ms at the end of the window. */
  idealCycleTime: number | null;
  totalCount: number | null;
  goodCount: number | null;
  rejectCount: number | null;
  /** Downtime broken down by reason, longest first. */
  losses: Loss[];
}

interface Segment {
  state: MachineState;
  reason: string | null;
  start: number;
  end: number | null;
}

interface CountEvent {
  at: number;
  kind: CounterKind;
  count: number;
  idealCycleTimeMs: number | null;
}

/**
 * Accumulates machine-state segments and count increments, and computes the OEE of any window
 * still in memory. Pure: times come from the caller, so tests are deterministic.
 */
export class OeeTracker {
  private segments: Segment[] = [];
  private events: CountEvent[] = [];
  private ideal: number | null;
  /**
   * Counters that ever reported. Once a counter has reported, a window without its messages counts
   * 0 for it (counters often publish on change only); before that its count is unknown (null).
   */
  private readonly seen = new Set<CounterKind>();

  constructor(private readonly options: { idleAs: IdleAs; idealCycleTimeMs?: number | undefined }) {
    this.ideal = options.idealCycleTimeMs ?? null;
  }

  /** Current ideal cycle time (ms), or null. */
  get idealCycleTimeMs(): number | null {
    return this.ideal;
  }

  /** Changes the ideal cycle time for counts from now on (a product change). */
  setIdealCycleTime(ms: number): void {
    this.ideal = ms;
  }

  /**
   * The machine entered `state` at `at`. The same state and reason again continues the segment.
   * @throws RangeError when `at` is before the current segment started (out of order).
   */
  setState(state: MachineState, reason: string | null, at: number): void {
    const open = this.segments[this.segments.length - 1];
    if (open && at < open.start) throw new RangeError('state change is older than the current state');
    if (open?.state === state && open.reason === reason) return;
    if (open) open.end = at;
    this.segments.push({ state, reason, start: at, end: null });
  }

  /** The current state, if any was received. */
  get state(): MachineState | undefined {
    return this.segments[this.segments.length - 1]?.state;
  }

  /** Records `count` parts of `kind` at `at` (0: the counter reported no change), valued at the current ideal cycle time. */
  addCount(kind: CounterKind, count: number, at: number): void {
    this.seen.add(kind);
    if (count > 0) this.events.push({ at, kind, count, idealCycleTimeMs: this.ideal });
  }

  /** Forgets segments that ended and counts made before `before`. */
  prune(before: number): void {
    this.segments = this.segments.filter((s) => s.end === null || s.end > before);
    this.events = this.events.filter((e) => e.at >= before);
  }

  /**
   * The OEE of [start, end] (`closed`: [start, end), the window is over). Durations are clipped to
   * the window; the open state lasts until `end`.
   */
  record(args: { start: number; end: number; closed: boolean; name?: string | null }): OeeRecord {
    const { start, end } = args;
    const time = { running: 0, idle: 0, down: 0, 'planned-stop': 0 };
    const byReason = new Map<string, Loss>();
    for (const s of this.segments) {
      const from = Math.max(s.start, start);
      const to = Math.min(s.end ?? end, end);
      // A stop that starts right now shows in an open window's losses with 0 ms.
      if (to <= from && (args.closed || s.start !== end)) continue;
      const d = Math.max(0, to - from);
      time[s.state] += d;
      const isLoss = s.state === 'down' || (s.state === 'idle' && this.options.idleAs === 'downtime');
      if (!isLoss) continue;
      const reason = s.reason ?? (s.state === 'idle' ? 'idle' : 'unspecified');
      const loss = byReason.get(reason) ?? { reason, durationMs: 0, count: 0 };
      loss.durationMs += d;
      loss.count += 1;
      byReason.set(reason, loss);
    }
    const idleIsRun = this.options.idleAs === 'performance-loss';
    const runTime = time.running + (idleIsRun ? time.idle : 0);
    const downtime = time.down + (idleIsRun ? 0 : time.idle);
    const known = time.running + time.idle + time.down + time['planned-stop'];
    const counts = this.sums(start, end, args.closed);
    const factors = oeeFactors({
      plannedTimeMs: runTime + downtime,
      runTimeMs: runTime,
      idealTimeMs: counts.idealTimeMs,
      totalCount: counts.total,
      goodCount: counts.good,
    });
    return {
      window: { start: new Date(start).toISOString(), end: new Date(end).toISOString(), name: args.name ?? null },
      final: args.closed,
      ...factors,
      plannedTime: runTime + downtime,
      runTime,
      downtime,
      idleTime: time.idle,
      plannedStopTime: time['planned-stop'],
      unknownTime: Math.max(0, end - start - known),
      idealCycleTime: this.ideal,
      totalCount: counts.total,
      goodCount: counts.good,
      rejectCount: counts.reject,
      losses: [...byReason.values()].sort((a, b) => b.durationMs - a.durationMs || a.reason.localeCompare(b.reason)),
    };
  }

  private sums(start: number, end: number, closed: boolean) {
    const sum = { total: 0, good: 0, reject: 0 };
    const ideal = { total: 0, good: 0, reject: 0 };
    const unknownIdeal = new Set<CounterKind>();
    for (const e of this.events) {
      if (e.at < start || (closed ? e.at >= end : e.at > end)) continue;
      sum[e.kind] += e.count;
      if (e.idealCycleTimeMs === null) unknownIdeal.add(e.kind);
      else ideal[e.kind] += e.count * e.idealCycleTimeMs;
    }
    const has = (k: CounterKind) => this.seen.has(k);
    const total = has('total') ? sum.total : has('good') && has('reject') ? sum.good + sum.reject : null;
    const good = has('good') ? sum.good : has('total') && has('reject') ? sum.total - sum.reject : null;
    const reject = has('reject') ? sum.reject : total !== null && good !== null ? total - good : null;
    // Ideal time follows the same counters as the total.
    const idealKinds: CounterKind[] = has('total') ? ['total'] : ['good', 'reject'];
    const idealTimeMs = idealKinds.some((k) => unknownIdeal.has(k))
      ? null
      : idealKinds.reduce((a, k) => a + ideal[k], 0);
    return { total, good, reject, idealTimeMs };
  }
}
