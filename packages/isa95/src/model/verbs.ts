import { extensionsField } from './extensions.js';
import { z } from 'zod';
import { applicationAreaSchema } from './application-area.js';
import { dateTimeSchema, stringList } from './common.js';

/** The transaction verbs of ISA-95 part 5 that carry nouns. `Confirm` is the separate ConfirmBOD document. */
export const VERBS = ['Get', 'Show', 'Process', 'Acknowledge', 'Change', 'Respond', 'Cancel', 'Sync'] as const;
export type Verb = (typeof VERBS)[number];
export const verbSchema = z.enum(VERBS);

/** The verb answering a request: Get→Show, Process→Acknowledge, Change→Respond; others have none. */
export function replyVerbOf(verb: Verb): 'Show' | 'Acknowledge' | 'Respond' | undefined {
  if (verb === 'Get') return 'Show';
  if (verb === 'Process') return 'Acknowledge';
  if (verb === 'Change') return 'Respond';
  return undefined;
}

/** An expression with an action code (TransExpressionType), e.g. `actionCode: 'Accepted'`. */
export const expressionSchema = z.strictObject({
  /** Add, Change, Delete, Replaced, Accepted, Modified, Rejected, or another normalized string. */
  actionCode: z.string(),
  expression: z.string().optional(),
  expressionLanguage: z.string().optional(),
  extensions: extensionsField,
});
export type Expression = z.infer<typeof expressionSchema>;

/** Why and how a state changed (TransChangeStatusType, without StateChange and UserArea). */
export const changeStatusSchema = z.strictObject({
  code: z.string().optional(),
  descriptions: stringList('Free-text descriptions.'),
  effectiveDateTime: dateTimeSchema.optional(),
  reasonCode: z.string().optional(),
  reasons: stringList('Reason codes.'),
  extensions: extensionsField,
});
export type ChangeStatus = z.infer<typeof changeStatusSchema>;

/** What a Process/Change/Cancel/Sync asks for (TransActionCriteriaType). */
export const actionCriteriaSchema = z.strictObject({
  actionExpressions: z.array(expressionSchema).optional(),
  changeStatus: changeStatusSchema.optional(),
  extensions: extensionsField,
});
export type ActionCriteria = z.infer<typeof actionCriteriaSchema>;

/** What an Acknowledge/Show/Respond/Confirm answers (TransResponseCriteriaType). */
export const responseCriteriaSchema = z.strictObject({
  responseExpression: expressionSchema.optional(),
  changeStatus: changeStatusSchema.optional(),
  extensions: extensionsField,
});
export type ResponseCriteria = z.infer<typeof responseCriteriaSchema>;

/**
 * The verb element's content. Which fields a verb accepts follows B2MML:
 * - Get: `expressions`;
 * - Process (`acknowledgeCode`), Change (`responseCode`), Cancel, Sync: `actionCriteria`;
 * - Show, Acknowledge, Respond, Confirm: `originalApplicationArea` and `responseCriteria`.
 */
export const verbAreaSchema = z.strictObject({
  expressions: stringList('Get: query expressions.'),
  acknowledgeCode: z.enum(['Always', 'OnError']).optional().meta({ description: 'Process: when to acknowledge.' }),
  responseCode: z.enum(['Always', 'OnError']).optional().meta({ description: 'Change: when to respond.' }),
  actionCriteria: z.array(actionCriteriaSchema).optional(),
  originalApplicationArea: applicationAreaSchema
    .optional()
    .meta({ description: 'Replies: the application area of the message answered.' }),
  responseCriteria: z.array(responseCriteriaSchema).optional(),
  extensions: extensionsField,
});
export type VerbArea = z.infer<typeof verbAreaSchema>;
