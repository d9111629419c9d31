import { z } from 'zod';
import { propertySchema, stringList } from './common.js';
import { resourceBase } from './resource-base.js';

/** A person (PersonType). */
export const personSchema = z.strictObject({
  ...resourceBase,
  name: z.string().optional().meta({ description: 'PersonName.' }),
  properties: z.array(propertySchema).optional(),
  personnelClassIds: stringList('Roles and qualifications.'),
});
export type Person = z.infer<typeof personSchema>;

/** A role or qualification (PersonnelClassType), e.g. `Operator`. */
export const personnelClassSchema = z.strictObject({
  ...resourceBase,
  properties: z.array(propertySchema).optional(),
});
export type PersonnelClass = z.infer<typeof personnelClassSchema>;
