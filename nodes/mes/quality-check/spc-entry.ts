import type { SpcChartData } from '@millwright/model';
import type { Capability } from '../lib/spc/capability.js';
import type { ControlLimits } from '../lib/spc/control-limits.js';
import type { ChartViolation, SpcResult } from '../lib/spc/spc-chart.js';
import type { Characteristic, QualityCheckConfig } from './config.js';

/** A specification check that failed. */
export interface SpecViolation {
  rule: 'spec-lsl' | 'spec-usl';
  ruleName: string;
  value: number;
}

/** `msg.spc[characteristic]`: what the message did to one characteristic's chart. */
export interface SpcEntry {
  characteristic: string;
  chart: QualityCheckConfig['chart'];
  unit: string | null;
  /** The measurements of this message. */
  values: number[];
  /** Newest plotted point: subgroup mean or individual; null while a subgroup fills. */
  point: number | null;
  /** Its range or moving range. */
  range: number | null;
  cl: number | null;
  ucl: number | null;
  lcl: number | null;
  rangeLimits: ControlLimits | null;
  limitsSource: SpcResult['limitsSource'];
  /** Run rule violations of every point this message completed. */
  violations: ChartViolation[];
  specViolations: SpecViolation[];
  rulesSkipped: string | null;
  cp: number | null;
  cpk: number | null;
  pp: number | null;
  ppk: number | null;
  capabilityReasons: Capability['reasons'];
  /** X-bar/R: values collected towards the next subgroup. */
  subgroup: { pending: number; size: number } | null;
  windowPoints: number;
}

/** One chart point as kept in node context (`spc[characteristic].points`) for charts. */
export interface HistoryPoint {
  time: string;
  point: number;
  range: number | null;
  cl: number | null;
  ucl: number | null;
  lcl: number | null;
  rangeCl: number | null;
  rangeUcl: number | null;
  rangeLcl: number | null;
  violations: Array<Pick<ChartViolation, 'rule' | 'chart'>>;
  lot: string | null;
  workOrder: string | null;
}

/** Node context value under key `spc`, per characteristic. */
export interface ChartHistory {
  chart: QualityCheckConfig['chart'];
  unit: string | null;
  lsl: number | null;
  usl: number | null;
  target: number | null;
  capability: Pick<Capability, 'cp' | 'cpk' | 'pp' | 'ppk'> | null;
  points: HistoryPoint[];
}

const NO_SUBGROUP_TEXT = 'no complete subgroup yet';
const NO_SUBGROUP = { cp: NO_SUBGROUP_TEXT, cpk: NO_SUBGROUP_TEXT, pp: NO_SUBGROUP_TEXT, ppk: NO_SUBGROUP_TEXT };

/** Specification verdict of one value; equal to a limit passes. */
export function checkSpec(c: Characteristic, value: number): SpecViolation | null {
  if (c.lsl !== undefined && value < c.lsl)
    return { rule: 'spec-lsl', ruleName: 'Below the lower specification limit', value };
  if (c.usl !== undefined && value > c.usl)
    return { rule: 'spec-usl', ruleName: 'Above the upper specification limit', value };
  return null;
}

/** Builds `msg.spc[name]` from the chart results of one message (the last result is the plotted point). */
export function toEntry(args: {
  c: Characteristic;
  chart: QualityCheckConfig['chart'];
  values: number[];
  results: SpcResult[];
  specViolations: SpecViolation[];
  subgroup: SpcEntry['subgroup'];
  lastCapability: Capability | null;
}): SpcEntry {
  const last = args.results[args.results.length - 1];
  const cap = last?.capability ?? args.lastCapability;
  return {
    characteristic: args.c.name,
    chart: args.chart,
    unit: args.c.unit ?? null,
    values: args.values,
    point: last?.point ?? null,
    range: last?.dispersion ?? null,
    cl: last?.limits?.location.cl ?? null,
    ucl: last?.limits?.location.ucl ?? null,
    lcl: last?.limits?.location.lcl ?? null,
    rangeLimits: last?.limits?.dispersion ?? null,
    limitsSource: last?.limitsSource ?? null,
    violations: args.results.flatMap((r) => r.violations),
    specViolations: args.specViolations,
    rulesSkipped: last ? last.rulesSkipped : NO_SUBGROUP_TEXT,
    cp: cap?.cp ?? null,
    cpk: cap?.cpk ?? null,
    pp: cap?.pp ?? null,
    ppk: cap?.ppk ?? null,
    capabilityReasons: cap?.reasons ?? NO_SUBGROUP,
    subgroup: args.subgroup,
    windowPoints: last?.windowPoints ?? 0,
  };
}

/** The chart point of one result, for the history in node context. */
export function toHistoryPoint(
  r: SpcResult,
  meta: { time: string; lot: string | null; workOrder: string | null },
): HistoryPoint {
  const d = r.limits?.dispersion ?? null;
  return {
    ...meta,
    point: r.point,
    range: r.dispersion,
    cl: r.limits?.location.cl ?? null,
    ucl: r.limits?.location.ucl ?? null,
    lcl: r.limits?.location.lcl ?? null,
    rangeCl: d?.cl ?? null,
    rangeUcl: d?.ucl ?? null,
    rangeLcl: d?.lcl ?? null,
    violations: r.violations.map((v) => ({ rule: v.rule, chart: v.chart })),
  };
}

/** The live chart point of one result (`ctx.chart`), with the spec limits to draw next to it. */
export function toChartData(
  c: Characteristic,
  r: SpcResult,
  meta: { chart: QualityCheckConfig['chart']; lot: string | null },
): SpcChartData {
  return {
    characteristic: c.name,
    chart: meta.chart,
    unit: c.unit ?? null,
    point: r.point,
    range: r.dispersion,
    cl: r.limits?.location.cl ?? null,
    ucl: r.limits?.location.ucl ?? null,
    lcl: r.limits?.location.lcl ?? null,
    lsl: c.lsl ?? null,
    usl: c.usl ?? null,
    target: c.target ?? null,
    violations: r.violations.map((v) => ({ rule: v.rule, ruleName: v.ruleName, chart: v.chart, value: v.value })),
    cp: r.capability.cp,
    cpk: r.capability.cpk,
    pp: r.capability.pp,
    ppk: r.capability.ppk,
    lot: meta.lot,
  };
}
