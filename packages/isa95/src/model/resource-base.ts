import { z } from 'zod';
import { extensionsField } from './extensions.js';
import { dateTimeSchema, hierarchyScopeSchema, stringList } from './common.js';

/** Fields every master-data noun (material, equipment, personnel) starts with. */
export const resourceBase = {
  id: z.string(),
  version: z.string().optional(),
  descriptions: stringList('Free-text descriptions.'),
  publishedDate: dateTimeSchema.optional(),
  effectiveStartDate: dateTimeSchema.optional(),
  effectiveEndDate: dateTimeSchema.optional(),
  hierarchyScope: hierarchyScopeSchema.optional(),
  extensions: extensionsField,
};
