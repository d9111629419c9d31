/** A counter reading: production time (epoch ms) and value. Tuples keep persisted state small. */
export type Reading = [at: number, value: number];

/** How a counter reports parts: growing totals (a PLC part counter) or new parts per reading. */
export type CountMode = 'cumulative' | 'increment';

/** What the walk makes of readings that do not fit the ones before. */
export interface Glitch {
  at: number;
  kind: 'jump' | 'drop';
  /** The counter level before (cumulative: the reading; increment: the running sum). */
  from: number;
  to: number;
  /**
   * `pending`: held until enough readings follow. `spike`: the next reading went back, so this one
   * was ignored. `confirmed`: the new level held and the rate over the longer span is possible, so
   * the parts count. `rebased`: the new level held but was impossible (a counter set or preloaded):
   * counting goes on from it, the jump or drop itself counts nothing.
   */
  resolution: 'pending' | 'spike' | 'confirmed' | 'rebased';
  /** Parts the jump stands for (0 for a drop). */
  parts: number;
}

export interface CounterWalkOptions {
  mode: CountMode;
  /** Largest value before a wrap to 0 (cumulative). */
  max?: number | undefined;
  /** A drop to this value or below is a counter reset (the parts since then count). */
  resetBelow: number;
  /** Allowed rate above the ideal: 0.1 lets 10 % more parts than the ideal cycle time allows. */
  margin: number;
  /** Readings that must follow a suspect one before it is judged. */
  confirmSamples: number;
  /** The ideal cycle time (ms) in force at a time; null: unknown, so no rate can be judged. */
  idealAt(at: number): number | null;
}

export interface CounterWalk {
  /** Parts made, at the time of the reading that reported them. */
  increments: Reading[];
  glitches: Glitch[];
  /** Per reading: whether it became the counting base (pruning keeps the last one before a cut). */
  accepted: boolean[];
  /** Where a walk over the same readings plus appended ones continues (see `walkCounter`'s `from`). */
  resume: { next: number; base: Reading | undefined; levels: Reading[]; held: boolean };
}

type Step = { ok: true; delta: number } | { ok: false; kind: Glitch['kind']; delta: number };

/**
 * Turns readings sorted by production time into part increments, judging each against the
 * counting base (the last accepted reading):
 * - a rise faster than the ideal cycle time allows (plus `margin` and one part for sampling) is a
 *   suspect jump; a fall is a reset only down to `resetBelow`, a wrap near `max`, else a suspect drop;
 * - a suspect reading is judged once `confirmSamples` readings follow: back near the old level, it
 *   was a spike and is ignored; the new level holds, the jump counts if the rate over that longer span
 *   is possible (`confirmed`), otherwise counting goes on from the new level (`rebased`);
 * - until then it and everything after it are held (not counted).
 * Pure and deterministic, so the same readings give the same counts in whatever order they arrived.
 *
 * `from`: the walk of the same readings before more were appended at the end (later production
 * times). Decisions before its resume point only looked at readings it already had, so the walk
 * continues there instead of starting over (the usual case: one new reading per message). The
 * result reuses and extends `from`'s arrays.
 */
export function walkCounter(readings: readonly Reading[], o: CounterWalkOptions, from?: CounterWalk): CounterWalk {
  const increments: Reading[] = from?.increments ?? [];
  const glitches: Glitch[] = from?.glitches ?? [];
  const accepted = from?.accepted ?? [];
  // Increments become running sums, so one rule set serves both modes.
  const levels: Reading[] = from?.resume.levels ?? [];
  for (let i = levels.length; i < readings.length; i++) {
    const [at, v] = readings[i] as Reading;
    levels.push(o.mode === 'cumulative' ? [at, v] : [at, (levels[i - 1]?.[1] ?? 0) + v]);
    accepted.push(false);
  }
  let base: Reading | undefined = from
    ? from.resume.base
    : o.mode === 'increment'
      ? [Number.NEGATIVE_INFINITY, 0]
      : undefined;
  // A reading held as pending is judged again now that more may follow it.
  if (from?.resume.held) glitches.pop();
  let held = false;

  const plausible = (from: number, to: number, parts: number) => {
    if (!Number.isFinite(from)) return true;
    const ideals = [o.idealAt(from), o.idealAt(to)].filter((v): v is number => v !== null);
    if (ideals.length === 0) return true;
    return parts <= ((to - from) / Math.min(...ideals)) * (1 + o.margin) + 1;
  };
  const step = (b: Reading, r: Reading): Step => {
    const [bt, bv] = b;
    const [t, v] = r;
    let delta: number;
    if (v >= bv) delta = v - bv;
    else if (o.max !== undefined && bv > o.max / 2)
      delta = o.max - bv + v + 1; // wrap
    else if (v <= o.resetBelow)
      return { ok: true, delta: v }; // reset near zero
    else return { ok: false, kind: 'drop', delta: 0 };
    return plausible(bt, t, delta) ? { ok: true, delta } : { ok: false, kind: 'jump', delta };
  };

  let i = from?.resume.next ?? 0;
  for (; i < levels.length; i++) {
    const r = levels[i] as Reading;
    if (!base) {
      base = r;
      accepted[i] = true;
      continue;
    }
    const s = step(base, r);
    if (s.ok) {
      if (s.delta > 0) increments.push([r[0], s.delta]);
      base = r;
      accepted[i] = true;
      continue;
    }
    const glitch: Glitch = { at: r[0], kind: s.kind, from: base[1], to: r[1], resolution: 'pending', parts: s.delta };
    glitches.push(glitch);
    const following = levels.slice(i + 1, i + 1 + o.confirmSamples);
    if (following.length < o.confirmSamples) {
      held = true; // judged when more readings come
      break;
    }
    const next = following[0] as Reading;
    const wentBack = s.kind === 'jump' ? next[1] < r[1] : next[1] > r[1];
    if (wentBack && step(base, next).ok) {
      glitch.resolution = 'spike';
      continue;
    }
    let prev = r;
    let after = 0;
    const holds = following.every((f) => {
      const fs = step(prev, f);
      prev = f;
      after += fs.ok ? fs.delta : 0;
      return fs.ok;
    });
    if (!holds) {
      glitch.resolution = 'spike'; // erratic: neither back nor a steady new level
      continue;
    }
    const last = following[following.length - 1] as Reading;
    if (s.kind === 'jump' && plausible(base[0], last[0], s.delta + after)) {
      glitch.resolution = 'confirmed';
      increments.push([r[0], s.delta]);
    } else glitch.resolution = 'rebased';
    base = r;
    accepted[i] = true;
  }
  return { increments, glitches, accepted, resume: { next: i, base, levels, held } };
}
