import { z } from 'zod';
import { opcuaNodeIdField } from '../opcua-endpoint/node-id-schema.js';
import { parseTime } from './time-range.js';

const time = (description: string, fallback: string) =>
  z
    .string()
    .trim()
    .default(fallback)
    .refine((v) => parseTime(v, new Date()) !== undefined, {
      message: 'an ISO 8601 time, epoch ms, now, or relative like -1h, -15m, -2d',
    })
    .meta({ description });

/** Config of the opcua-history node. */
export const opcuaHistoryConfig = z.object({
  endpoint: z
    .string()
    .min(1, 'choose an OPC UA endpoint')
    .meta({ description: 'The OPC UA endpoint config node.', configRef: 'opcua-endpoint' }),
  nodeId: opcuaNodeIdField({ description: 'NodeId of the historized variable; empty: msg.topic.' }).default(''),
  start: time(
    'Start of the time range: ISO 8601 (`2026-12-03T08:00:00Z`), epoch ms, `now`, or relative to now (`-1h`, `-15m`, `-2d`; units ms s m h d w). msg.start replaces it.',
    '-1h',
  ),
  end: time('End of the time range, in the same forms. msg.end replaces it.', 'now'),
  maxValues: z.number().int().min(1).max(100_000).default(1000).meta({
    description: 'Values the server returns per request; more in the range are fetched with further requests.',
  }),
  maxRequests: z.number().int().min(1).max(1000).default(10).meta({
    description:
      'Requests per message at most (the first plus continuations): the payload then holds up to maxValues × maxRequests values and msg.opcua.complete is false when more were left.',
    advanced: true,
  }),
  returnBounds: z.boolean().default(false).meta({
    description: 'Also return the values at (or just outside) the start and end of the range (bounding values).',
    advanced: true,
  }),
});

export type OpcuaHistoryConfig = z.output<typeof opcuaHistoryConfig>;
