import type { Extensions } from './extensions.js';
import { z } from 'zod';
import { propertySchema, stringList, type HierarchyScope, type Property } from './common.js';
import { resourceBase } from './resource-base.js';

/** A machine, line or area (EquipmentType), with its sub-equipment. */
export interface Equipment {
  id: string;
  version?: string | undefined;
  descriptions?: string[] | undefined;
  publishedDate?: string | undefined;
  effectiveStartDate?: string | undefined;
  effectiveEndDate?: string | undefined;
  hierarchyScope?: HierarchyScope | undefined;
  /** e.g. `Site`, `Area`, `ProductionLine`, `WorkCell`. */
  equipmentLevel?: string | undefined;
  physicalAssetId?: string | undefined;
  properties?: Property[] | undefined;
  children?: Equipment[] | undefined;
  equipmentClassIds?: string[] | undefined;
  extensions?: Extensions;
}
export const equipmentSchema: z.ZodType<Equipment> = z.strictObject({
  ...resourceBase,
  equipmentLevel: z.string().optional(),
  physicalAssetId: z.string().optional(),
  properties: z.array(propertySchema).optional(),
  get children() {
    return z.array(equipmentSchema).optional();
  },
  equipmentClassIds: stringList('Equipment classes this equipment belongs to.'),
});

/** A kind of equipment (EquipmentClassType), e.g. `Filler`. */
export const equipmentClassSchema = z.strictObject({
  ...resourceBase,
  equipmentLevel: z.string().optional(),
  properties: z.array(propertySchema).optional(),
});
export type EquipmentClass = z.infer<typeof equipmentClassSchema>;
