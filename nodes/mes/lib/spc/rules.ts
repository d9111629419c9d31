import type { ControlLimits } from './control-limits.js';

/**
 * The run rules, each selectable on its own. Nelson, "The Shewhart Control Chart — Tests for
 * Special Causes", Journal of Quality Technology 16(4), 1984; Western Electric, *Statistical
 * Quality Control Handbook*, 1956. WE 1-3 are Nelson 1, 5 and 6; WE 4 is Nelson 2 with 8 points.
 */
export const RULE_IDS = [
  'nelson-1',
  'nelson-2',
  'nelson-3',
  'nelson-4',
  'nelson-5',
  'nelson-6',
  'nelson-7',
  'nelson-8',
  'we-1',
  'we-2',
  'we-3',
  'we-4',
] as const;
export type RuleId = (typeof RULE_IDS)[number];

/** One rule that fired at the newest point. */
export interface RuleViolation {
  rule: RuleId;
  ruleName: string;
}

/** Where a point lies: side of the center line (-1, 0, 1) and band k = beyond kσ but not beyond (k+1)σ. */
export interface Zone {
  side: number;
  band: 0 | 1 | 2 | 3;
}

/** The newest points as the rules see them: raw values and zones. */
interface View {
  x: readonly number[];
  zones: readonly Zone[];
}

interface Rule {
  name: string;
  /** Points the rule looks at, newest last. */
  points: number;
  test: (v: View) => boolean;
  /** The Nelson rule this one is another name for (WE 1-3 are Nelson 1, 5 and 6). */
  sameAs?: RuleId;
}

const sameSide = ({ zones }: View) => zones.every((p) => p.side > 0) || zones.every((p) => p.side < 0);
/** k of the points beyond `sigmas` on one side, the newest among them (so a pattern fires once, when it completes). */
const kBeyond = (k: number, sigmas: number) => (v: View) => {
  const last = v.zones[v.zones.length - 1];
  if (!last || last.band < sigmas) return false;
  return v.zones.filter((p) => p.side === last.side && p.band >= sigmas).length >= k;
};
const beyond3: Rule['test'] = (v) => v.zones[v.zones.length - 1]?.band === 3;
const twoOfThree = kBeyond(2, 2);
const fourOfFive = kBeyond(4, 1);
const trend: Rule['test'] = ({ x }) => {
  const d = x.slice(1).map((v, i) => v - (x[i] as number));
  return d.every((s) => s > 0) || d.every((s) => s < 0);
};
const alternating: Rule['test'] = ({ x }) => {
  const d = x.slice(1).map((v, i) => v - (x[i] as number));
  return d.every((s, i) => s !== 0 && (i === 0 || s * (d[i - 1] as number) < 0));
};

/** Names and tests of every rule; "beyond kσ" is strictly more than k σ from the center line. */
export const RULES: Readonly<Record<RuleId, Rule>> = {
  'nelson-1': { name: 'One point beyond 3σ (outside the control limits)', points: 1, test: beyond3 },
  'nelson-2': {
    name: 'Nine points in a row on the same side of the center line',
    points: 9,
    test: sameSide,
  },
  'nelson-3': { name: 'Six points in a row steadily increasing or decreasing', points: 6, test: trend },
  'nelson-4': { name: 'Fourteen points in a row alternating up and down', points: 14, test: alternating },
  'nelson-5': { name: 'Two out of three points in a row beyond 2σ on the same side', points: 3, test: twoOfThree },
  'nelson-6': { name: 'Four out of five points in a row beyond 1σ on the same side', points: 5, test: fourOfFive },
  'nelson-7': {
    name: 'Fifteen points in a row within 1σ of the center line',
    points: 15,
    test: (v) => v.zones.every((p) => p.band === 0),
  },
  'nelson-8': {
    name: 'Eight points in a row beyond 1σ on either side of the center line',
    points: 8,
    test: (v) => v.zones.every((p) => p.band >= 1),
  },
  'we-1': { name: 'Western Electric 1: one point beyond 3σ', points: 1, test: beyond3, sameAs: 'nelson-1' },
  'we-2': {
    name: 'Western Electric 2: two out of three points beyond 2σ on the same side',
    points: 3,
    test: twoOfThree,
    sameAs: 'nelson-5',
  },
  'we-3': {
    name: 'Western Electric 3: four out of five points beyond 1σ on the same side',
    points: 5,
    test: fourOfFive,
    sameAs: 'nelson-6',
  },
  'we-4': {
    name: 'Western Electric 4: eight points in a row on the same side of the center line',
    points: 8,
    test: sameSide,
  },
};

/** Points a history must keep for every rule to be checkable (Nelson 7 needs 15). */
export const RULE_LOOKBACK = 15;

/**
 * The zone of `x`: its side of the center line and how many σ it lies beyond, with σ taken from the
 * limit on its side ((UCL - CL)/3 above, (CL - LCL)/3 below). Beyond 3σ means strictly outside
 * the limit itself, so a point exactly on a limit is inside.
 */
export function zoneOf(x: number, limits: ControlLimits): Zone {
  const side = Math.sign(x - limits.cl);
  if (side === 0) return { side, band: 0 };
  const edge = side > 0 ? limits.ucl : limits.lcl;
  const sigma = (edge - limits.cl) / 3;
  const band =
    side * (x - edge) > 0
      ? 3
      : side * (x - (limits.cl + 2 * sigma)) > 0
        ? 2
        : side * (x - (limits.cl + sigma)) > 0
          ? 1
          : 0;
  return { side, band };
}

/**
 * The enabled rules that fire at the newest of `points` (oldest first), judged against `limits`.
 * A rule needs its full number of points; a pattern that continues fires again at every point
 * (as Minitab flags each point). WE 1-3 and Nelson 1, 5, 6 enabled together are reported once,
 * under the first id listed.
 * Returns null when the limits have no spread (σ = 0 on either side): the zones are undefined.
 */
export function evaluateRules(
  points: readonly number[],
  limits: ControlLimits,
  enabled: readonly RuleId[],
): RuleViolation[] | null {
  if (!(limits.ucl > limits.cl && limits.cl > limits.lcl)) return null;
  const out: RuleViolation[] = [];
  const done = new Set<RuleId>();
  for (const id of enabled) {
    const rule = RULES[id];
    const canonical = rule.sameAs ?? id;
    if (done.has(canonical) || points.length < rule.points) continue;
    done.add(canonical);
    const x = points.slice(-rule.points);
    if (rule.test({ x, zones: x.map((p) => zoneOf(p, limits)) })) out.push({ rule: id, ruleName: rule.name });
  }
  return out;
}
