import { walkCounter, type CountMode, type Glitch, type Reading } from './counter-walk.js';
import { oeeFactors, type OeeFactors } from './formula.js';

/** Machine states as the node receives them. */
export const MACHINE_STATES = ['running', 'idle', 'down', 'planned-stop'] as const;
export type MachineState = (typeof MACHINE_STATES)[number];

/** Where idle time goes: run time (a performance loss, as in Nakajima's six big losses) or downtime. */
export type IdleAs = 'performance-loss' | 'downtime';

/** Counter kinds, each summed on its own. */
export type CounterKind = 'total' | 'good' | 'reject';
const KINDS: readonly CounterKind[] = ['total', 'good', 'reject'];

/** One downtime reason's share of the window. */
export interface Loss {
  reason: string;
  durationMs: number;
  /** Stops with this reason that overlap the window. */
  count: number;
}

/** A counter glitch within a window, as reported in the record. */
export interface CountGlitch extends Omit<Glitch, 'at'> {
  counter: CounterKind;
  at: string;
}

/** The OEE of one window. Times are milliseconds; `window` bounds are ISO strings. */
export interface OeeRecord extends OeeFactors {
  window: { start: string; end: string; name: string | null };
  /** True for the last record of a closed shift or interval. */
  final: boolean;
  /** True for a corrected final record: values produced in the window came after it closed. */
  restated?: boolean;
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
  /** Counter readings that did not fit (jumps faster than the ideal cycle time, drops), newest last. */
  glitches: CountGlitch[];
  /** Parts held as a suspected jump, not counted until the next readings confirm them. */
  heldCount: number;
}

/** Options of a tracker. */
export interface TrackerOptions {
  idleAs: IdleAs;
  idealCycleTimeMs?: number | undefined;
  /** How counters report (default `increment`: each count is new parts). */
  countMode?: CountMode;
  counterMax?: number | undefined;
  /** A cumulative counter falling to this or below is a reset (default 0: only a fall to 0). */
  resetBelow?: number;
  /** Rate above the ideal allowed before a rise is suspect (default 0.1 = 10 %). */
  rateMargin?: number;
  /** Readings that must follow a suspect one before it is judged (default 2). */
  confirmSamples?: number;
}

/** Everything a tracker knows, as JSON (node context). */
export interface TrackerState {
  states: Array<[at: number, state: MachineState, reason: string | null]>;
  readings: Record<CounterKind, Reading[]>;
  ideals: Reading[];
  seen: CounterKind[];
}

const MAX_GLITCHES = 20;

/** Inserts `item` after every entry with the same or an earlier time (stable for equal times); returns its index. */
function insertSorted<T extends [number, ...unknown[]]>(list: T[], item: T): number {
  let i = list.length;
  while (i > 0 && (list[i - 1] as T)[0] > item[0]) i--;
  list.splice(i, 0, item);
  return i;
}

/**
 * Keeps machine states, counter readings and ideal cycle times sorted by production time, and
 * computes the OEE of any window still held. Every record is computed from the sorted data, so
 * values that arrive late or out of order give the same figures as in order. Pure: times come
 * from the caller.
 */
export class OeeTracker {
  private data: TrackerState = { states: [], readings: { total: [], good: [], reject: [] }, ideals: [], seen: [] };
  /** Walks per counter, valid until its readings or the ideal times change. */
  private walks = new Map<CounterKind, ReturnType<typeof walkCounter>>();
  /** Counters whose cached walk misses readings appended since: it continues from its resume point. */
  private stale = new Set<CounterKind>();

  constructor(private readonly options: TrackerOptions) {}

  /** The ideal cycle time (ms) in force at `at`: the last change at or before it, else the configured one. */
  idealAt(at: number): number | null {
    // Binary search: the last change at or before `at` (messages may carry the ideal every time).
    const list = this.data.ideals;
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((list[mid] as Reading)[0] <= at) lo = mid + 1;
      else hi = mid;
    }
    return lo > 0 ? (list[lo - 1] as Reading)[1] : (this.options.idealCycleTimeMs ?? null);
  }

  /** Current ideal cycle time (ms, the newest change), or null. */
  get idealCycleTimeMs(): number | null {
    return this.data.ideals.at(-1)?.[1] ?? this.options.idealCycleTimeMs ?? null;
  }

  /** The ideal cycle time changes at `at` (a product change) for counts from then on. */
  setIdealCycleTime(ms: number, at: number): void {
    // Messages often repeat the ideal: the same value again changes no rate the walks judged.
    const same = this.idealAt(at) === ms;
    insertSorted(this.data.ideals, [at, ms]);
    if (!same) this.walks.clear();
  }

  /** The machine entered `state` at `at`. The same state and reason again continues the segment. */
  setState(state: MachineState, reason: string | null, at: number): void {
    insertSorted(this.data.states, [at, state, reason]);
  }

  /** The newest state, if any was received. */
  get state(): MachineState | undefined {
    return this.data.states.at(-1)?.[1];
  }

  /** A counter reading at `at`: a counter value (cumulative) or new parts (increment). */
  addCount(kind: CounterKind, value: number, at: number): void {
    if (!this.data.seen.includes(kind)) this.data.seen.push(kind);
    const list = this.data.readings[kind];
    // Appended in order: the cached walk continues; sorted in before others: it starts over.
    if (insertSorted(list, [at, value]) !== list.length - 1) this.walks.delete(kind);
    else this.stale.add(kind);
  }

  /** The data, for node context (which serializes it when set; the caller must not change it). */
  snapshot(): TrackerState {
    return this.data;
  }

  /** Continues from a snapshot (a restart). */
  restore(state: TrackerState): void {
    this.data = structuredClone(state);
    this.walks.clear();
  }

  /**
   * Forgets what no window from `before` on needs: state changes and ideal times before it except
   * the one in force at `before`, and readings before the counting base in force at `before`.
   */
  prune(before: number): void {
    const keepFrom = <T extends [number, ...unknown[]]>(list: T[]) => {
      let i = 0;
      while (i + 1 < list.length && (list[i + 1] as T)[0] <= before) i++;
      return list.slice(i);
    };
    this.data.states = keepFrom(this.data.states);
    const ideals = this.data.ideals.length;
    this.data.ideals = keepFrom(this.data.ideals);
    if (this.data.ideals.length !== ideals) this.walks.clear();
    for (const kind of KINDS) {
      const list = this.data.readings[kind];
      const { accepted } = this.walk(kind);
      let cut = -1;
      for (let i = 0; i < list.length && (list[i] as Reading)[0] < before; i++) if (accepted[i]) cut = i;
      // Increments up to the cut are parts of past windows; a cumulative base stays as the baseline.
      const from = this.options.countMode === 'cumulative' ? Math.max(cut, 0) : cut + 1;
      if (from === 0) continue;
      this.data.readings[kind] = list.slice(from);
      this.walks.delete(kind);
    }
  }

  /**
   * The OEE of [start, end] (`closed`: [start, end), the window is over). Durations are clipped to
   * the window; the newest state lasts until `end`.
   */
  record(args: { start: number; end: number; closed: boolean; name?: string | null }): OeeRecord {
    const { start, end } = args;
    const time = { running: 0, idle: 0, down: 0, 'planned-stop': 0 };
    const byReason = new Map<string, Loss>();
    const segments = this.segments();
    for (const s of segments) {
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
      idealCycleTime: this.idealAt(end),
      totalCount: counts.total,
      goodCount: counts.good,
      rejectCount: counts.reject,
      losses: [...byReason.values()].sort((a, b) => b.durationMs - a.durationMs || a.reason.localeCompare(b.reason)),
      glitches: counts.glitches,
      heldCount: counts.held,
    };
  }

  /** State segments from the sorted changes; the same state and reason again continues a segment. */
  private segments() {
    const out: Array<{ state: MachineState; reason: string | null; start: number; end: number | null }> = [];
    for (const [at, state, reason] of this.data.states) {
      const open = out.at(-1);
      if (open?.state === state && open.reason === reason) continue;
      if (open) open.end = at;
      out.push({ state, reason, start: at, end: null });
    }
    return out;
  }

  private walk(kind: CounterKind) {
    const cached = this.walks.get(kind);
    if (cached && !this.stale.has(kind)) return cached;
    this.stale.delete(kind);
    const walk = walkCounter(
      this.data.readings[kind],
      {
        mode: this.options.countMode ?? 'increment',
        max: this.options.counterMax,
        resetBelow: this.options.resetBelow ?? 0,
        margin: this.options.rateMargin ?? 0.1,
        confirmSamples: this.options.confirmSamples ?? 2,
        idealAt: (at) => this.idealAt(at),
      },
      cached,
    );
    this.walks.set(kind, walk);
    return walk;
  }

  private sums(start: number, end: number, closed: boolean) {
    const inWindow = (at: number) => at >= start && (closed ? at < end : at <= end);
    const sum = { total: 0, good: 0, reject: 0 };
    const ideal = { total: 0, good: 0, reject: 0 };
    const unknownIdeal = new Set<CounterKind>();
    const glitches: CountGlitch[] = [];
    let held = 0;
    for (const kind of KINDS) {
      const w = this.walk(kind);
      for (const [at, count] of w.increments) {
        if (!inWindow(at)) continue;
        sum[kind] += count;
        const ict = this.idealAt(at);
        if (ict === null) unknownIdeal.add(kind);
        else ideal[kind] += count * ict;
      }
      for (const g of w.glitches) {
        if (!inWindow(g.at)) continue;
        glitches.push({ ...g, counter: kind, at: new Date(g.at).toISOString() });
        if (g.resolution === 'pending') held = Math.max(held, g.parts);
      }
    }
    const seen = this.data.seen;
    const has = (k: CounterKind) => seen.includes(k);
    const total = has('total') ? sum.total : has('good') && has('reject') ? sum.good + sum.reject : null;
    const good = has('good') ? sum.good : has('total') && has('reject') ? sum.total - sum.reject : null;
    const reject = has('reject') ? sum.reject : total !== null && good !== null ? total - good : null;
    // Ideal time follows the same counters as the total.
    const idealKinds: CounterKind[] = has('total') ? ['total'] : ['good', 'reject'];
    const idealTimeMs = idealKinds.some((k) => unknownIdeal.has(k))
      ? null
      : idealKinds.reduce((a, k) => a + ideal[k], 0);
    glitches.sort((a, b) => a.at.localeCompare(b.at));
    return { total, good, reject, idealTimeMs, glitches: glitches.slice(-MAX_GLITCHES), held };
  }
}
