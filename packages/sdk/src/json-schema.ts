import { z } from 'zod';
import type { NodeRef } from '@millwright/model';
import type { AnyNodeDefinition } from './define-node.js';

/**
 * JSON Schema of a zod schema as the editor needs it: the input shape (defaults optional),
 * with `.meta()` UI hints (`widget`, `configRef`, `showWhen`...) carried through.
 */
export function toJsonSchema(schema: z.ZodType): Record<string, unknown> {
  return z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
}

/** Keys of the config whose schema meta declares `configRef: '<config node type>'`. */
export function configRefsOf(def: AnyNodeDefinition): Array<{ key: string; type: string }> {
  const schema = toJsonSchema(def.config);
  const props = (schema['properties'] ?? {}) as Record<string, Record<string, unknown>>;
  const refs: Array<{ key: string; type: string }> = [];
  for (const [key, prop] of Object.entries(props)) {
    if (typeof prop['configRef'] === 'string') refs.push({ key, type: prop['configRef'] });
  }
  return refs;
}

/**
 * Keys of the config whose schema meta declares `nodeRef: { types?, sameFlow? }`: ids of other
 * nodes (link targets, catch/status scopes), checked by validation and picked in the editor.
 */
export function nodeRefsOf(def: AnyNodeDefinition): NodeRef[] {
  const schema = toJsonSchema(def.config);
  const props = (schema['properties'] ?? {}) as Record<string, Record<string, unknown>>;
  const refs: NodeRef[] = [];
  for (const [key, prop] of Object.entries(props)) {
    const meta = prop['nodeRef'];
    if (typeof meta !== 'object' || meta === null) continue;
    const types = Reflect.get(meta, 'types') as unknown;
    refs.push({
      key,
      ...(Array.isArray(types) ? { types: types.filter((t): t is string => typeof t === 'string') } : {}),
      ...(Reflect.get(meta, 'sameFlow') === true ? { sameFlow: true } : {}),
    });
  }
  return refs;
}

/** The config a freshly dropped node gets. */
export function defaultsOf(def: AnyNodeDefinition): Record<string, unknown> {
  if (def.defaults) return def.config.parse(def.defaults) as Record<string, unknown>;
  const r = def.config.safeParse({});
  return r.success ? (r.data as Record<string, unknown>) : {};
}
