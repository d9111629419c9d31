import { z } from 'zod';

/**
 * The extension bag: XML the typed model has no field for, kept so that nothing read is lost and
 * the encoder can write it back where it was. Every model object may carry one as `extensions`.
 */

/** An attribute kept as read: local name, namespace URI (absent = no namespace) and the prefix it had. */
export interface XmlAttribute {
  name: string;
  ns?: string | undefined;
  prefix?: string | undefined;
  value: string;
}
export const xmlAttributeSchema: z.ZodType<XmlAttribute> = z.strictObject({
  name: z.string(),
  ns: z.string().optional(),
  prefix: z.string().optional(),
  value: z.string(),
});

/** An element kept as read, with everything below it. `ns` absent means no namespace. */
export interface XmlFragment {
  name: string;
  ns?: string | undefined;
  prefix?: string | undefined;
  attrs?: XmlAttribute[] | undefined;
  children?: XmlFragment[] | undefined;
  text?: string | undefined;
}
export const xmlFragmentSchema: z.ZodType<XmlFragment> = z.strictObject({
  name: z.string(),
  ns: z.string().optional(),
  prefix: z.string().optional(),
  attrs: z.array(xmlAttributeSchema).optional(),
  get children() {
    return z.array(xmlFragmentSchema).optional();
  },
  text: z.string().optional(),
});

/**
 * One kept item. `path` is relative to the object holding the bag, in XML names:
 * - `Location` (an element; written back after the sibling named by `after`, or first when `after` is absent),
 * - `@xml:lang` (an attribute of the object's own element),
 * - `Description[1]/@languageID` (an attribute of a text child the model holds as a plain value; the
 *   index counts that child's repetitions, omitted for a single child),
 * - `DataArea/...` (inside an element the model flattens into its parent),
 * - `EquipmentElementLevel` with `as` (a model field read under an older name, e.g. in V0700).
 */
export interface Extension {
  path: string;
  /** The element kept (element items). */
  element?: XmlFragment | undefined;
  /** The attribute kept (attribute items). */
  attribute?: XmlAttribute | undefined;
  /** Element items: the previous sibling as `Name[k]` (k counts siblings of that local name). */
  after?: string | undefined;
  /** The element at `path` (a model field) was read under this other accepted name; written back so. */
  as?: string | undefined;
}
export const extensionSchema: z.ZodType<Extension> = z.strictObject({
  path: z.string(),
  element: xmlFragmentSchema.optional(),
  attribute: xmlAttributeSchema.optional(),
  after: z.string().optional(),
  as: z.string().optional(),
});

/** The `extensions` field every model object has. */
export const extensionsField = z
  .array(extensionSchema)
  .optional()
  .meta({ description: 'XML the model has no field for, kept and written back in place (see docs/b2mml.md).' });
export type Extensions = Extension[] | undefined;

/** The XML namespace (`xml:lang`, `xml:space`), predeclared with the prefix `xml`. */
export const XML_NS = 'http://www.w3.org/XML/1998/namespace';
