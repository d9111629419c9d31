import { z } from 'zod';
import { productionTimeFields } from '../lib/time/time-config.js';

/** The kinds of quality event a QMS takes. */
export const QUALITY_EVENT_KINDS = ['inspection-result', 'non-conformance', 'deviation'] as const;
export type QualityEventKind = (typeof QUALITY_EVENT_KINDS)[number];
export const SEVERITIES = ['minor', 'major', 'critical'] as const;

/** Config of the quality-event node. */
export const qualityEventConfig = z.object({
  kind: z
    .enum([...QUALITY_EVENT_KINDS, 'from-payload'])
    .default('non-conformance')
    .meta({
      description:
        '`inspection-result`: a measured characteristic against its limits (pass / fail). `non-conformance`: product that does not meet its specification. `deviation`: a planned or unplanned departure from the process (e.g. a setpoint outside the released one). `from-payload`: `msg.payload.kind` says which.',
    }),
  severity: z.enum(SEVERITIES).default('minor').meta({
    description: 'Severity of non-conformances and deviations whose payload names none.',
  }),
  equipment: z
    .string()
    .default('')
    .meta({
      description: 'Equipment the event is tied to when the payload names none, e.g. `Machine1`.',
      examples: ['Machine1'],
    }),
  source: z.string().default('').meta({
    description: 'Who reports: a line or system id written into every record (`source`), e.g. `LINE-1`.',
  }),
  requireRevision: z.boolean().default(true).meta({
    description:
      'Refuse events without `productRevision` (`invalid_quality_event`): a QMS ties findings to the product revision the lot was made with. Off: the revision is optional.',
  }),
  ...productionTimeFields,
});

export type QualityEventConfig = z.output<typeof qualityEventConfig>;
