import { extensionsField } from './extensions.js';
import { z } from 'zod';
import { dateTimeSchema, stringList } from './common.js';

/** The system that sent a message (TransSenderType). */
export const senderSchema = z.strictObject({
  logicalId: z.string().optional().meta({ description: 'Sending application, e.g. `ERP-PRD`.' }),
  componentId: z.string().optional(),
  taskId: z.string().optional(),
  referenceId: z.string().optional(),
  /** Whether the sender wants a ConfirmBOD back: `Always`, `Never` or `OnError`. */
  confirmationCode: z.enum(['Always', 'Never', 'OnError']).optional(),
  authorizationId: z.string().optional(),
  extensions: extensionsField,
});
export type Sender = z.infer<typeof senderSchema>;

/** A system a message is meant for (TransReceiverType). */
export const receiverSchema = z.strictObject({
  logicalId: z.string().optional(),
  componentId: z.string().optional(),
  ids: stringList('Receiver identifiers.'),
  extensions: extensionsField,
});
export type Receiver = z.infer<typeof receiverSchema>;

/**
 * The envelope of every B2MML message (TransApplicationAreaType). `bodId` identifies the message;
 * replies quote the whole area as `originalApplicationArea`, which is how they are correlated.
 */
export const applicationAreaSchema = z.strictObject({
  sender: senderSchema.optional(),
  receivers: z.array(receiverSchema).optional(),
  creationDateTime: dateTimeSchema,
  bodId: z.string().optional().meta({ description: 'Business object document id; replies refer to it.' }),
  extensions: extensionsField,
});
export type ApplicationArea = z.infer<typeof applicationAreaSchema>;
