import { msgPathSchema } from '@millwright/sdk';
import { z } from 'zod';
import { opcuaNodeIdField } from '../opcua-endpoint/node-id-schema.js';
import { WRITABLE_TYPES } from '../opcua-endpoint/variant.js';

/** Config of the opcua-write node. */
export const opcuaWriteConfig = z.object({
  endpoint: z
    .string()
    .min(1, 'choose an OPC UA endpoint')
    .meta({ description: 'The OPC UA endpoint config node.', configRef: 'opcua-endpoint' }),
  nodeId: opcuaNodeIdField({
    description: 'Variable to write, e.g. `ns=1;s=Line1.Machine1.TemperatureSetpoint`; empty: msg.topic.',
  }).default(''),
  dataType: z
    .enum(['auto', ...WRITABLE_TYPES])
    .default('auto')
    .meta({
      description:
        "Type to write msg.payload as; `auto` asks the server for the variable's type (once) and also writes enumerations (a number, a name the server lists, or `{ value }`) and structures (a plain object keyed by the server's field names, built from its DataTypeDefinition). An array writes an OPC UA array, a rectangular nested array a matrix with its dimensions.",
    }),
  verify: z.enum(['none', 'read-back']).default('none').meta({
    description:
      'When a write was sent but its answer never came (timeout, connection lost, frozen server), the outcome is unknown. `none`: raise `outcome_unknown`. `read-back`: wait for the connection to come back, read the variable and report `applied` (the message goes on, `msg.opcua.outcome` says so) or `not_applied` (error `opcua_write_not_applied`, retryable: the variable did not hold the value when read).',
  }),
  verifyTimeoutMs: z
    .number()
    .int()
    .min(100)
    .default(30_000)
    .meta({
      description:
        'How long read-back verification waits for the connection to come back; after it, `outcome_unknown`.',
      advanced: true,
      showWhen: { verify: ['read-back'] },
    }),
  idempotent: z.boolean().default(false).meta({
    description:
      'Writing the same value twice is harmless (an absolute setpoint, not a command or an increment): `outcome_unknown` is then marked retryable.',
    advanced: true,
  }),
  writeOnce: z.boolean().default(false).meta({
    description:
      'Write each message key at most once: a message whose key was written before (a retry, a redelivery) is not written again. Known written: passed on with `msg.opcua.outcome` `duplicate`. Outcome unknown: `outcome_unknown` again, or with `verify` `read-back` the variable is read first (holds the value: `duplicate`; else it is written). A write that surely failed frees its key.',
  }),
  writeOnceKey: msgPathSchema('')
    .default('id')
    .meta({
      description:
        'Message property that identifies a write, e.g. `payload.orderId`. `id` (the message id) only matches a message delivered again as it was (a replayed link message): a copy, such as the message a catch node passes on, gets a new id.',
      showWhen: { writeOnce: [true] },
    }),
  writeOnceMemory: z
    .number()
    .int()
    .min(1)
    .max(1_000_000)
    .default(10_000)
    .meta({
      description:
        "How many keys are remembered (the oldest are forgotten first). They live in the node's context: kept across restarts when the flow keeps its context in a file (`context.store` `file`; use `flushIntervalMs` 0 so a crash loses none), else in memory only.",
      advanced: true,
      showWhen: { writeOnce: [true] },
    }),
});

export type OpcuaWriteConfig = z.output<typeof opcuaWriteConfig>;
