import { resolveRef, type JsonSchema } from './json-schema.js';
import { nonNullVariant } from './field-kind.js';

/**
 * A starting value for a schema: its `default`, else the first `const`/enum value, else an empty
 * value of its type with nested required keys filled in. Used for new array items and variant switches.
 */
export function initialValue(raw: JsonSchema, root: JsonSchema): unknown {
  const schema = resolveRef(raw, root);
  if (schema.default !== undefined) return structuredClone(schema.default);
  if (schema.const !== undefined) return schema.const;
  if (schema.enum && schema.enum.length) return schema.enum[0];
  const union = schema.oneOf ?? schema.anyOf;
  if (union?.length) {
    const inner = nonNullVariant(schema, root);
    return initialValue(inner ?? union[0] ?? {}, root);
  }
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'string':
      return '';
    case 'number':
    case 'integer':
      return schema.minimum ?? 0;
    case 'boolean':
      return false;
    case 'array':
      return [];
    case 'null':
      return null;
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [key, prop] of Object.entries(schema.properties ?? {})) {
        const p = resolveRef(prop, root);
        if (p.default !== undefined || (schema.required ?? []).includes(key)) out[key] = initialValue(p, root);
      }
      return out;
    }
    default:
      return undefined;
  }
}
