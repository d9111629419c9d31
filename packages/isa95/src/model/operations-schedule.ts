import { extensionsField, type Extensions } from './extensions.js';
import { z } from 'zod';
import {
  dateTimeSchema,
  decimalSchema,
  durationSchema,
  hierarchyScopeSchema,
  locationSchema,
  parameterSchema,
  quantitySchema,
  segmentPropertySchema,
  stringList,
  type HierarchyScope,
  type Parameter,
} from './common.js';

/** Material to consume or produce in a segment (OpMaterialRequirementType). */
export const materialRequirementSchema = z.strictObject({
  id: z.string().optional(),
  materialClassIds: stringList('Material classes that satisfy the requirement.'),
  materialDefinitionIds: stringList('Materials (part numbers) that satisfy the requirement.'),
  materialLotIds: stringList('Specific lots.'),
  materialSubLotIds: stringList('Specific sublots.'),
  descriptions: stringList('Free-text descriptions.'),
  /** e.g. `Produced`, `Consumed`, `Consumable` (codes differ between B2MML versions). */
  materialUse: z.string().optional(),
  storageLocation: locationSchema.optional(),
  quantities: z.array(quantitySchema).optional(),
  hierarchyScope: hierarchyScopeSchema.optional(),
  properties: z.array(segmentPropertySchema).optional(),
  extensions: extensionsField,
});
export type MaterialRequirement = z.infer<typeof materialRequirementSchema>;

/** Equipment a segment needs (OpEquipmentRequirementType). */
export const equipmentRequirementSchema = z.strictObject({
  id: z.string().optional(),
  equipmentClassIds: stringList('Equipment classes that satisfy the requirement.'),
  equipmentIds: stringList('Specific equipment.'),
  equipmentLevel: z.string().optional(),
  descriptions: stringList('Free-text descriptions.'),
  equipmentUse: z.string().optional(),
  quantities: z.array(quantitySchema).optional(),
  hierarchyScope: hierarchyScopeSchema.optional(),
  properties: z.array(segmentPropertySchema).optional(),
  extensions: extensionsField,
});
export type EquipmentRequirement = z.infer<typeof equipmentRequirementSchema>;

/** People a segment needs (OpPersonnelRequirementType). */
export const personnelRequirementSchema = z.strictObject({
  id: z.string().optional(),
  personnelClassIds: stringList('Personnel classes (roles, qualifications).'),
  personIds: stringList('Specific people.'),
  descriptions: stringList('Free-text descriptions.'),
  personnelUse: z.string().optional(),
  quantities: z.array(quantitySchema).optional(),
  hierarchyScope: hierarchyScopeSchema.optional(),
  properties: z.array(segmentPropertySchema).optional(),
  extensions: extensionsField,
});
export type PersonnelRequirement = z.infer<typeof personnelRequirementSchema>;

/** One step of a work order (OpSegmentRequirementType). */
export interface SegmentRequirement {
  id?: string | undefined;
  descriptions?: string[] | undefined;
  version?: string | undefined;
  earliestStartTime?: string | undefined;
  latestEndTime?: string | undefined;
  hierarchyScope?: HierarchyScope | undefined;
  operationsType?: string | undefined;
  processSegmentId?: string | undefined;
  duration?: string | undefined;
  operationsDefinitionId?: string | undefined;
  operationsSegmentId?: string | undefined;
  segmentState?: string | undefined;
  parameters?: Parameter[] | undefined;
  personnelRequirements?: PersonnelRequirement[] | undefined;
  equipmentRequirements?: EquipmentRequirement[] | undefined;
  materialRequirements?: MaterialRequirement[] | undefined;
  children?: SegmentRequirement[] | undefined;
  extensions?: Extensions;
}
export const segmentRequirementSchema: z.ZodType<SegmentRequirement> = z.strictObject({
  id: z.string().optional(),
  descriptions: stringList('Free-text descriptions.'),
  version: z.string().optional(),
  earliestStartTime: dateTimeSchema.optional(),
  latestEndTime: dateTimeSchema.optional(),
  hierarchyScope: hierarchyScopeSchema.optional(),
  operationsType: z.string().optional(),
  processSegmentId: z.string().optional(),
  duration: durationSchema.optional(),
  operationsDefinitionId: z.string().optional(),
  operationsSegmentId: z.string().optional(),
  segmentState: z.string().optional(),
  parameters: z.array(parameterSchema).optional(),
  personnelRequirements: z.array(personnelRequirementSchema).optional(),
  equipmentRequirements: z.array(equipmentRequirementSchema).optional(),
  materialRequirements: z.array(materialRequirementSchema).optional(),
  get children() {
    return z.array(segmentRequirementSchema).optional();
  },
  extensions: extensionsField,
});

/** A work order (OperationsRequestType; V0600 ProductionRequest). */
export const operationsRequestSchema = z.strictObject({
  id: z.string().optional().meta({ description: 'Work order number.' }),
  descriptions: stringList('Free-text descriptions.'),
  version: z.string().optional(),
  startTime: dateTimeSchema.optional(),
  endTime: dateTimeSchema.optional(),
  hierarchyScope: hierarchyScopeSchema.optional(),
  /** `Production`, `Maintenance`, `Quality`, `Inventory`, `Mixed` or `Other`. */
  operationsType: z.string().optional(),
  priority: decimalSchema.optional(),
  /** e.g. `Released`, `Ready`, `Running` (codes differ between B2MML versions). */
  requestState: z.string().optional(),
  /** V07 OperationsDefinitionID; V0600 ProductProductionRuleID. */
  operationsDefinitionId: z.string().optional(),
  operationsSegmentId: z.string().optional(),
  segments: z.array(segmentRequirementSchema).optional(),
  extensions: extensionsField,
});
export type OperationsRequest = z.infer<typeof operationsRequestSchema>;

/** A set of work orders (OperationsScheduleType; V0600 ProductionSchedule). */
export const operationsScheduleSchema = z.strictObject({
  id: z.string().optional(),
  descriptions: stringList('Free-text descriptions.'),
  version: z.string().optional(),
  publishedDate: dateTimeSchema.optional(),
  startTime: dateTimeSchema.optional(),
  endTime: dateTimeSchema.optional(),
  hierarchyScope: hierarchyScopeSchema.optional(),
  operationsType: z.string().optional(),
  scheduleState: z.string().optional(),
  requests: z.array(operationsRequestSchema).optional(),
  extensions: extensionsField,
});
export type OperationsSchedule = z.infer<typeof operationsScheduleSchema>;
