import { resolveRef, type JsonSchema } from './json-schema.js';

/** How the generic form renders a schema. */
export type FieldKind =
  | 'code'
  | 'configRef'
  | 'nodeRef'
  | 'enum'
  | 'boolean'
  | 'number'
  | 'integer'
  | 'string'
  | 'textarea'
  | 'object'
  | 'array'
  | 'table'
  | 'variant'
  | 'json';

/** For `anyOf/oneOf [X, {type:'null'}]` (zod's nullable/optional), the X; otherwise undefined. */
export function nonNullVariant(schema: JsonSchema, root: JsonSchema): JsonSchema | undefined {
  const union = schema.anyOf ?? schema.oneOf;
  if (!union || union.length !== 2) return undefined;
  const resolved = union.map((v) => resolveRef(v, root));
  const others = resolved.filter((v) => v.type !== 'null');
  return others.length === 1 ? others[0] : undefined;
}

/**
 * Unwraps refs and nullable unions, keeping the outer annotations (description, default, UI hints),
 * so a field is described by one flat schema.
 */
export function unwrapField(raw: JsonSchema, root: JsonSchema): { schema: JsonSchema; nullable: boolean } {
  const schema = resolveRef(raw, root);
  const inner = nonNullVariant(schema, root);
  if (!inner) return { schema, nullable: false };
  const { anyOf: _a, oneOf: _o, ...outer } = schema;
  return { schema: { ...inner, ...outer }, nullable: true };
}

/** Picks the widget for an (unwrapped) field schema. */
export function fieldKind(schema: JsonSchema): FieldKind {
  if (schema.widget === 'code') return 'code';
  if (typeof schema.configRef === 'string') return 'configRef';
  if (schema.nodeRef) return 'nodeRef';
  if (schema.enum) return 'enum';
  if (schema.oneOf || schema.anyOf) return discriminatorOf(schema) ? 'variant' : 'json';
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  switch (type) {
    case 'boolean':
      return 'boolean';
    case 'number':
      return 'number';
    case 'integer':
      return 'integer';
    case 'string':
      return schema.widget === 'textarea' ? 'textarea' : 'string';
    case 'object':
      return schema.properties && !schema.additionalProperties ? 'object' : 'json';
    case 'array':
      // A list of flat rows (a mapping table): compact rows instead of one sub-form per item.
      return schema.widget === 'table' && isFlatObject(schema.items) ? 'table' : 'array';
    default:
      return 'json';
  }
}

function isFlatObject(items: JsonSchema | boolean | undefined): boolean {
  if (typeof items !== 'object' || !items.properties) return false;
  return Object.values(items.properties).every((p) => {
    const kind = fieldKind(p);
    return kind === 'string' || kind === 'enum' || kind === 'number' || kind === 'integer' || kind === 'boolean';
  });
}

/** A discriminated union of objects: the key whose `const`/`enum` tells variants apart, with each variant's values. */
export interface Discriminator {
  key: string;
  /** Variant index per allowed discriminator value, in schema order. */
  options: Array<{ value: unknown; variant: number }>;
}

/** Finds the discriminator of a `oneOf`/`anyOf` of objects (zod `discriminatedUnion`), if any. */
export function discriminatorOf(schema: JsonSchema, root: JsonSchema = schema): Discriminator | undefined {
  const variants = (schema.oneOf ?? schema.anyOf ?? []).map((v) => resolveRef(v, root));
  if (variants.length < 2 || variants.some((v) => !v.properties)) return undefined;
  const first = variants[0]?.properties ?? {};
  for (const key of Object.keys(first)) {
    const options: Discriminator['options'] = [];
    const ok = variants.every((v, variant) => {
      const p = v.properties?.[key];
      const values = p?.const !== undefined ? [p.const] : p?.enum;
      if (!values) return false;
      for (const value of values) options.push({ value, variant });
      return true;
    });
    if (ok) return { key, options };
  }
  return undefined;
}
