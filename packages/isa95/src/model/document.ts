import { extensionsField } from './extensions.js';
import { z } from 'zod';
import { applicationAreaSchema } from './application-area.js';
import { stringList } from './common.js';
import { equipmentClassSchema, equipmentSchema } from './equipment.js';
import { materialDefinitionSchema, materialLotSchema } from './material.js';
import {
  operationsDefinitionInformationSchema,
  operationsDefinitionSchema,
  operationsMaterialBillSchema,
} from './operations-definition.js';
import { operationsPerformanceSchema } from './operations-performance.js';
import { operationsScheduleSchema } from './operations-schedule.js';
import { personnelClassSchema, personSchema } from './personnel.js';
import { processSegmentSchema } from './process-segment.js';
import { verbAreaSchema, verbSchema } from './verbs.js';

/** One confirmed message inside a ConfirmBOD (BODType). */
export const bodSchema = z.strictObject({
  originalApplicationArea: applicationAreaSchema.optional(),
  descriptions: stringList('What went wrong or right.'),
  notes: stringList('Further notes.'),
  extensions: extensionsField,
});
export type Bod = z.infer<typeof bodSchema>;

/** The nouns this package reads and writes, by their B2MML V07 name, with the schema of one item. */
export const NOUN_SCHEMAS = {
  OperationsSchedule: operationsScheduleSchema,
  OperationsPerformance: operationsPerformanceSchema,
  MaterialDefinition: materialDefinitionSchema,
  MaterialLot: materialLotSchema,
  Equipment: equipmentSchema,
  EquipmentClass: equipmentClassSchema,
  Person: personSchema,
  PersonnelClass: personnelClassSchema,
  OperationsDefinition: operationsDefinitionSchema,
  OperationsMaterialBill: operationsMaterialBillSchema,
  OperationsDefinitionInformation: operationsDefinitionInformationSchema,
  ProcessSegment: processSegmentSchema,
} as const;
export type Noun = keyof typeof NOUN_SCHEMAS;
/** Every noun, in a stable order. */
export const NOUNS: readonly Noun[] = [
  'OperationsSchedule',
  'OperationsPerformance',
  'MaterialDefinition',
  'MaterialLot',
  'Equipment',
  'EquipmentClass',
  'Person',
  'PersonnelClass',
  'OperationsDefinition',
  'OperationsMaterialBill',
  'OperationsDefinitionInformation',
  'ProcessSegment',
];

const envelope = {
  /** The root's `releaseID`; the encoder fills in a default per version. Not used by ConfirmBOD. */
  releaseId: z.string().optional(),
  versionId: z.string().optional(),
  applicationArea: applicationAreaSchema,
  verbArea: verbAreaSchema.optional(),
};

const nounDocument = <N extends Noun>(noun: N) =>
  z.strictObject({
    verb: verbSchema,
    noun: z.literal(noun),
    ...envelope,
    items: z.array(NOUN_SCHEMAS[noun]).min(1),
    extensions: extensionsField,
  });

/**
 * A B2MML message as a typed object: `<{verb}{noun} releaseID>` with ApplicationArea and DataArea
 * (verb element, then `items`, the nouns). ConfirmBOD is `{ verb: 'Confirm', noun: 'BOD' }`.
 */
export const documentSchema = z.discriminatedUnion('noun', [
  nounDocument('OperationsSchedule'),
  nounDocument('OperationsPerformance'),
  nounDocument('MaterialDefinition'),
  nounDocument('MaterialLot'),
  nounDocument('Equipment'),
  nounDocument('EquipmentClass'),
  nounDocument('Person'),
  nounDocument('PersonnelClass'),
  nounDocument('OperationsDefinition'),
  nounDocument('OperationsMaterialBill'),
  nounDocument('OperationsDefinitionInformation'),
  nounDocument('ProcessSegment'),
  z.strictObject({
    verb: z.literal('Confirm'),
    noun: z.literal('BOD'),
    ...envelope,
    items: z.array(bodSchema).min(1),
    extensions: extensionsField,
  }),
]);
export type B2mmlDocument = z.infer<typeof documentSchema>;

/** The document type for one noun, e.g. `DocumentOf<'OperationsPerformance'>`. */
export type DocumentOf<N extends B2mmlDocument['noun']> = Extract<B2mmlDocument, { noun: N }>;
