import { msgPathSchema } from '@millwright/sdk';
import { z } from 'zod';
import { RULE_IDS } from '../lib/spc/rules.js';
import { lateValueFields, productionTimeFields } from '../lib/time/time-config.js';

/** Beyond this magnitude squares overflow the statistics; such values are measurement faults. */
export const MAX_MAGNITUDE = 1e150;

const fixedLimits = z
  .object({
    cl: z.number().meta({ description: 'Center line of the X-bar (subgroup means) or I chart.' }),
    ucl: z.number().meta({ description: 'Upper control limit of the X-bar or I chart.' }),
    lcl: z.number().meta({ description: 'Lower control limit of the X-bar or I chart.' }),
    rangeCl: z.number().optional().meta({ description: 'Center line of the R or MR chart (R̄ or MR̄).' }),
    rangeUcl: z.number().optional().meta({ description: 'Upper control limit of the R or MR chart.' }),
    rangeLcl: z.number().optional().meta({ description: 'Lower control limit of the R or MR chart (often 0).' }),
  })
  .superRefine((l, ctx) => {
    if (!(l.lcl < l.cl && l.cl < l.ucl)) ctx.addIssue({ code: 'custom', message: 'needs lcl < cl < ucl' });
    const range = [l.rangeCl, l.rangeUcl, l.rangeLcl];
    if (range.some((v) => v !== undefined) && range.some((v) => v === undefined))
      ctx.addIssue({ code: 'custom', message: 'give all three of rangeCl, rangeUcl and rangeLcl, or none' });
  });

const characteristic = z
  .object({
    name: z.string().min(1).meta({ description: 'Characteristic name, e.g. `diameter`; used in events and charts.' }),
    property: msgPathSchema(
      'Message property holding the measurement: a number, or an array of numbers (several parts).',
    ).default('payload.value'),
    lsl: z.number().optional().meta({ description: 'Lower specification limit; leave empty for an upper-only spec.' }),
    usl: z.number().optional().meta({ description: 'Upper specification limit; leave empty for a lower-only spec.' }),
    target: z.number().optional().meta({ description: 'Nominal value (reported with the limits).' }),
    unit: z.string().optional().meta({ description: 'Unit of measure, e.g. `mm`.' }),
    min: z.number().optional().meta({
      description:
        'Smallest value a measurement can have (sensor range). Below it the value is a measurement fault: refused with `measurement_out_of_range`, kept off the chart.',
      advanced: true,
    }),
    max: z.number().optional().meta({
      description: 'Largest value a measurement can have (sensor range); above it: `measurement_out_of_range`.',
      advanced: true,
    }),
    controlLimits: fixedLimits.optional().meta({
      description:
        'Fixed (phase II) control limits. Without them the limits are computed from the rolling window once it holds `minPoints` points.',
      advanced: true,
    }),
  })
  .superRefine((c, ctx) => {
    if (c.lsl !== undefined && c.usl !== undefined && !(c.lsl < c.usl))
      ctx.addIssue({ code: 'custom', path: ['usl'], message: 'must be greater than lsl' });
    if (
      c.target !== undefined &&
      ((c.lsl !== undefined && c.target < c.lsl) || (c.usl !== undefined && c.target > c.usl))
    )
      ctx.addIssue({ code: 'custom', path: ['target'], message: 'must lie within lsl .. usl' });
    if (c.min !== undefined && c.max !== undefined && !(c.min < c.max))
      ctx.addIssue({ code: 'custom', path: ['max'], message: 'must be greater than min' });
  });

/** Default points before computed limits apply: 20 subgroups (X-bar/R) or 25 individuals (I-MR). */
export const DEFAULT_MIN_POINTS = { 'xbar-r': 20, 'i-mr': 25 } as const;

/** Config of the quality-check node. */
export const qualityCheckConfig = z
  .object({
    characteristics: z.array(characteristic).min(1).meta({
      description: 'Measured characteristics with their specification limits.',
      widget: 'table',
    }),
    chart: z.enum(['xbar-r', 'i-mr']).default('i-mr').meta({
      description:
        '`i-mr`: individuals and moving range (one value per point). `xbar-r`: subgroup means and ranges; consecutive values form subgroups of `subgroupSize`.',
    }),
    subgroupSize: z
      .number()
      .int()
      .min(2)
      .max(10)
      .default(5)
      .meta({ description: 'Values per subgroup (2..10).', showWhen: { chart: ['xbar-r'] } }),
    windowSize: z.number().int().min(2).max(10_000).default(100).meta({
      description: 'Points (subgroups or individuals) in the rolling window used for limits and capability.',
    }),
    minPoints: z.number().int().min(2).optional().meta({
      description:
        'Points the window needs before computed limits apply and the rules run. Default 20 subgroups (xbar-r) or 25 individuals (i-mr).',
    }),
    rules: z.array(z.enum(RULE_IDS)).default(['we-1', 'we-2', 'we-3', 'we-4']).meta({
      description:
        'Run rules to apply, each on its own: `nelson-1` .. `nelson-8`, or the Western Electric `we-1` .. `we-4` (the default).',
    }),
    lotProperty: msgPathSchema('Message property with the batch / lot id.', { allowEmpty: true }).default(
      'payload.lot',
    ),
    workOrderProperty: msgPathSchema('Message property with the work order id.', { allowEmpty: true }).default(
      'payload.workOrder',
    ),
    historySize: z.number().int().min(1).max(1000).default(100).meta({
      description: 'Chart points kept per characteristic in node context (key `spc`) for charts.',
      advanced: true,
    }),
    ...productionTimeFields,
    ...lateValueFields,
  })
  .superRefine((cfg, ctx) => {
    const names = new Set<string>();
    cfg.characteristics.forEach((c, i) => {
      if (names.has(c.name))
        ctx.addIssue({ code: 'custom', path: ['characteristics', i, 'name'], message: `duplicate name "${c.name}"` });
      names.add(c.name);
    });
    const min = cfg.minPoints ?? DEFAULT_MIN_POINTS[cfg.chart];
    if (min > cfg.windowSize)
      ctx.addIssue({ code: 'custom', path: ['windowSize'], message: `must hold at least minPoints (${min}) points` });
  });

export type QualityCheckConfig = z.output<typeof qualityCheckConfig>;
export type Characteristic = QualityCheckConfig['characteristics'][number];
