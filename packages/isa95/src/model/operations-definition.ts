import { extensionsField, type Extensions } from './extensions.js';
import { z } from 'zod';
import {
  dateTimeSchema,
  durationSchema,
  hierarchyScopeSchema,
  parameterSchema,
  quantitySchema,
  segmentPropertySchema,
  stringList,
} from './common.js';
import { resourceBase } from './resource-base.js';

// PLM master data in B2MML V0701 (B2MML-OperationsDefinition.xsd). V0701 has no ProductDefinition
// any more: a product definition is an OperationsDefinition with operationsType `Production`, its
// routing the OperationsSegments, its BOM an OperationsMaterialBill (decision 0027).

const operationsType = z
  .string()
  .optional()
  .meta({ description: '`Production`, `Maintenance`, `Quality`, `Inventory`, `Mixed` or `Other`.' });
const definitionType = z
  .string()
  .optional()
  .meta({ description: '`Pattern` (a template) or `Instance` (can be scheduled).' });

/** What a segment needs or makes of a material (OpMaterialSpecificationType). */
export const materialSpecificationSchema = z.strictObject({
  id: z.string(),
  materialClassIds: stringList('Material classes that may be used.'),
  materialDefinitionIds: stringList('Materials (part numbers) that may be used.'),
  materialLotIds: stringList('Specific lots.'),
  descriptions: stringList('Free-text descriptions.'),
  /** e.g. `Consumed`, `Produced`. */
  materialUse: z.string().optional(),
  hierarchyScope: hierarchyScopeSchema.optional(),
  quantities: z.array(quantitySchema).optional(),
  properties: z.array(segmentPropertySchema).optional(),
  extensions: extensionsField,
});
export type MaterialSpecification = z.infer<typeof materialSpecificationSchema>;

/** Equipment a segment needs (OpEquipmentSpecificationType). */
export const equipmentSpecificationSchema = z.strictObject({
  id: z.string(),
  equipmentClassIds: stringList('Equipment classes that may be used.'),
  equipmentIds: stringList('Specific equipment.'),
  descriptions: stringList('Free-text descriptions.'),
  equipmentUse: z.string().optional(),
  hierarchyScope: hierarchyScopeSchema.optional(),
  quantities: z.array(quantitySchema).optional(),
  properties: z.array(segmentPropertySchema).optional(),
  extensions: extensionsField,
});
export type EquipmentSpecification = z.infer<typeof equipmentSpecificationSchema>;

/** An ordering constraint between segments (SegmentDependencyType), the routing's arrows. */
export const segmentDependencySchema = z.strictObject({
  id: z.string(),
  descriptions: stringList('Free-text descriptions.'),
  /** e.g. `AfterEnd`: start this segment after the named one ends. */
  dependency: z.string(),
  /** The segments this one depends on (SegmentID). */
  segmentIds: stringList('Segments this one depends on.'),
  extensions: extensionsField,
});
export type SegmentDependency = z.infer<typeof segmentDependencySchema>;

/** One step of a routing (OperationsSegmentType); may nest sub-steps. */
export interface OperationsSegment {
  id: string;
  descriptions?: string[] | undefined;
  version?: string | undefined;
  publishedDate?: string | undefined;
  effectiveStartDate?: string | undefined;
  effectiveEndDate?: string | undefined;
  operationsType?: string | undefined;
  definitionType?: string | undefined;
  hierarchyScope?: z.infer<typeof hierarchyScopeSchema> | undefined;
  duration?: string | undefined;
  processSegmentIds?: string[] | undefined;
  operationsMaterialBillIds?: string[] | undefined;
  /** Process parameters of the step (ParameterSpecification), e.g. a temperature setpoint. */
  parameters?: z.infer<typeof parameterSchema>[] | undefined;
  equipmentSpecifications?: EquipmentSpecification[] | undefined;
  materialSpecifications?: MaterialSpecification[] | undefined;
  dependencies?: SegmentDependency[] | undefined;
  children?: OperationsSegment[] | undefined;
  extensions?: Extensions;
}
export const operationsSegmentSchema: z.ZodType<OperationsSegment> = z.strictObject({
  ...resourceBase,
  operationsType,
  definitionType,
  duration: durationSchema.optional(),
  processSegmentIds: stringList('Process segments this step performs.'),
  operationsMaterialBillIds: stringList('Material bills (BOMs) of this step.'),
  parameters: z.array(parameterSchema).optional(),
  equipmentSpecifications: z.array(equipmentSpecificationSchema).optional(),
  materialSpecifications: z.array(materialSpecificationSchema).optional(),
  dependencies: z.array(segmentDependencySchema).optional(),
  get children() {
    return z.array(operationsSegmentSchema).optional();
  },
});

/** How to make a product, one revision of it (OperationsDefinitionType). */
export const operationsDefinitionSchema = z.strictObject({
  ...resourceBase,
  operationsType,
  definitionType,
  /** The routing. */
  segments: z.array(operationsSegmentSchema).optional(),
  billOfMaterialsIds: stringList('Bills of materials (the ERP BOM) this definition uses.'),
  operationsMaterialBillIds: stringList('Material bills (OperationsMaterialBill) of this definition.'),
});
export type OperationsDefinition = z.infer<typeof operationsDefinitionSchema>;

/** A BOM line (OperationsMaterialBillItemType); assemblies nest. */
export interface MaterialBillItem {
  id: string;
  descriptions?: string[] | undefined;
  version?: string | undefined;
  publishedDate?: string | undefined;
  effectiveStartDate?: string | undefined;
  effectiveEndDate?: string | undefined;
  useType?: string | undefined;
  hierarchyScope?: z.infer<typeof hierarchyScopeSchema> | undefined;
  children?: MaterialBillItem[] | undefined;
  /** The segments' material specifications this line stands for. */
  materialSpecificationIds?: string[] | undefined;
  quantities?: z.infer<typeof quantitySchema>[] | undefined;
  extensions?: Extensions;
}
export const materialBillItemSchema: z.ZodType<MaterialBillItem> = z.strictObject({
  ...resourceBase,
  useType: z.string().optional(),
  get children() {
    return z.array(materialBillItemSchema).optional();
  },
  materialSpecificationIds: stringList('Material specifications of the segments this line stands for.'),
  quantities: z.array(quantitySchema).optional(),
});

/** A bill of materials (OperationsMaterialBillType). */
export const operationsMaterialBillSchema = z.strictObject({
  ...resourceBase,
  useType: z.string().optional(),
  items: z.array(materialBillItemSchema).optional(),
  billOfMaterialsIds: stringList('ERP bills of materials this one is made from.'),
});
export type OperationsMaterialBill = z.infer<typeof operationsMaterialBillSchema>;

/** Definitions, segments and material bills in one message (OperationsDefinitionInformationType). */
export const operationsDefinitionInformationSchema = z.strictObject({
  id: z.string(),
  descriptions: stringList('Free-text descriptions.'),
  hierarchyScope: hierarchyScopeSchema.optional(),
  publishedDate: dateTimeSchema.optional(),
  definitions: z.array(operationsDefinitionSchema).optional(),
  segments: z.array(operationsSegmentSchema).optional(),
  materialBills: z.array(operationsMaterialBillSchema).optional(),
  extensions: extensionsField,
});
export type OperationsDefinitionInformation = z.infer<typeof operationsDefinitionInformationSchema>;
