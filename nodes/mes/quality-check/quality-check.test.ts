import type { ChartEvent, ErrorEvent, FlowMessage } from '@millwright/model';
import { testNode, type ContextStore, type NodeHarness } from '@millwright/sdk';
import { afterEach, describe, expect, it } from 'vitest';
import { LOAN_COSTS } from '../lib/spc/textbook-data.js';
import { qualityCheckConfig } from './config.js';
import qualityCheck from './index.js';
import type { NonConformance } from './quality-check.js';
import type { ChartHistory, SpcEntry } from './spc-entry.js';

let h: NodeHarness | undefined;
let nodeContext: ContextStore | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

/** Runs the node alone and keeps a handle on its node context (where the chart history lives). */
async function run(config: Record<string, unknown>) {
  const def = {
    ...qualityCheck,
    setup: (ctx: Parameters<typeof qualityCheck.setup>[0]) => {
      nodeContext = ctx.context.node;
      return qualityCheck.setup(ctx);
    },
  };
  h = await testNode(def, { config });
  return h;
}

const diameter = { name: 'diameter', property: 'payload.d', lsl: 9.9, usl: 10.1, target: 10, unit: 'mm' };
const spcOf = (m: FlowMessage | undefined, name = 'diameter') => (m?.['spc'] as Record<string, SpcEntry>)[name];
const ncOf = (harness: NodeHarness) => harness.outputs(harness.nodeId, 2).map((m) => m.payload as NonConformance);

describe('quality-check specification limits', () => {
  it('passes values within LSL..USL (limits included) and fails the rest, with a non-conformance event', async () => {
    const harness = await run({ characteristics: [diameter] });
    for (const d of [10, 9.9, 10.1, 10.2]) harness.input({ payload: { d, lot: 'LOT-7', workOrder: 'WO-1' } });
    await harness.next(3, { port: 0 });
    const [fail] = await harness.next(1, { port: 1 });
    expect(spcOf(fail)?.specViolations).toEqual([
      { rule: 'spec-usl', ruleName: 'Above the upper specification limit', value: 10.2 },
    ]);
    const [nc] = await harness.next(1, { port: 2 });
    expect(nc?.topic).toBe('non-conformance');
    expect(nc?.payload).toEqual({
      type: 'non-conformance',
      kind: 'specification',
      characteristic: 'diameter',
      value: 10.2,
      unit: 'mm',
      rule: 'spec-usl',
      ruleName: 'Above the upper specification limit',
      chart: null,
      lot: 'LOT-7',
      workOrder: 'WO-1',
      limits: { lsl: 9.9, usl: 10.1, target: 10 },
      time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      messageId: fail?.id,
    });
    expect(harness.outputs(harness.nodeId, 2)).toHaveLength(1);
    expect(harness.statuses(harness.nodeId).at(-1)?.status).toEqual({
      fill: 'red',
      shape: 'dot',
      text: 'fail: diameter 10.2 > USL',
    });
  });

  it('one-sided spec: only the given limit applies; a message fails if any characteristic fails', async () => {
    const harness = await run({
      characteristics: [
        { name: 'torque', property: 'payload.torque', lsl: 5 },
        { name: 'leak', property: 'payload.leak', usl: 0.5 },
      ],
      lotProperty: 'lot',
    });
    harness.input({ payload: { torque: 1000, leak: 0.1 } });
    harness.input({ payload: { torque: 6, leak: 0.6 }, lot: 'L2' });
    harness.input({ payload: { torque: 4 } });
    await harness.next(1, { port: 0 });
    const fails = await harness.next(2, { port: 1 });
    expect(fails.map((m) => Object.keys(m['spc'] as object))).toEqual([['torque', 'leak'], ['torque']]);
    expect(ncOf(harness).map((e) => [e.characteristic, e.rule, e.lot])).toEqual([
      ['leak', 'spec-usl', 'L2'],
      ['torque', 'spec-lsl', null],
    ]);
  });

  it('reports a message without any measured property, and non-numeric values, to catch nodes', async () => {
    const harness = await run({ characteristics: [diameter] });
    harness.input({ payload: { other: 1 } });
    harness.input({ payload: { d: '10.0' } });
    harness.input({ payload: { d: [] } });
    await harness.waitForEvent((e) => e.type === 'error' && harness.errors().length === 3);
    const codes = harness.errors().map((e: ErrorEvent) => e.error.code);
    expect(codes).toEqual(['missing_measurement', 'invalid_measurement', 'invalid_measurement']);
    expect(harness.errors()[0]?.error.message).toMatch(/payload\.d/);
  });
});

describe('quality-check SPC', () => {
  it('I-MR on the loan cost data: limits after minPoints, a shift raises a control non-conformance', async () => {
    const harness = await run({
      characteristics: [{ name: 'cost', property: 'payload', usl: 400 }],
      minPoints: 20,
      rules: ['nelson-1'],
    });
    for (const x of LOAN_COSTS) harness.input({ payload: x });
    harness.input({ payload: 330 });
    const out = await harness.next(21, { port: 0 });
    expect(spcOf(out[19], 'cost')).toMatchObject({ cl: null, rulesSkipped: expect.stringMatching(/20 points/) });
    const last = spcOf(out[20], 'cost');
    expect(last?.point).toBe(330);
    expect(last?.cl).toBeCloseTo(300.5, 9);
    expect(last?.ucl).toBeCloseTo(300.5 + 2.66 * (148 / 19), 9);
    expect(last?.violations.map((v) => v.chart)).toEqual(['i', 'mr']);
    // One-sided (upper) spec: Cpk is Cpu, Cp is null with a reason.
    expect(last?.cp).toBeNull();
    expect(last?.capabilityReasons.cp).toMatch(/one-sided/);
    expect(last?.cpk).toBeGreaterThan(0);
    const nc = ncOf(harness);
    expect(nc.map((e) => [e.kind, e.rule, e.chart, e.value])).toEqual([
      ['control', 'nelson-1', 'i', 330],
      ['control', 'nelson-1', 'mr', 26],
    ]);
    expect(nc[1]?.limits).toMatchObject({ lcl: 0 });
    expect(harness.statuses(harness.nodeId).at(-1)?.status).toMatchObject({ fill: 'yellow', text: 'cost: nelson-1' });
  });

  it('X-bar/R: values collect into subgroups; an array may carry several parts', async () => {
    const harness = await run({
      characteristics: [{ name: 'w', property: 'payload.w' }],
      chart: 'xbar-r',
      subgroupSize: 3,
      minPoints: 2,
    });
    harness.input({ payload: { w: 1 } });
    harness.input({ payload: { w: [2, 3] } });
    harness.input({ payload: { w: [4, 5, 6] } });
    harness.input({ payload: { w: [2, 4, 6] } });
    const out = await harness.next(4);
    expect(spcOf(out[0], 'w')).toMatchObject({ point: null, subgroup: { pending: 1, size: 3 }, windowPoints: 0 });
    expect(spcOf(out[1], 'w')).toMatchObject({ point: 2, range: 2, values: [2, 3], subgroup: { pending: 0, size: 3 } });
    // Third subgroup: limits from subgroups (1,2,3) and (4,5,6): x̿ = 3.5, R̄ = 2.
    expect(spcOf(out[3], 'w')).toMatchObject({
      point: 4,
      range: 4,
      cl: 3.5,
      ucl: 3.5 + 1.023 * 2,
      limitsSource: 'window',
    });
    expect(spcOf(out[3], 'w')?.rangeLimits).toEqual({ cl: 2, ucl: 2.574 * 2, lcl: 0 });
  });

  it('fixed control limits apply from the first point', async () => {
    const harness = await run({
      characteristics: [{ ...diameter, controlLimits: { cl: 10, ucl: 10.03, lcl: 9.97 } }],
      rules: ['nelson-1'],
    });
    harness.input({ payload: { d: 10.04 } });
    const [out] = await harness.next();
    expect(spcOf(out)).toMatchObject({ limitsSource: 'fixed', violations: [{ rule: 'nelson-1', chart: 'i' }] });
  });

  it('constant data gives null capability with a reason, never Infinity', async () => {
    const harness = await run({ characteristics: [diameter], minPoints: 3 });
    for (let i = 0; i < 6; i++) harness.input({ payload: { d: 10 } });
    const out = await harness.next(6);
    const last = spcOf(out[5]);
    expect(last).toMatchObject({
      cp: null,
      cpk: null,
      pp: null,
      ppk: null,
      rulesSkipped: expect.stringMatching(/zero variation/),
    });
    expect(last?.capabilityReasons.cpk).toMatch(/constant data/);
    expect(JSON.stringify(out)).not.toMatch(/Infinity|NaN/);
  });

  it('keeps the last historySize points per characteristic in node context for charts', async () => {
    const harness = await run({ characteristics: [diameter], historySize: 3, minPoints: 2 });
    for (const d of [10, 10.01, 9.99, 10.02, 10]) harness.input({ payload: { d, lot: 'L' } });
    await harness.next(5);
    const spc = nodeContext?.get('spc') as Record<string, ChartHistory>;
    expect(spc['diameter']).toMatchObject({ chart: 'i-mr', unit: 'mm', lsl: 9.9, usl: 10.1, target: 10 });
    expect(spc['diameter']?.points.map((p) => p.point)).toEqual([9.99, 10.02, 10]);
    expect(spc['diameter']?.points[2]).toMatchObject({ lot: 'L', violations: [] });
    expect(spc['diameter']?.points[2]?.range).toBeCloseTo(0.02, 12);
    expect(spc['diameter']?.points[2]?.cl).toBeCloseTo(10.005, 9);
    expect(spc['diameter']?.capability?.cp).toBeGreaterThan(0);
  });
});

describe('quality-check live chart', () => {
  it('publishes each plotted point with its limits, spec limits and the rules it broke', async () => {
    const harness = await run({
      characteristics: [{ ...diameter, controlLimits: { cl: 10, ucl: 10.03, lcl: 9.97 } }],
      rules: ['we-1'],
    });
    harness.input({ payload: { d: 10.04, lot: 'LOT-1' } });
    await harness.next();
    const e = await harness.waitForEvent((ev): ev is ChartEvent => ev.type === 'chart', 2_000);
    expect(e).toMatchObject({ nodeId: harness.nodeId, kind: 'spc' });
    expect(e.data).toEqual({
      characteristic: 'diameter',
      chart: 'i-mr',
      unit: 'mm',
      point: 10.04,
      range: null,
      cl: 10,
      ucl: 10.03,
      lcl: 9.97,
      lsl: 9.9,
      usl: 10.1,
      target: 10,
      violations: [{ rule: 'we-1', ruleName: expect.any(String), chart: 'i', value: 10.04 }],
      cp: null,
      cpk: null,
      pp: null,
      ppk: null,
      lot: 'LOT-1',
    });
  });

  it('publishes nothing while an X-bar subgroup is still filling', async () => {
    const harness = await run({ characteristics: [diameter], chart: 'xbar-r', subgroupSize: 3 });
    for (const d of [10, 10.01]) harness.input({ payload: { d } });
    await harness.next(2);
    expect(harness.events.filter((ev) => ev.type === 'chart')).toEqual([]);
    harness.input({ payload: { d: 9.99 } });
    const e = await harness.waitForEvent((ev): ev is ChartEvent => ev.type === 'chart', 2_000);
    expect(e.kind === 'spc' && e.data.point).toBeCloseTo(10, 12);
  });
});

describe('quality-check config', () => {
  it('rejects inverted limits, duplicate names and a window shorter than minPoints', () => {
    const bad = qualityCheckConfig.safeParse({
      characteristics: [
        { name: 'a', property: 'payload.a', lsl: 2, usl: 1 },
        { name: 'a', property: 'payload.b', controlLimits: { cl: 1, ucl: 0, lcl: 2 } },
      ],
      windowSize: 10,
    });
    expect(bad.success).toBe(false);
    const messages = bad.error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    expect(messages).toEqual(
      expect.arrayContaining([
        'characteristics.0.usl: must be greater than lsl',
        'characteristics.1.name: duplicate name "a"',
        'characteristics.1.controlLimits: needs lcl < cl < ucl',
        'windowSize: must hold at least minPoints (25) points',
      ]),
    );
    expect(qualityCheckConfig.parse({ characteristics: [diameter] }).rules).toEqual(['we-1', 'we-2', 'we-3', 'we-4']);
  });
});
