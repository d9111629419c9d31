import { z } from 'zod';
import { scaleIssue, valueFields } from '../lib/value-schema.js';

export const WRITE_AREAS = ['holding-registers', 'coils'] as const;

/** Config of the modbus-write node. */
export const modbusWriteConfig = z
  .object({
    client: valueFields.client,
    area: z.enum(WRITE_AREAS).default('holding-registers').meta({
      description:
        'Holding registers (FC 6 for one register, FC 16 for several) or coils (FC 5 for one, FC 15 for several).',
    }),
    address: valueFields.address,
    dataType: valueFields.dataType({ area: ['holding-registers'] }),
    order: valueFields.order({ area: ['holding-registers'] }),
    scale: valueFields.scale,
  })
  .superRefine((cfg, ctx) => {
    const issue = scaleIssue(cfg.scale);
    if (issue) ctx.addIssue({ code: 'custom', ...issue });
  });

export type ModbusWriteConfig = z.output<typeof modbusWriteConfig>;
