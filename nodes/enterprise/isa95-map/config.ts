import { msgPathProblem, msgPathSchema } from '@millwright/sdk';
import { B2MML_VERSIONS } from '@millwright/isa95';
import { z } from 'zod';
import { NOUNS, VERBS } from './isa95-names.js';

/** Document names as in B2MML V0701 (verb + noun); with version V0600 the Production* equivalent is written. */
export const DOCUMENTS = [...NOUNS.flatMap((noun) => VERBS.map((verb) => `${verb}${noun}`)), 'ConfirmBOD'];

/** `to` without its `$.` (a path from the document root rather than from the first noun). */
export const fromDocumentRoot = (to: string) => (to.startsWith('$.') ? to.slice(2) : undefined);

/** A path into the ISA-95 model: the message-path grammar, without the `msg.` prefix. */
const modelPath = (description: string) =>
  z
    .string()
    .min(1) // also in the JSON Schema, so the editor flags an empty target on its row before deploying
    .superRefine((v, ctx) => {
      const problem = msgPathProblem(fromDocumentRoot(v) ?? v, { msgPrefix: false });
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    })
    .meta({ description });

const mapping = z.object({
  // Optional since a constant needs no source: a row without `from` always writes its `default`.
  from: msgPathSchema('Message property, e.g. `payload.order.qty`. Empty: the row writes its default as a constant.')
    .optional()
    .meta({ title: 'Source', placeholder: 'source (empty: constant)', suggest: 'isa95-sources' }),
  to: modelPath(
    'Field of the ISA-95 model, relative to the first noun (`responses[0].segments[0].materialActuals[0].quantities[0].value`), ' +
      'or to the whole document with `$.` (`$.applicationArea.bodId`).',
  ).meta({ title: 'Target', placeholder: 'target (model path)', suggest: 'isa95-targets' }),
  type: z.enum(['string', 'number', 'dateTime']).optional().meta({
    description: 'Convert the value: text, number, or an xsd:dateTime (from a Date, epoch ms or date text).',
    title: 'Type',
  }),
  default: z.string().optional().meta({
    description: 'Used when the source is missing (converted by `type`); without a source, the constant written.',
    title: 'Default / constant',
    placeholder: 'default / constant',
  }),
});

const toB2mml = { showWhen: { direction: ['json-to-b2mml'] } };
const writes = { showWhen: { direction: ['json-to-b2mml', 'b2mml-convert'] } };

const fillRule = z.object({
  path: z.string().min(1).meta({
    description:
      'Model path of a field the target release requires; `*` is one key or index, `**` any depth: `items[*].requests[*].id`, `**.id`.',
  }),
  value: z.string().meta({
    description:
      'Template: `${parentId}` (id of the enclosing object), `${n}`/`${i}` (position, 1-/0-based), `${bodId}`, text.',
  }),
});

/** Config of the isa95-map node. */
export const isa95MapConfig = z
  .object({
    direction: z.enum(['json-to-b2mml', 'b2mml-to-json', 'b2mml-convert']).default('json-to-b2mml').meta({
      description:
        '`json-to-b2mml`: build and write B2MML from the message. `b2mml-to-json`: read B2MML XML. `b2mml-convert`: read B2MML of any release and write it in `version` (V0701), with a report in `msg.b2mmlReport`.',
    }),
    document: z
      .enum([...DOCUMENTS, 'any'])
      .default('SyncOperationsPerformance')
      .meta({
        description:
          'The B2MML document (verb + noun, V0701 names). Reading accepts the V0600 equivalent too; `any` (reading only) accepts every supported document.',
      }),
    version: z
      .enum(B2MML_VERSIONS)
      .default('V0701')
      .meta({
        description:
          'B2MML release to write. V0600, V0500 and V0401 write Production* documents (schedule, performance) and ConfirmBOD.',
        ...writes,
      }),
    sender: z
      .string()
      .default('')
      .meta({ description: 'ApplicationArea Sender LogicalID, e.g. `MES-LINE1`.', ...toB2mml }),
    receiver: z
      .string()
      .default('')
      .meta({ description: 'ApplicationArea Receiver LogicalID, e.g. `ERP`.', ...toB2mml }),
    passthrough: z
      .boolean()
      .default(false)
      .meta({
        description:
          'Start from `msg.payload` as the typed model: a whole document (with `items`), one noun, or a list of nouns. Mappings apply on top.',
        ...toB2mml,
      }),
    fill: z
      .array(fillRule)
      .default([])
      .meta({
        description:
          'Conversion: rules filling fields the target requires and the source lacks (V0701 wants an ID on most things). The most specific matching rule wins.',
        widget: 'table',
        showWhen: { direction: ['b2mml-convert'] },
      }),
    mappings: z.array(mapping).default([]).meta({
      description:
        'Field mapping table. Writing: each row copies `from` (message) to `to` (model). Reading: each row copies `to` (model) to `from` (message), giving a flat JSON; without rows `msg.payload` becomes the typed model.',
      widget: 'table',
    }),
  })
  .superRefine((cfg, ctx) => {
    if (cfg.direction === 'json-to-b2mml' && cfg.document === 'any') {
      ctx.addIssue({ code: 'custom', path: ['document'], message: 'writing needs a specific document' });
    }
    cfg.mappings.forEach((m, i) => {
      if (m.from !== undefined) return;
      if (cfg.direction === 'b2mml-to-json') {
        ctx.addIssue({ code: 'custom', path: ['mappings', i, 'from'], message: 'reading needs a message property' });
      } else if (m.default === undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['mappings', i, 'from'],
          message: 'give a message property or a constant',
        });
      }
    });
  });

export type Isa95MapConfig = z.output<typeof isa95MapConfig>;
export type Mapping = Isa95MapConfig['mappings'][number];
