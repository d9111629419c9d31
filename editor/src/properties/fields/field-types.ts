import type { JsonSchema } from '../../schema/json-schema.js';

/** Props of a leaf input (the row around it is drawn by `FieldRow`). */
export interface InputProps {
  /** Path key, used for the element id and `data-testid="field-<id>"`. */
  id: string;
  schema: JsonSchema;
  value: unknown;
  nullable: boolean;
  required: boolean;
  onChange: (value: unknown) => void;
}

/** What an emptied input stores: null for nullable fields, else nothing (the default applies). */
export function emptyValue(p: Pick<InputProps, 'nullable'>): null | undefined {
  return p.nullable ? null : undefined;
}
