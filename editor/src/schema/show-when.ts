import { deepEqual } from './validate.js';
import type { JsonSchema } from './json-schema.js';

/**
 * Whether a field with a `showWhen` hint is shown, given its sibling values. `showWhen` maps sibling
 * keys to the values that reveal the field (all keys must match); a missing sibling counts as its
 * schema default. Fields without the hint are always shown.
 */
export function isFieldVisible(
  field: JsonSchema,
  siblings: Record<string, unknown>,
  parent: JsonSchema | undefined,
): boolean {
  const rule = field.showWhen;
  if (!rule || typeof rule !== 'object') return true;
  return Object.entries(rule).every(([key, allowed]) => {
    if (!Array.isArray(allowed)) return true;
    const current = siblings[key] !== undefined ? siblings[key] : parent?.properties?.[key]?.default;
    return allowed.some((a) => deepEqual(a, current));
  });
}
