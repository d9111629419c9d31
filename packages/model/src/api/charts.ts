/**
 * Live chart data: nodes publish it with `ctx.chart(kind, data)`, the runtime streams it as
 * `chart` events and keeps the latest points per node for `GET /api/charts/:nodeId`.
 */

/** A run rule (or the dispersion chart's limit check) that fired at a point. */
export interface ChartRuleViolation {
  /** Rule id, e.g. `we-1` or `nelson-2`. */
  rule: string;
  ruleName: string;
  /** Which chart of the pair: `xbar`, `r`, `i` or `mr`. */
  chart: string;
  /** The plotted value that broke the rule. */
  value: number;
}

/** One control chart point of one characteristic (quality-check). Limits are null until known. */
export interface SpcChartData {
  characteristic: string;
  chart: 'xbar-r' | 'i-mr';
  unit: string | null;
  /** Subgroup mean (X-bar) or individual value. */
  point: number;
  /** Range or moving range; null for the first individual. */
  range: number | null;
  cl: number | null;
  ucl: number | null;
  lcl: number | null;
  lsl: number | null;
  usl: number | null;
  target: number | null;
  violations: ChartRuleViolation[];
  cp: number | null;
  cpk: number | null;
  pp: number | null;
  ppk: number | null;
  lot: string | null;
}

/** Downtime of one reason within an OEE window. */
export interface ChartLoss {
  reason: string;
  durationMs: number;
  count: number;
}

/** One OEE record (oee node): factors 0..1 or null when they have no data, times in ms. */
export interface OeeChartData {
  window: { start: string; end: string; name: string | null };
  final: boolean;
  availability: number | null;
  performance: number | null;
  quality: number | null;
  oee: number | null;
  plannedTime: number;
  runTime: number;
  downtime: number;
  totalCount: number | null;
  goodCount: number | null;
  rejectCount: number | null;
  losses: ChartLoss[];
  /** Performance before the cap at 1: above 1 the counts or the ideal cycle time are wrong. */
  performanceRaw?: number | null;
  /** Parts held as a suspected counter glitch (not counted until the next readings confirm them). */
  heldCount?: number;
  /** Counter readings that did not fit (jumps faster than the ideal cycle time, drops) in the window. */
  glitches?: Array<{ counter: string; at: string; kind: 'jump' | 'drop'; resolution: string; parts: number }>;
  /** A corrected final record: values produced in the window arrived after it closed. */
  restated?: boolean;
}

/** The latest value of a dashboard widget (nodes/dashboard): what its input message carried. */
export interface WidgetChartData {
  /** The widget's value (a number, text, a state, an OEE record, rows of a table...), JSON. */
  value: unknown;
  /** `msg.topic` of the message, which charts use as the series name. */
  topic?: string;
}

/** Chart kinds and their data. */
export interface ChartDataByKind {
  spc: SpcChartData;
  oee: OeeChartData;
  widget: WidgetChartData;
}

export type ChartKind = keyof ChartDataByKind;

interface ChartEventBase {
  type: 'chart';
  time: number;
  flowId: string;
  nodeId: string;
}

/** A control chart point of a quality-check node. */
export interface SpcChartEvent extends ChartEventBase {
  kind: 'spc';
  data: SpcChartData;
}

/** An OEE record of an oee node. */
export interface OeeChartEvent extends ChartEventBase {
  kind: 'oee';
  data: OeeChartData;
}

/** A new value of a dashboard widget. */
export interface WidgetChartEvent extends ChartEventBase {
  kind: 'widget';
  data: WidgetChartData;
}

/** Live chart data of a node (at most ~10 per second per node; bursts coalesce to the latest). */
export type ChartEvent = SpcChartEvent | OeeChartEvent | WidgetChartEvent;

/** What a node passes to `ctx.chart()`: the kind and its data. */
export type ChartPayload =
  Pick<SpcChartEvent, 'kind' | 'data'> | Pick<OeeChartEvent, 'kind' | 'data'> | Pick<WidgetChartEvent, 'kind' | 'data'>;

/** `GET /api/charts/:nodeId`: the node's latest chart events, oldest first (empty when none yet). */
export interface ChartSnapshot {
  nodeId: string;
  events: ChartEvent[];
}
