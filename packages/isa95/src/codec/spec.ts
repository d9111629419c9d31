/**
 * A small description of the B2MML XSD types this package reads and writes: for each complex
 * type, its child elements in `xs:sequence` order, how often each may occur and which model key it
 * maps to. One generic encoder and one generic decoder walk these specs, so element order,
 * required elements and version differences live in data (`v0701/`, `v0600/`), not in code.
 * @internal
 */

/** How a text value is checked and converted. */
export type ScalarType =
  | { kind: 'string' }
  /** xsd:decimal (and numeric QuantityString): the exact text when read; text or a number when written. */
  | { kind: 'decimal' }
  | { kind: 'dateTime' }
  | { kind: 'duration' }
  /** An enumerated code; the allowed values differ between B2MML versions. */
  | { kind: 'code'; values: readonly string[] };

/** An XML attribute mapped to a model key. */
export interface AttrSpec {
  xml: string;
  key: string;
  type: ScalarType;
  required?: boolean;
}

/** A child element of a complex type. */
export interface FieldSpec {
  /** Element name as written. */
  xml: string;
  /** Other names accepted when reading (an `xs:choice`, or an older spelling). */
  aliases?: readonly string[];
  /**
   * Model key. Omitted for elements the XSD allows but the model has no field for: they are kept
   * whole in the object's extension bag (`extensions`) and written back in place.
   */
  key?: string;
  /** Element content; omitted together with `key` for ignored elements. */
  type?: ScalarType | ComplexSpec | (() => ComplexSpec);
  /** minOccurs: 1 means required. */
  min?: 0 | 1;
  /** The model holds an array (maxOccurs > 1, or a list in the model that this version caps at `max`). */
  many?: boolean;
  /** maxOccurs when it is not 1 or unbounded. */
  max?: number;
  /** Read only: never written (V0600 MaterialProducedActual, folded into materialActuals). */
  readOnly?: boolean;
  /** The child's model keys live on this object, not under a key of their own. */
  inline?: boolean;
  /** Required element written empty when the model has nothing for it (the verb element). */
  emptyWhenMissing?: boolean;
}

/** A complex type: attributes, then child elements in sequence order, or simple content. */
export interface ComplexSpec {
  /** XSD type name, for messages. */
  name: string;
  fields: readonly FieldSpec[];
  attrs?: readonly AttrSpec[];
  /** Simple content (text with attributes): the model key of the text. */
  text?: { key: string; type: ScalarType };
  /**
   * Model values this XML type stands for, set when reading (V0600 ProductionSchedule means
   * `operationsType: 'Production'`). Writing accepts them without an element for them.
   */
  preset?: Readonly<Record<string, string>>;
}

/** Resolves a lazily referenced (recursive) complex type. */
export function complexOf(type: FieldSpec['type']): ComplexSpec | undefined {
  if (type === undefined) return undefined;
  if (typeof type === 'function') return type();
  return 'fields' in type ? type : undefined;
}

/** The scalar type of a field, if it is one. */
export function scalarOf(type: FieldSpec['type']): ScalarType | undefined {
  if (type === undefined || typeof type === 'function') return undefined;
  return 'kind' in type ? type : undefined;
}

/** Text as is (IdentifierType, TextType, free CodeType). */
export const STRING: ScalarType = { kind: 'string' };
/** A decimal, held as its exact text (`"1.000"`). */
export const DECIMAL: ScalarType = { kind: 'decimal' };
/** @deprecated Same as `DECIMAL` (decimals are exact text now). */
export const NUMBER: ScalarType = DECIMAL;
/** An xsd:dateTime string. */
export const DATE_TIME: ScalarType = { kind: 'dateTime' };
/** An xsd:duration string. */
export const DURATION: ScalarType = { kind: 'duration' };
/** An enumerated code with the allowed values of one release. */
export const code = (values: readonly string[]): ScalarType => ({ kind: 'code', values });

/** Shorthands for field specs, so the spec tables read like the XSD. */
export const f = {
  /** Required single element. */
  one: (xml: string, key: string, type: FieldSpec['type'] = STRING): FieldSpec => ({ xml, key, type, min: 1 }),
  /** Optional single element. */
  opt: (xml: string, key: string, type: FieldSpec['type'] = STRING): FieldSpec => ({ xml, key, type }),
  /** Repeated element (model array). */
  many: (xml: string, key: string, type: FieldSpec['type'] = STRING, min: 0 | 1 = 0): FieldSpec => ({
    xml,
    key,
    type,
    many: true,
    min,
  }),
  /** An element the XSD allows here that the model has no field for: kept in the extension bag. */
  raw: (xml: string): FieldSpec => ({ xml, many: true }),
  /** @deprecated Same as `raw`: nothing is skipped, the element is kept in the extension bag. */
  skip: (xml: string): FieldSpec => ({ xml, many: true }),
};
