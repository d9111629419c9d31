import { extensionsField, type Extensions } from './extensions.js';
import { z } from 'zod';

/** xsd:dateTime, e.g. `2024-05-01T08:00:00Z` or `2024-05-01T10:00:00.5+02:00` (zone optional). */
export const XSD_DATE_TIME =
  /^-?\d{4,}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d+)?(Z|[+-]((0\d|1[0-3]):[0-5]\d|14:00))?$/;

/** xsd:duration, e.g. `PT1H30M` or `P2D`. */
export const XSD_DURATION = /^-?P(?=\d|T\d)(\d+Y)?(\d+M)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$/;

/** A date-time as B2MML writes it: an ISO 8601 string that is a valid xsd:dateTime. */
export const dateTimeSchema = z
  .string()
  .regex(XSD_DATE_TIME, 'expected an xsd:dateTime such as 2024-05-01T08:00:00Z')
  .meta({ description: 'ISO 8601 date-time (xsd:dateTime), e.g. 2024-05-01T08:00:00Z' });

/** An ISO 8601 duration such as `PT1H30M`. */
export const durationSchema = z.string().regex(XSD_DURATION, 'expected an xsd:duration such as PT1H30M');

/** A number as text: `1.000`, `-0.5`, `12`, and (QuantityString is free text) `1.5E3`; no NaN. */
export const XSD_DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/**
 * A decimal (xsd:decimal). Decoding gives the exact text of the document (`"1.000"` stays
 * `"1.000"`); writing accepts that text, or a number (written without exponent).
 */
export const decimalSchema = z
  .union([z.number(), z.string().regex(XSD_DECIMAL, 'expected a decimal such as 1.000')])
  .meta({ description: 'A decimal: exact text such as "1.000" (as read), or a number.' });
/** A decimal as the model holds it; `Number(d)` for arithmetic. */
export type Decimal = z.infer<typeof decimalSchema>;

/** An optional list of strings (repeated `*ID` or `Description` elements). */
export const stringList = (what: string) => z.array(z.string()).optional().meta({ description: what });

/**
 * A quantity (B2MML QuantityValueType). Several may sit side by side, told apart by `key`
 * (e.g. `Good` and `Reject`) or `unit`.
 */
export const quantitySchema = z.strictObject({
  value: decimalSchema.meta({ description: 'The amount (QuantityString), exact as read: "1.000", or a number.' }),
  unit: z.string().optional().meta({ description: 'Unit of measure, e.g. `pcs`, `kg`.' }),
  dataType: z.string().optional().meta({ description: 'B2MML DataType code, e.g. `decimal`.' }),
  key: z.string().optional().meta({ description: 'Tells several quantities apart, e.g. `Good` / `Reject`.' }),
  extensions: extensionsField,
});
export type Quantity = z.infer<typeof quantitySchema>;

/** A property or parameter value (B2MML ValueType). Kept as text: its meaning depends on `dataType`. */
export const valueSchema = z.strictObject({
  value: z.string(),
  unit: z.string().optional(),
  dataType: z.string().optional(),
  key: z.string().optional(),
  extensions: extensionsField,
});
export type Value = z.infer<typeof valueSchema>;

/** Where in the equipment hierarchy something applies (HierarchyScopeType). */
export interface HierarchyScope {
  equipmentId: string;
  /** Equipment level code, e.g. `Site`, `Area`, `ProductionLine`, `WorkCell`. */
  equipmentLevel: string;
  child?: HierarchyScope | undefined;
  extensions?: Extensions;
}
export const hierarchyScopeSchema: z.ZodType<HierarchyScope> = z.strictObject({
  equipmentId: z.string(),
  equipmentLevel: z.string(),
  get child() {
    return hierarchyScopeSchema.optional();
  },
  extensions: extensionsField,
});

/** A named property of a resource (material lot, equipment, person...) with its values. */
export interface Property {
  id: string;
  descriptions?: string[] | undefined;
  values?: Value[] | undefined;
  children?: Property[] | undefined;
  extensions?: Extensions;
}
export const propertySchema: z.ZodType<Property> = z.strictObject({
  id: z.string(),
  descriptions: stringList('Free-text descriptions.'),
  values: z.array(valueSchema).optional(),
  get children() {
    return z.array(propertySchema).optional();
  },
  extensions: extensionsField,
});

/** A property of a requirement or an actual: values and quantities (Op*RequirementProperty, Op*ActualProperty). */
export interface SegmentProperty {
  id: string;
  descriptions?: string[] | undefined;
  values?: Value[] | undefined;
  quantities?: Quantity[] | undefined;
  children?: SegmentProperty[] | undefined;
  extensions?: Extensions;
}
export const segmentPropertySchema: z.ZodType<SegmentProperty> = z.strictObject({
  id: z.string(),
  descriptions: stringList('Free-text descriptions.'),
  values: z.array(valueSchema).optional(),
  quantities: z.array(quantitySchema).optional(),
  get children() {
    return z.array(segmentPropertySchema).optional();
  },
  extensions: extensionsField,
});

/** A process parameter (ParameterType), e.g. a setpoint handed down with a work order. */
export interface Parameter {
  id: string;
  values?: Value[] | undefined;
  descriptions?: string[] | undefined;
  children?: Parameter[] | undefined;
  extensions?: Extensions;
}
export const parameterSchema: z.ZodType<Parameter> = z.strictObject({
  id: z.string(),
  values: z.array(valueSchema).optional(),
  descriptions: stringList('Free-text descriptions.'),
  get children() {
    return z.array(parameterSchema).optional();
  },
  extensions: extensionsField,
});

/** A storage or operational location (ResourceLocationType). */
export const locationSchema = z.strictObject({
  location: z.string(),
  /** e.g. `Operational Location ID`, `Equipment`, `Description`. */
  locationType: z.string(),
  extensions: extensionsField,
});
export type Location = z.infer<typeof locationSchema>;
