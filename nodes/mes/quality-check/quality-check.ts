import { showValue, UserError, type FlowMessage } from '@millwright/model';
import { getMsgPath, type NodeContext, type NodeHandlers } from '@millwright/sdk';
import type { Capability } from '../lib/spc/capability.js';
import type { SpcResult } from '../lib/spc/spc-chart.js';
import { contextWriter } from '../lib/state/context-writer.js';
import { productionTime } from '../lib/time/production-time.js';
import { ChartSeries, type Measurement, type SeriesState } from './chart-series.js';
import { DEFAULT_MIN_POINTS, MAX_MAGNITUDE, type Characteristic, type QualityCheckConfig } from './config.js';
import {
  checkSpec,
  toChartData,
  toEntry,
  toHistoryPoint,
  type ChartHistory,
  type HistoryPoint,
  type SpcEntry,
  type SpecViolation,
} from './spc-entry.js';

/** Node context key holding the chart history per characteristic (`Record<name, ChartHistory>`). */
export const SPC_CONTEXT_KEY = 'spc';
/** Node context key of what a restart needs per characteristic (chart checkpoint, recent measurements). */
export const SPC_STATE_KEY = 'spcState';
/** Measurements kept per characteristic for sorting late ones in (older ones fold into the checkpoint). */
const MAX_KEPT = 2_000;

/** The payload of a non-conformance event (output 3), for a QMS. */
export interface NonConformance {
  type: 'non-conformance';
  /** `specification`: a part outside LSL/USL. `control`: a run rule fired (process, not part). */
  kind: 'specification' | 'control';
  characteristic: string;
  value: number;
  unit: string | null;
  rule: string;
  ruleName: string;
  /** Chart of a control violation: `xbar`, `r`, `i` or `mr`. */
  chart: string | null;
  lot: string | null;
  workOrder: string | null;
  limits: { lsl: number | null; usl: number | null; target: number | null } | { cl: number; ucl: number; lcl: number };
  /** Production time of the measurement. */
  time: string;
  /** Id of the measurement message. */
  messageId: string;
}

interface State {
  c: Characteristic;
  series: ChartSeries;
  history: ChartHistory;
  /** Points that can no longer change (folded into the checkpoint), newest last. */
  settled: HistoryPoint[];
  capability: Capability | null;
}

interface StoredState {
  series: SeriesState;
  settled: HistoryPoint[];
}

/** Creates a quality-check instance: spec check, SPC chart per characteristic, non-conformance events. */
export function createQualityCheck(ctx: NodeContext<QualityCheckConfig>, clock: () => number = Date.now): NodeHandlers {
  const cfg = ctx.config;
  // A restart continues each chart from node context (persistent with a file context store).
  const stored = (ctx.context.node.get(SPC_STATE_KEY) ?? {}) as Record<string, StoredState | undefined>;
  const states: State[] = cfg.characteristics.map((c) => {
    const options = {
      chart: cfg.chart,
      subgroupSize: cfg.subgroupSize,
      windowSize: cfg.windowSize,
      minPoints: cfg.minPoints ?? DEFAULT_MIN_POINTS[cfg.chart],
      rules: cfg.rules,
      spec: { lsl: c.lsl, usl: c.usl },
      fixedLimits: c.controlLimits && {
        location: { cl: c.controlLimits.cl, ucl: c.controlLimits.ucl, lcl: c.controlLimits.lcl },
        dispersion:
          c.controlLimits.rangeCl === undefined
            ? undefined
            : { cl: c.controlLimits.rangeCl, ucl: c.controlLimits.rangeUcl ?? 0, lcl: c.controlLimits.rangeLcl ?? 0 },
      },
      keepMs: cfg.maxLatenessMs,
      maxKept: MAX_KEPT,
    };
    const saved = stored[c.name];
    const history: ChartHistory = {
      chart: cfg.chart,
      unit: c.unit ?? null,
      lsl: c.lsl ?? null,
      usl: c.usl ?? null,
      target: c.target ?? null,
      capability: null,
      points: [],
    };
    const s: State = {
      c,
      series: new ChartSeries(options, saved?.series),
      history,
      settled: saved?.settled ?? [],
      capability: null,
    };
    refreshPoints(s);
    return s;
  });
  const histories: Record<string, ChartHistory> = Object.fromEntries(states.map((s) => [s.c.name, s.history]));
  const write = contextWriter(ctx);
  const save = () =>
    write(() => {
      ctx.context.node.set(SPC_CONTEXT_KEY, histories);
      ctx.context.node.set(
        SPC_STATE_KEY,
        Object.fromEntries(
          states.map((s) => [s.c.name, { series: s.series.snapshot(), settled: s.settled } satisfies StoredState]),
        ),
      );
    });
  save();

  /** The chart points of node context (settled ones, then those of the kept measurements) and the newest capability. */
  function refreshPoints(s: State) {
    const recent = s.series.points(cfg.historySize);
    s.history.points = [...s.settled, ...recent.map(({ m, r }) => toHistoryPoint(r, meta(m)))].slice(-cfg.historySize);
    const newest = recent.at(-1)?.r;
    if (newest) {
      s.capability = newest.capability;
      s.history.capability = capabilityOf(newest);
    }
  }

  return {
    input(msg) {
      const measured = states
        .map((s) => ({ s, values: measurements(s.c, getMsgPath(msg, s.c.property)) }))
        .filter((m): m is { s: State; values: number[] } => m.values !== undefined);
      if (measured.length === 0) {
        const props = cfg.characteristics.map((c) => c.property).join(', ');
        throw new UserError('missing_measurement', `the message has none of the measured properties (${props})`);
      }
      const now = clock();
      const { at } = productionTime(msg, { property: cfg.timeProperty, now, maxFutureMs: cfg.maxFutureMs });
      const time = new Date(at).toISOString();
      // Late beyond what can be sorted in, or (by option) later than the reorder tolerance.
      const late = measured.find(
        ({ s }) =>
          at < now - cfg.maxLatenessMs ||
          s.series.tooOld(at) ||
          (cfg.lateValues === 'output' && at < (s.series.newest ?? at) - cfg.reorderToleranceMs),
      );
      if (late) {
        if (cfg.lateValues === 'output')
          return ctx.send([null, null, null, { ...msg, late: { at: time, characteristic: late.s.c.name } }]);
        throw new UserError(
          'too_late',
          `${late.s.c.name}: a measurement produced at ${time} is older than maxLatenessMs (${cfg.maxLatenessMs} ms) or than what the chart keeps`,
        );
      }
      // Both are optional: an empty path means none.
      const lot = cfg.lotProperty ? text(getMsgPath(msg, cfg.lotProperty)) : null;
      const workOrder = cfg.workOrderProperty ? text(getMsgPath(msg, cfg.workOrderProperty)) : null;
      const spc: Record<string, SpcEntry & { revised: number }> = {};
      const nc: FlowMessage[] = [];
      const event = (e: Omit<NonConformance, 'type' | 'lot' | 'workOrder' | 'time' | 'messageId'>) =>
        nc.push(
          ctx.newMessage({
            topic: 'non-conformance',
            payload: {
              type: 'non-conformance',
              ...e,
              lot,
              workOrder,
              time,
              messageId: msg.id,
            } satisfies NonConformance,
          }),
        );
      for (const { s, values } of measured) {
        const { c } = s;
        const specViolations = values.map((v) => checkSpec(c, v)).filter((v): v is SpecViolation => v !== null);
        const added = s.series.add({ at, values, lot, workOrder });
        const results = added.results;
        s.settled.push(...added.settled.map(({ m, r }) => toHistoryPoint(r, meta(m))));
        s.settled.splice(0, Math.max(0, s.settled.length - cfg.historySize));
        refreshPoints(s);
        for (const r of results) ctx.chart({ kind: 'spc', data: toChartData(c, r, { chart: cfg.chart, lot }) });
        const entry = toEntry({
          c,
          chart: cfg.chart,
          values,
          results,
          specViolations,
          subgroup: cfg.chart === 'xbar-r' ? { pending: s.series.pendingCount, size: cfg.subgroupSize } : null,
          lastCapability: s.capability,
        });
        spc[c.name] = { ...entry, revised: added.revised };
        const base = { characteristic: c.name, unit: c.unit ?? null };
        const spec = { lsl: c.lsl ?? null, usl: c.usl ?? null, target: c.target ?? null };
        for (const v of specViolations) event({ ...base, kind: 'specification', chart: null, limits: spec, ...v });
        for (const r of results)
          for (const v of r.violations) {
            const limits = v.chart === 'r' || v.chart === 'mr' ? r.limits?.dispersion : r.limits?.location;
            if (limits) event({ ...base, kind: 'control', limits, ...v });
          }
      }
      save();
      const failed = Object.values(spc).some((e) => e.specViolations.length > 0);
      ctx.status(statusOf(Object.values(spc), failed));
      const out = { ...msg, spc };
      ctx.send([failed ? null : out, failed ? out : null, nc, null]);
    },
  };
}

const meta = (m: Measurement) => ({ time: new Date(m.at).toISOString(), lot: m.lot, workOrder: m.workOrder });

const capabilityOf = (r: SpcResult) => ({
  cp: r.capability.cp,
  cpk: r.capability.cpk,
  pp: r.capability.pp,
  ppk: r.capability.ppk,
});

/**
 * The numbers of a measurement, undefined when the property is absent.
 * @throws UserError `invalid_measurement` (not a finite number), `measurement_out_of_range`
 *   (outside the characteristic's min .. max, or beyond ±1e150 where the statistics overflow).
 */
function measurements(c: Characteristic, raw: unknown): number[] | undefined {
  if (raw === undefined || raw === null) return undefined;
  const list = Array.isArray(raw) ? raw : [raw];
  if (list.length === 0 || !list.every((v): v is number => typeof v === 'number' && Number.isFinite(v)))
    throw new UserError(
      'invalid_measurement',
      `${c.name}: ${c.property} must be a finite number or a non-empty array of them, got ${showValue(raw)}`,
    );
  const min = c.min ?? -MAX_MAGNITUDE;
  const max = c.max ?? MAX_MAGNITUDE;
  const out = list.find((v) => v < min || v > max);
  if (out !== undefined)
    throw new UserError(
      'measurement_out_of_range',
      `${c.name}: ${showValue(out)} is outside the measurable range ${showValue(min)} .. ${showValue(max)}`,
    );
  return list;
}

function text(v: unknown): string | null {
  return typeof v === 'string' || typeof v === 'number' ? String(v) : null;
}

function statusOf(entries: SpcEntry[], failed: boolean) {
  const bad = entries.find((e) => e.specViolations.length > 0);
  if (failed && bad) {
    const v = bad.specViolations[0];
    const limit = v?.rule === 'spec-lsl' ? `< LSL` : `> USL`;
    return { fill: 'red' as const, shape: 'dot' as const, text: `fail: ${bad.characteristic} ${v?.value} ${limit}` };
  }
  const rule = entries.find((e) => e.violations.length > 0);
  if (rule)
    return {
      fill: 'yellow' as const,
      shape: 'ring' as const,
      text: `${rule.characteristic}: ${rule.violations[0]?.rule}`,
    };
  const first = entries[0];
  const cpk = first?.cpk === null || first?.cpk === undefined ? '' : ` Cpk ${first.cpk.toFixed(2)}`;
  return { fill: 'green' as const, shape: 'dot' as const, text: `pass${cpk}` };
}
