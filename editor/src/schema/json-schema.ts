/**
 * The subset of JSON Schema 2020-12 that zod 4's `z.toJSONSchema` emits for node configs, plus the
 * UI hints node authors add with `.meta()` (they travel as extra keys on a property schema).
 */
export interface JsonSchema {
  $schema?: string;
  $ref?: string;
  $defs?: Record<string, JsonSchema>;
  definitions?: Record<string, JsonSchema>;
  type?: JsonType | JsonType[];
  const?: unknown;
  enum?: unknown[];
  default?: unknown;
  title?: string;
  description?: string;
  examples?: unknown[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  propertyNames?: JsonSchema;
  items?: JsonSchema | boolean;
  prefixItems?: JsonSchema[];
  minItems?: number;
  maxItems?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  multipleOf?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  /** UI hint: `code` renders a code editor (with `language`), `textarea` a multi-line box. */
  widget?: string;
  language?: string;
  /** UI hint: the value is the id of a config node of this type. */
  configRef?: string;
  /** UI hint: the value holds ids of other nodes (of `types`, in the same flow when `sameFlow`). */
  nodeRef?: { types?: string[]; sameFlow?: boolean };
  /** UI hint: show the field only when sibling keys hold one of the listed values. */
  showWhen?: Record<string, unknown[]>;
  /** UI hint: tucked under "Advanced". */
  advanced?: boolean;
  secret?: boolean;
  deprecated?: boolean;
  placeholder?: string;
  /** UI hint: a text field offers the values `FormContext.suggestions` has under this name. */
  suggest?: string;
}

export type JsonType = 'string' | 'number' | 'integer' | 'boolean' | 'object' | 'array' | 'null';

/** A path into a config value: object keys and array indexes. */
export type ValuePath = Array<string | number>;

/** One problem found by `validateValue`. */
export interface SchemaIssue {
  path: ValuePath;
  code: string;
  message: string;
}

/** Narrows an unknown catalog value to a schema object (booleans and non-objects become `{}`). */
export function asSchema(value: unknown): JsonSchema {
  return isSchema(value) ? value : {};
}

function isSchema(value: unknown): value is JsonSchema {
  return isRecord(value);
}

/** A plain JSON object (not null, not an array). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Follows a local `$ref` (`#/$defs/Name`) against the root schema; other schemas pass through. */
export function resolveRef(schema: JsonSchema, root: JsonSchema): JsonSchema {
  let current = schema;
  for (let hops = 0; current.$ref && hops < 32; hops++) {
    const target = lookupPointer(root, current.$ref);
    if (!target) return {};
    const { $ref: _ref, ...rest } = current;
    current = { ...target, ...rest };
  }
  return current;
}

function lookupPointer(root: JsonSchema, ref: string): JsonSchema | undefined {
  if (ref === '#') return root;
  if (!ref.startsWith('#/')) return undefined;
  let node: unknown = root;
  for (const raw of ref.slice(2).split('/')) {
    const key = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    if (typeof node !== 'object' || node === null) return undefined;
    node = Reflect.get(node, key);
  }
  return isSchema(node) ? node : undefined;
}

/** The JSON type name of a value, distinguishing integers, arrays and null. */
export function typeOf(value: unknown): JsonType | 'undefined' | 'other' {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  switch (typeof value) {
    case 'string':
      return 'string';
    case 'boolean':
      return 'boolean';
    case 'number':
      return Number.isInteger(value) ? 'integer' : 'number';
    case 'object':
      return 'object';
    case 'undefined':
      return 'undefined';
    default:
      return 'other';
  }
}
