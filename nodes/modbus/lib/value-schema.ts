import { z } from 'zod';
import { DATA_TYPES, WORD_ORDERS } from './codec.js';

/** Fields modbus-read and modbus-write share: where the values are and how they are encoded. */
export const valueFields = {
  client: z
    .string()
    .min(1, 'choose a Modbus client')
    .meta({ description: 'The Modbus client config node (device connection).', configRef: 'modbus-client' }),
  address: z.number().int().min(0).max(65_535).default(0).meta({
    description:
      'First address, counted from 0 as on the wire (the 1-based register 40001 of many manuals is holding register 0).',
  }),
  dataType: (showWhen: Record<string, string[]>) =>
    z.enum(DATA_TYPES).default('uint16').meta({
      description:
        'How registers hold a value: 16-bit types take 1 register, 32-bit ones 2, float64 4. Not used for coils and discrete inputs (booleans).',
      showWhen,
    }),
  order: (showWhen: Record<string, string[]>) =>
    z.enum(WORD_ORDERS).default('ABCD').meta({
      description:
        'Byte and word order of values wider than one byte: ABCD big endian (high word first), CDAB low word first, BADC bytes swapped in each word, DCBA little endian. See docs/modbus.md.',
      showWhen,
    }),
  scale: z
    .object({
      enabled: z.boolean().default(false).meta({ description: 'Scale register values linearly.' }),
      rawLow: z.number().default(0),
      rawHigh: z.number().default(1),
      engLow: z.number().default(0),
      engHigh: z.number().default(1),
    })
    .default({ enabled: false, rawLow: 0, rawHigh: 1, engLow: 0, engHigh: 1 })
    .meta({
      description:
        'Linear scaling between the raw value on the device (`rawLow..rawHigh`) and the engineering value in the flow (`engLow..engHigh`), e.g. raw 0..27648 is 0..100 °C. Writes apply the inverse and round for integer types.',
      advanced: true,
    }),
};

/** The scale problem, if any: equal ends would divide by zero. */
export function scaleIssue(scale: {
  enabled: boolean;
  rawLow: number;
  rawHigh: number;
  engLow: number;
  engHigh: number;
}): { path: string[]; message: string } | undefined {
  if (!scale.enabled) return undefined;
  if (scale.rawLow === scale.rawHigh) return { path: ['scale', 'rawHigh'], message: 'must differ from rawLow' };
  if (scale.engLow === scale.engHigh) return { path: ['scale', 'engHigh'], message: 'must differ from engLow' };
  return undefined;
}
