import { capability, type Capability, type SpecLimits } from './capability.js';
import { iMrLimits, subgroupPoint, xbarRLimits, type ChartLimits, type ControlLimits } from './control-limits.js';
import { constantsFor } from './constants.js';
import { evaluateRules, RULE_LOOKBACK, RULES, type RuleId, type RuleViolation } from './rules.js';
import { mean, movingRanges, sampleStdDev } from './stats.js';

/** Chart type: X-bar/R for subgroups of 2..10, or individuals and moving range. */
export type ChartType = 'xbar-r' | 'i-mr';

/** Options of one characteristic's chart. */
export interface SpcChartOptions {
  chart: ChartType;
  /** X-bar/R only: values per subgroup (2..10). */
  subgroupSize: number;
  /** Points (subgroups or individuals) kept for limits and capability. */
  windowSize: number;
  /** Points the window needs before limits are computed from it. */
  minPoints: number;
  rules: readonly RuleId[];
  spec: SpecLimits;
  /** Phase II limits; when set the window never changes them. */
  fixedLimits?: { location: ControlLimits; dispersion?: ControlLimits | undefined } | undefined;
}

/** Names of the two charts of each type, as reported with a violation. */
export type ChartName = 'xbar' | 'r' | 'i' | 'mr';

/** A rule that fired, and on which chart. */
export interface ChartViolation extends RuleViolation {
  chart: ChartName;
  /** The plotted value that broke the rule (subgroup mean, range, individual or moving range). */
  value: number;
}

/** What one new point did on the chart. */
export interface SpcResult {
  /** Subgroup mean (X-bar) or the individual value. */
  point: number;
  /** Subgroup range, or the moving range (null for the first individual). */
  dispersion: number | null;
  /** Limits the point was judged against; null while the window is shorter than `minPoints`. */
  limits: { location: ControlLimits; dispersion: ControlLimits | null } | null;
  limitsSource: 'fixed' | 'window' | null;
  violations: ChartViolation[];
  /** Why the rules were not checked (no limits yet, collapsed limits), or null. */
  rulesSkipped: string | null;
  capability: Capability;
  /** Points in the window, this one included. */
  windowPoints: number;
}

/** Everything a chart holds, as JSON: {@link SpcChart.snapshot} and {@link SpcChart.restore}. */
export interface SpcChartState {
  pending: number[];
  subgroups: number[][];
  individuals: number[];
  recent: number[];
  last: number | null;
}

/**
 * The state of one characteristic's control chart over a rolling window. Limits for a new point
 * come from the window *before* it (so a point never widens its own limits), or from
 * `fixedLimits`. Capability describes the window with the point.
 */
export class SpcChart {
  private pending: number[] = [];
  private subgroups: number[][] = [];
  private individuals: number[] = [];
  private recent: number[] = [];
  private last: number | undefined;

  constructor(private readonly options: SpcChartOptions) {}

  /** A JSON copy of the chart's window (to persist it, or to replay values from it). */
  snapshot(): SpcChartState {
    return structuredClone({
      pending: this.pending,
      subgroups: this.subgroups,
      individuals: this.individuals,
      recent: this.recent,
      last: this.last ?? null,
    });
  }

  /** Puts the chart back to a snapshot: the next value continues as if it had never stopped. */
  restore(state: SpcChartState): void {
    const s = structuredClone(state);
    this.pending = s.pending;
    this.subgroups = s.subgroups;
    this.individuals = s.individuals;
    this.recent = s.recent;
    this.last = s.last ?? undefined;
  }

  /** Values still waiting for their subgroup to fill (X-bar/R). */
  get pendingCount(): number {
    return this.pending.length;
  }

  /**
   * Adds one measurement: an individual (I-MR), or the next value of the open subgroup (X-bar/R),
   * which returns null until the subgroup is full.
   */
  addValue(x: number): SpcResult | null {
    if (this.options.chart === 'i-mr') return this.addIndividual(x);
    this.pending.push(x);
    if (this.pending.length < this.options.subgroupSize) return null;
    return this.addSubgroup(this.pending.splice(0));
  }

  /**
   * Adds a whole subgroup (X-bar/R).
   * @throws RangeError when its size is not the configured subgroup size, or values are pending.
   */
  addSubgroup(values: readonly number[]): SpcResult {
    if (this.options.chart !== 'xbar-r') throw new RangeError('an I-MR chart takes single values');
    if (this.pending.length > 0)
      throw new RangeError(`${this.pending.length} single values are waiting for their subgroup`);
    if (values.length !== this.options.subgroupSize)
      throw new RangeError(`a subgroup has ${this.options.subgroupSize} values, got ${values.length}`);
    const limits = this.currentLimits(() => xbarRLimits(this.subgroups));
    const { mean: point, range } = subgroupPoint(values);
    push(this.subgroups, [...values], this.options.windowSize);
    const all = this.subgroups.flat();
    const rbar = mean(this.subgroups.map((s) => subgroupPoint(s).range));
    const cap = capability({
      spec: this.options.spec,
      mean: mean(this.subgroups.map((s) => subgroupPoint(s).mean)),
      sigmaWithin: rbar / constantsFor(values.length).d2,
      sigmaOverall: sampleStdDev(all),
    });
    return this.judge({ point, dispersion: range, limits, cap, names: ['xbar', 'r'] });
  }

  private addIndividual(x: number): SpcResult {
    const limits = this.currentLimits(() => iMrLimits(this.individuals));
    const mr = this.last === undefined ? null : Math.abs(x - this.last);
    this.last = x;
    push(this.individuals, x, this.options.windowSize);
    const mrs = movingRanges(this.individuals);
    const cap = capability({
      spec: this.options.spec,
      mean: mean(this.individuals),
      sigmaWithin: mrs.length > 0 ? mean(mrs) / constantsFor(2).d2 : null,
      sigmaOverall: sampleStdDev(this.individuals),
      tooFew: 'needs at least 2 values',
    });
    return this.judge({ point: x, dispersion: mr, limits, cap, names: ['i', 'mr'] });
  }

  private currentLimits(compute: () => ChartLimits | null): {
    source: 'fixed' | 'window';
    location: ControlLimits;
    dispersion: ControlLimits | null;
  } | null {
    const fixed = this.options.fixedLimits;
    if (fixed) return { source: 'fixed', location: fixed.location, dispersion: fixed.dispersion ?? null };
    const count = this.options.chart === 'xbar-r' ? this.subgroups.length : this.individuals.length;
    if (count < this.options.minPoints) return null;
    const l = compute();
    return l && { source: 'window', location: l.location, dispersion: l.dispersion };
  }

  private judge(args: {
    point: number;
    dispersion: number | null;
    limits: ReturnType<SpcChart['currentLimits']>;
    cap: Capability;
    names: [ChartName, ChartName];
  }): SpcResult {
    const { point, dispersion, limits, names } = args;
    push(this.recent, point, RULE_LOOKBACK);
    const violations: ChartViolation[] = [];
    let rulesSkipped: string | null = null;
    if (!limits) rulesSkipped = `control limits need ${this.options.minPoints} points in the window`;
    else {
      const found = evaluateRules(this.recent, limits.location, this.options.rules);
      if (found === null) rulesSkipped = 'zero variation: the control limits collapse onto the center line';
      else violations.push(...found.map((v) => ({ ...v, chart: names[0], value: point })));
      const beyondLimit = this.options.rules.find((r) => r === 'nelson-1' || r === 'we-1');
      const d = limits.dispersion;
      if (found && beyondLimit && d && dispersion !== null && (dispersion > d.ucl || dispersion < d.lcl)) {
        violations.push({ rule: beyondLimit, ruleName: RULES[beyondLimit].name, chart: names[1], value: dispersion });
      }
    }
    return {
      point,
      dispersion,
      limits: limits && { location: limits.location, dispersion: limits.dispersion },
      limitsSource: limits?.source ?? null,
      violations,
      rulesSkipped,
      capability: args.cap,
      windowPoints: this.options.chart === 'xbar-r' ? this.subgroups.length : this.individuals.length,
    };
  }
}

/** Appends and drops the oldest entries beyond `max`. */
function push<T>(list: T[], item: T, max: number): void {
  list.push(item);
  if (list.length > max) list.splice(0, list.length - max);
}
