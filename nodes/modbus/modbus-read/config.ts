import { z } from 'zod';
import { scaleIssue, valueFields } from '../lib/value-schema.js';

export const READ_AREAS = ['holding-registers', 'input-registers', 'coils', 'discrete-inputs'] as const;

const REGISTER_AREAS = { area: ['holding-registers', 'input-registers'] };

/** Values of one read at most (a read of more registers than 125 is split into several requests). */
export const MAX_READ_VALUES = 2_000;

/** Config of the modbus-read node. */
export const modbusReadConfig = z
  .object({
    client: valueFields.client,
    area: z.enum(READ_AREAS).default('holding-registers').meta({
      description:
        'Holding registers (FC 3, read/write words), input registers (FC 4, read-only words), coils (FC 1, read/write bits), discrete inputs (FC 2, read-only bits).',
    }),
    address: valueFields.address,
    quantity: z.number().int().min(1).max(MAX_READ_VALUES).default(1).meta({
      description:
        'How many values to read: booleans for coils and inputs, values of the data type for registers (10 float32 are 20 registers). Reads longer than the protocol allows (125 registers, 2000 bits) are split into several requests.',
    }),
    dataType: valueFields.dataType(REGISTER_AREAS),
    order: valueFields.order(REGISTER_AREAS),
    scale: valueFields.scale,
    pollMs: z.number().int().min(0).max(86_400_000).default(0).meta({
      description:
        'Read every so many ms and send the result; 0 reads only when a message arrives. A poll that finds the previous one still running is skipped.',
    }),
    topic: z.string().default('').meta({ description: 'msg.topic of polled results; default `<area>/<address>`.' }),
  })
  .superRefine((cfg, ctx) => {
    const issue = scaleIssue(cfg.scale);
    if (issue) ctx.addIssue({ code: 'custom', ...issue });
  });

export type ModbusReadConfig = z.output<typeof modbusReadConfig>;
