import { msgPathSchema } from '@millwright/sdk';
import { z } from 'zod';
import { isTimeZone } from '../lib/oee/windows.js';
import { lateValueFields, productionTimeFields } from '../lib/time/time-config.js';

const MAX_TIMER_MS = 2_147_483_647;
const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;

const shift = z.object({
  name: z.string().min(1).meta({ description: 'Shift name, e.g. `early`.' }),
  start: z.string().regex(HHMM, 'expected HH:MM (24 h)').meta({ description: 'Local start time `HH:MM`.' }),
  end: z
    .string()
    .regex(HHMM, 'expected HH:MM (24 h)')
    .meta({ description: 'Local end time `HH:MM`; at or before the start means the next day.' }),
});

const onShift = { showWhen: { window: ['shift'] } };
const onLength = { showWhen: { window: ['rolling', 'tumbling'] } };

/** Config of the oee node. */
export const oeeConfig = z.object({
  stateProperty: msgPathSchema(
    'Message property with the machine state: `running`, `idle`, `down` or `planned-stop`.',
    { allowEmpty: true },
  ).default('payload.state'),
  reasonProperty: msgPathSchema('Message property with the reason of a stop (downtime loss breakdown).', {
    allowEmpty: true,
  }).default('payload.reason'),
  totalProperty: msgPathSchema('Message property with the total (good + reject) count.', { allowEmpty: true }).default(
    'payload.total',
  ),
  goodProperty: msgPathSchema('Message property with the good count.', { allowEmpty: true }).default('payload.good'),
  rejectProperty: msgPathSchema('Message property with the reject count.', { allowEmpty: true }).default(
    'payload.reject',
  ),
  countMode: z.enum(['cumulative', 'increment']).default('cumulative').meta({
    description:
      '`cumulative`: counters that only grow (PLC part counters; resets and wraps handled). `increment`: each message carries new parts.',
  }),
  counterMax: z
    .number()
    .int()
    .positive()
    .optional()
    .meta({
      description:
        'Largest counter value before it wraps to 0 (e.g. 65535). A decrease from the upper half is a wrap; otherwise a reset (down to `resetBelow`) or a glitch.',
      showWhen: { countMode: ['cumulative'] },
    }),
  resetBelow: z
    .number()
    .int()
    .min(0)
    .default(10)
    .meta({
      description:
        'A cumulative counter falling to this value or below is a reset (the parts since count). A fall to a higher value is a glitch: ignored if the counter comes back, otherwise counting goes on from the new level.',
      showWhen: { countMode: ['cumulative'] },
    }),
  rateMargin: z.number().min(0).max(10).default(0.1).meta({
    description:
      'How much faster than the ideal cycle time counts may rise (0.1 = 10 %, plus one part for sampling) before a rise is held as a suspected glitch.',
    advanced: true,
  }),
  confirmSamples: z.number().int().min(1).max(20).default(2).meta({
    description:
      'Readings that must follow a suspect one before it is judged: back to the old level (a spike, ignored), or a new level that holds (counted when the rate over the span is possible, else counting goes on from it).',
    advanced: true,
  }),
  idealCycleTimeMs: z.number().positive().optional().meta({
    description: 'Ideal (fastest) time per part in ms. Messages may change it through `idealCycleTimeProperty`.',
  }),
  idealCycleTimeProperty: msgPathSchema(
    'Message property that sets the ideal cycle time in ms (e.g. on a product change).',
    { allowEmpty: true },
  ).default('payload.idealCycleTimeMs'),
  idleAs: z.enum(['performance-loss', 'downtime']).default('performance-loss').meta({
    description:
      'Idle time is run time lost to speed (`performance-loss`, as idling and minor stops in the six big losses) or `downtime`.',
  }),
  window: z.enum(['shift', 'rolling', 'tumbling']).default('shift').meta({
    description:
      '`shift`: the shift calendar. `rolling`: the last `windowMs`. `tumbling`: consecutive intervals of `windowMs` aligned to UTC.',
  }),
  shifts: z
    .array(shift)
    .min(1)
    .default([
      { name: 'early', start: '06:00', end: '14:00' },
      { name: 'late', start: '14:00', end: '22:00' },
      { name: 'night', start: '22:00', end: '06:00' },
    ])
    .meta({ description: 'Shift calendar (local times in `timeZone`).', widget: 'table', ...onShift }),
  timeZone: z
    .string()
    .default('UTC')
    .refine(isTimeZone, 'unknown IANA time zone')
    .meta({ description: 'IANA time zone of the shift times, e.g. `Europe/Berlin`.', ...onShift }),
  windowMs: z
    .number()
    .int()
    .min(1_000)
    .max(MAX_TIMER_MS)
    .default(3_600_000)
    .meta({ description: 'Length of a rolling or tumbling window in ms.', ...onLength }),
  emitOn: z.enum(['update', 'interval', 'both']).default('both').meta({
    description:
      'Send the current record after every state/counter message (`update`), every `emitIntervalMs`, or `both`. A closed window always sends its final record.',
  }),
  emitIntervalMs: z
    .number()
    .int()
    .min(100)
    .max(MAX_TIMER_MS)
    .default(60_000)
    .meta({ description: 'Period of timed records in ms.', showWhen: { emitOn: ['interval', 'both'] } }),
  topic: z.string().default('oee').meta({ description: '`msg.topic` of the records.' }),
  ...productionTimeFields,
  ...lateValueFields,
});

export type OeeConfig = z.output<typeof oeeConfig>;
