import { msgPathSchema } from '@millwright/sdk';
import { z } from 'zod';

const MAX_TIMER_MS = 2_147_483_647;

/** Config fields of every MES node that books values at their production time. */
export const productionTimeFields = {
  timeProperty: msgPathSchema(
    'Message property with the production time of the value (a date, epoch ms or ISO 8601 time). Empty: the source timestamp opcua-subscribe / opcua-read (`opcua.sourceTimestamp`) or sparkplug-in (`sparkplug.timestamp`) attach, else the arrival time.',
    { allowEmpty: true },
  ).default(''),
  maxFutureMs: z.number().int().min(0).max(MAX_TIMER_MS).default(60_000).meta({
    description:
      'How far a production time may lie ahead of this clock (clock skew) before the value is refused with `future_timestamp`.',
    advanced: true,
  }),
};

/** Config fields of the nodes that keep time-ordered state (oee, quality-check). */
export const lateValueFields = {
  reorderToleranceMs: z.number().int().min(0).max(MAX_TIMER_MS).default(10_000).meta({
    description:
      'Lateness sorted into place without a correction: an OEE window sends its final record this long after its end; with `lateValues: output`, quality-check still sorts in measurements this much older than the newest.',
    advanced: true,
  }),
  lateValues: z.enum(['restate', 'output']).default('restate').meta({
    description:
      'Values later than `reorderToleranceMs`: `restate` books them where they belong and sends corrected figures (`restated: true`); `output` sends them unchanged to the `late` output instead.',
  }),
  maxLatenessMs: z.number().int().min(1_000).max(MAX_TIMER_MS).default(7_200_000).meta({
    description:
      'Oldest production time (behind the clock) still booked; older values raise `too_late` (or go to the `late` output). Also bounds the data kept in node context.',
    advanced: true,
  }),
};
