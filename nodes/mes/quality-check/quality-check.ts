import { UserError, type FlowMessage } from '@millwright/model';
import { getMsgPath, type NodeContext, type NodeHandlers } from '@millwright/sdk';
import type { Capability } from '../lib/spc/capability.js';
import { SpcChart, type SpcResult } from '../lib/spc/spc-chart.js';
import { DEFAULT_MIN_POINTS, type Characteristic, type QualityCheckConfig } from './config.js';
import {
  checkSpec,
  toChartData,
  toEntry,
  toHistoryPoint,
  type ChartHistory,
  type SpcEntry,
  type SpecViolation,
} from './spc-entry.js';

/** Node context key holding the chart history per characteristic (`Record<name, ChartHistory>`). */
export const SPC_CONTEXT_KEY = 'spc';

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
  time: string;
  /** Id of the measurement message. */
  messageId: string;
}

interface State {
  c: Characteristic;
  chart: SpcChart;
  history: ChartHistory;
  capability: Capability | null;
}

/** Creates a quality-check instance: spec check, SPC chart per characteristic, non-conformance events. */
export function createQualityCheck(ctx: NodeContext<QualityCheckConfig>): NodeHandlers {
  const cfg = ctx.config;
  const states: State[] = cfg.characteristics.map((c) => ({
    c,
    chart: new SpcChart({
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
    }),
    history: {
      chart: cfg.chart,
      unit: c.unit ?? null,
      lsl: c.lsl ?? null,
      usl: c.usl ?? null,
      target: c.target ?? null,
      capability: null,
      points: [],
    },
    capability: null,
  }));
  const histories: Record<string, ChartHistory> = Object.fromEntries(states.map((s) => [s.c.name, s.history]));
  ctx.context.node.set(SPC_CONTEXT_KEY, histories);

  return {
    input(msg) {
      const measured = states
        .map((s) => ({ s, values: measurements(s.c, getMsgPath(msg, s.c.property)) }))
        .filter((m): m is { s: State; values: number[] } => m.values !== undefined);
      if (measured.length === 0) {
        const props = cfg.characteristics.map((c) => c.property).join(', ');
        throw new UserError('missing_measurement', `the message has none of the measured properties (${props})`);
      }
      const time = new Date().toISOString();
      // Both are optional: an empty path means none.
      const lot = cfg.lotProperty ? text(getMsgPath(msg, cfg.lotProperty)) : null;
      const workOrder = cfg.workOrderProperty ? text(getMsgPath(msg, cfg.workOrderProperty)) : null;
      const spc: Record<string, SpcEntry> = {};
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
        const results = values.map((v) => s.chart.addValue(v)).filter((r): r is SpcResult => r !== null);
        for (const r of results) {
          record(s, r, { time, lot, workOrder }, cfg.historySize);
          ctx.chart({ kind: 'spc', data: toChartData(c, r, { chart: cfg.chart, lot }) });
        }
        const entry = toEntry({
          c,
          chart: cfg.chart,
          values,
          results,
          specViolations,
          subgroup: cfg.chart === 'xbar-r' ? { pending: s.chart.pendingCount, size: cfg.subgroupSize } : null,
          lastCapability: s.capability,
        });
        spc[c.name] = entry;
        const base = { characteristic: c.name, unit: c.unit ?? null };
        const spec = { lsl: c.lsl ?? null, usl: c.usl ?? null, target: c.target ?? null };
        for (const v of specViolations) event({ ...base, kind: 'specification', chart: null, limits: spec, ...v });
        for (const r of results)
          for (const v of r.violations) {
            const limits = v.chart === 'r' || v.chart === 'mr' ? r.limits?.dispersion : r.limits?.location;
            if (limits) event({ ...base, kind: 'control', limits, ...v });
          }
      }
      ctx.context.node.set(SPC_CONTEXT_KEY, histories);
      const failed = Object.values(spc).some((e) => e.specViolations.length > 0);
      ctx.status(statusOf(Object.values(spc), failed));
      const out = { ...msg, spc };
      ctx.send([failed ? null : out, failed ? out : null, nc]);
    },
  };
}

/** The numbers of a measurement, undefined when the property is absent. */
function measurements(c: Characteristic, raw: unknown): number[] | undefined {
  if (raw === undefined || raw === null) return undefined;
  const list = Array.isArray(raw) ? raw : [raw];
  if (list.length === 0 || !list.every((v): v is number => typeof v === 'number' && Number.isFinite(v)))
    throw new UserError(
      'invalid_measurement',
      `${c.name}: ${c.property} must be a finite number or a non-empty array of them, got ${JSON.stringify(raw)}`,
    );
  return list;
}

function record(
  s: State,
  r: SpcResult,
  meta: { time: string; lot: string | null; workOrder: string | null },
  max: number,
) {
  s.capability = r.capability;
  s.history.capability = { cp: r.capability.cp, cpk: r.capability.cpk, pp: r.capability.pp, ppk: r.capability.ppk };
  s.history.points.push(toHistoryPoint(r, meta));
  if (s.history.points.length > max) s.history.points.splice(0, s.history.points.length - max);
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
