import { extensionsField, type Extensions } from './extensions.js';
import { z } from 'zod';
import {
  dateTimeSchema,
  hierarchyScopeSchema,
  locationSchema,
  quantitySchema,
  segmentPropertySchema,
  stringList,
  valueSchema,
  type HierarchyScope,
  type Value,
} from './common.js';

/** Material produced or consumed (OpMaterialActualType). Good and reject counts are quantities told apart by `key`. */
export const materialActualSchema = z.strictObject({
  id: z.string().optional(),
  materialClassIds: stringList('Material classes.'),
  materialDefinitionIds: stringList('Materials (part numbers).'),
  materialLotIds: stringList('Lots produced or consumed.'),
  materialSubLotIds: stringList('Sublots.'),
  descriptions: stringList('Free-text descriptions.'),
  /** e.g. `Produced`, `Consumed` (codes differ between B2MML versions). */
  materialUse: z.string().optional(),
  storageLocation: locationSchema.optional(),
  quantities: z.array(quantitySchema).optional(),
  hierarchyScope: hierarchyScopeSchema.optional(),
  properties: z.array(segmentPropertySchema).optional(),
  extensions: extensionsField,
});
export type MaterialActual = z.infer<typeof materialActualSchema>;

/** Equipment used (OpEquipmentActualType). */
export const equipmentActualSchema = z.strictObject({
  id: z.string().optional(),
  equipmentClassIds: stringList('Equipment classes.'),
  equipmentIds: stringList('Equipment used.'),
  descriptions: stringList('Free-text descriptions.'),
  equipmentUse: z.string().optional(),
  quantities: z.array(quantitySchema).optional(),
  hierarchyScope: hierarchyScopeSchema.optional(),
  properties: z.array(segmentPropertySchema).optional(),
  extensions: extensionsField,
});
export type EquipmentActual = z.infer<typeof equipmentActualSchema>;

/** People who worked on it (OpPersonnelActualType). */
export const personnelActualSchema = z.strictObject({
  id: z.string().optional(),
  personnelClassIds: stringList('Personnel classes.'),
  personIds: stringList('People.'),
  descriptions: stringList('Free-text descriptions.'),
  personnelUse: z.string().optional(),
  quantities: z.array(quantitySchema).optional(),
  hierarchyScope: hierarchyScopeSchema.optional(),
  properties: z.array(segmentPropertySchema).optional(),
  extensions: extensionsField,
});
export type PersonnelActual = z.infer<typeof personnelActualSchema>;

/** Recorded process data (OpSegmentDataType; V0600 ProductionData). */
export interface SegmentData {
  id: string;
  descriptions?: string[] | undefined;
  hierarchyScope?: HierarchyScope | undefined;
  values?: Value[] | undefined;
  children?: SegmentData[] | undefined;
  extensions?: Extensions;
}
export const segmentDataSchema: z.ZodType<SegmentData> = z.strictObject({
  id: z.string(),
  descriptions: stringList('Free-text descriptions.'),
  hierarchyScope: hierarchyScopeSchema.optional(),
  values: z.array(valueSchema).optional(),
  get children() {
    return z.array(segmentDataSchema).optional();
  },
  extensions: extensionsField,
});

/** What happened in one segment (OpSegmentResponseType). */
export interface SegmentResponse {
  id?: string | undefined;
  descriptions?: string[] | undefined;
  publishedDate?: string | undefined;
  postingDate?: string | undefined;
  actualStartTime?: string | undefined;
  actualEndTime?: string | undefined;
  hierarchyScope?: HierarchyScope | undefined;
  operationsType?: string | undefined;
  processSegmentIds?: string[] | undefined;
  operationsRequestIds?: string[] | undefined;
  segmentRequirementIds?: string[] | undefined;
  operationsDefinitionIds?: string[] | undefined;
  operationsSegmentIds?: string[] | undefined;
  segmentState?: string | undefined;
  segmentData?: SegmentData[] | undefined;
  personnelActuals?: PersonnelActual[] | undefined;
  equipmentActuals?: EquipmentActual[] | undefined;
  materialActuals?: MaterialActual[] | undefined;
  children?: SegmentResponse[] | undefined;
  extensions?: Extensions;
}
export const segmentResponseSchema: z.ZodType<SegmentResponse> = z.strictObject({
  id: z.string().optional(),
  descriptions: stringList('Free-text descriptions.'),
  publishedDate: dateTimeSchema.optional(),
  postingDate: dateTimeSchema.optional(),
  actualStartTime: dateTimeSchema.optional(),
  actualEndTime: dateTimeSchema.optional(),
  hierarchyScope: hierarchyScopeSchema.optional(),
  operationsType: z.string().optional(),
  processSegmentIds: stringList('Process segments performed.'),
  operationsRequestIds: stringList('Work orders this answers.'),
  segmentRequirementIds: stringList('Segment requirements this answers.'),
  operationsDefinitionIds: stringList('Operations definitions (V0600: ProductSegmentID goes to operationsSegmentIds).'),
  operationsSegmentIds: stringList('Operations segments (V0600 ProductSegmentID).'),
  segmentState: z.string().optional(),
  segmentData: z.array(segmentDataSchema).optional(),
  personnelActuals: z.array(personnelActualSchema).optional(),
  equipmentActuals: z.array(equipmentActualSchema).optional(),
  materialActuals: z.array(materialActualSchema).optional(),
  get children() {
    return z.array(segmentResponseSchema).optional();
  },
  extensions: extensionsField,
});

/** The result of one work order (OperationsResponseType; V0600 ProductionResponse). */
export const operationsResponseSchema = z.strictObject({
  id: z.string().optional(),
  descriptions: stringList('Free-text descriptions.'),
  version: z.string().optional(),
  startTime: dateTimeSchema.optional(),
  endTime: dateTimeSchema.optional(),
  hierarchyScope: hierarchyScopeSchema.optional(),
  operationsType: z.string().optional(),
  operationsRequestIds: stringList('Work orders answered (V0600 allows one).'),
  segmentRequirementIds: stringList('Segment requirements answered.'),
  operationsDefinitionIds: stringList('V07 OperationsDefinitionID; V0600 ProductProductionRuleID (one).'),
  operationsSegmentIds: stringList('Operations segments.'),
  /** e.g. `Running`, `Completed` (codes differ between B2MML versions). */
  responseState: z.string().optional(),
  segments: z.array(segmentResponseSchema).optional(),
  extensions: extensionsField,
});
export type OperationsResponse = z.infer<typeof operationsResponseSchema>;

/** Results reported up to the ERP (OperationsPerformanceType; V0600 ProductionPerformance). */
export const operationsPerformanceSchema = z.strictObject({
  id: z.string().optional(),
  descriptions: stringList('Free-text descriptions.'),
  version: z.string().optional(),
  publishedDate: dateTimeSchema.optional(),
  startTime: dateTimeSchema.optional(),
  endTime: dateTimeSchema.optional(),
  hierarchyScope: hierarchyScopeSchema.optional(),
  operationsType: z.string().optional(),
  operationsScheduleId: z.string().optional(),
  performanceState: z.string().optional(),
  responses: z.array(operationsResponseSchema).optional(),
  extensions: extensionsField,
});
export type OperationsPerformance = z.infer<typeof operationsPerformanceSchema>;
