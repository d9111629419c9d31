import type { Extensions } from './extensions.js';
import { z } from 'zod';
import { parameterSchema } from './common.js';
import {
  equipmentSpecificationSchema,
  materialSpecificationSchema,
  segmentDependencySchema,
  type EquipmentSpecification,
  type MaterialSpecification,
  type SegmentDependency,
} from './operations-definition.js';
import { resourceBase } from './resource-base.js';

/**
 * A step the plant can do, independent of any product (ProcessSegmentType): what it needs
 * (material and equipment segment specifications) and its parameters. The model reuses the
 * operations segment's specification types; the XML element names differ.
 */
export interface ProcessSegment {
  id: string;
  descriptions?: string[] | undefined;
  version?: string | undefined;
  publishedDate?: string | undefined;
  effectiveStartDate?: string | undefined;
  effectiveEndDate?: string | undefined;
  operationsType?: string | undefined;
  hierarchyScope?: z.infer<typeof resourceBase.hierarchyScope> | undefined;
  definitionType?: string | undefined;
  equipmentSpecifications?: EquipmentSpecification[] | undefined;
  materialSpecifications?: MaterialSpecification[] | undefined;
  /** ProcessSegmentParameter. */
  parameters?: z.infer<typeof parameterSchema>[] | undefined;
  dependencies?: SegmentDependency[] | undefined;
  children?: ProcessSegment[] | undefined;
  extensions?: Extensions;
}
export const processSegmentSchema: z.ZodType<ProcessSegment> = z.strictObject({
  ...resourceBase,
  operationsType: z.string().optional(),
  definitionType: z.string().optional(),
  equipmentSpecifications: z.array(equipmentSpecificationSchema).optional(),
  materialSpecifications: z.array(materialSpecificationSchema).optional(),
  parameters: z.array(parameterSchema).optional(),
  dependencies: z.array(segmentDependencySchema).optional(),
  get children() {
    return z.array(processSegmentSchema).optional();
  },
});
