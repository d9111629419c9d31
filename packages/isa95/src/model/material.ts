import { z } from 'zod';
import { locationSchema, propertySchema, quantitySchema, stringList } from './common.js';
import { resourceBase } from './resource-base.js';

/** A material (part number) and its properties (MaterialDefinitionType). */
export const materialDefinitionSchema = z.strictObject({
  ...resourceBase,
  properties: z.array(propertySchema).optional(),
  materialClassIds: stringList('Material classes this material belongs to.'),
});
export type MaterialDefinition = z.infer<typeof materialDefinitionSchema>;

/** An identified amount of a material (MaterialLotType). */
export const materialLotSchema = z.strictObject({
  ...resourceBase,
  materialDefinitionId: z.string().optional(),
  /** Free status code, e.g. `Released`, `Quarantine`. */
  status: z.string().optional(),
  /** `Planned`, `In-Process`, `Restricted`, `UnRestricted`, `Closed` or `Other`. */
  disposition: z.string().optional(),
  properties: z.array(propertySchema).optional(),
  storageLocation: locationSchema.optional(),
  quantities: z.array(quantitySchema).optional(),
});
export type MaterialLot = z.infer<typeof materialLotSchema>;
