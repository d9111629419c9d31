import { OPCUA_NODEID_FORMAT, opcuaNodeIdProblem } from '@millwright/model';
import {
  isRecord,
  resolveRef,
  typeOf,
  type JsonSchema,
  type JsonType,
  type SchemaIssue,
  type ValuePath,
} from './json-schema.js';

/**
 * Validates a value against the JSON Schema subset zod emits (see `JsonSchema`). Returns every
 * problem with its path, empty when valid. Keys with a `default` may be missing (the runtime fills
 * them in), exactly as zod's input schema allows. Refinements that JSON Schema cannot express
 * (cron syntax, regex safety...) are only caught by the server; its 400 issues are shown as well.
 */
export function validateValue(schema: JsonSchema, value: unknown, root: JsonSchema = schema): SchemaIssue[] {
  const issues: SchemaIssue[] = [];
  check(schema, value, [], root, issues);
  return issues;
}

function collect(schema: JsonSchema, value: unknown, path: ValuePath, root: JsonSchema): SchemaIssue[] {
  const out: SchemaIssue[] = [];
  check(schema, value, path, root, out);
  return out;
}

function check(raw: JsonSchema, value: unknown, path: ValuePath, root: JsonSchema, out: SchemaIssue[]): void {
  const schema = resolveRef(raw, root);
  const add = (code: string, message: string, at: ValuePath = path) => out.push({ path: at, code, message });

  if (schema.allOf) for (const part of schema.allOf) check(part, value, path, root, out);
  if (schema.anyOf) {
    const results = schema.anyOf.map((s) => collect(s, value, path, root));
    if (!results.some((r) => r.length === 0)) out.push(...bestVariantIssues(schema.anyOf, results, value, path, root));
  }
  if (schema.oneOf) {
    const results = schema.oneOf.map((s) => collect(s, value, path, root));
    const matches = results.filter((r) => r.length === 0).length;
    if (matches === 0) out.push(...bestVariantIssues(schema.oneOf, results, value, path, root));
    else if (matches > 1) add('invalid_union', 'matches more than one of the allowed shapes');
  }

  const actual = typeOf(value);
  if (schema.type !== undefined) {
    const allowed = Array.isArray(schema.type) ? schema.type : [schema.type];
    if (!allowed.some((t) => typeMatches(t, actual))) {
      add('invalid_type', `expected ${allowed.map(article).join(' or ')}, got ${describe(actual)}`);
      return; // further keywords would only repeat the same fault
    }
  }
  if (schema.const !== undefined && !deepEqual(schema.const, value)) {
    add('invalid_value', `must be ${JSON.stringify(schema.const)}`);
    return;
  }
  if (schema.enum && !schema.enum.some((e) => deepEqual(e, value))) {
    add('invalid_value', `must be one of: ${schema.enum.map((e) => JSON.stringify(e)).join(', ')}`);
    return;
  }

  if (typeof value === 'number') checkNumber(schema, value, add);
  else if (typeof value === 'string') checkString(schema, value, add);
  else if (Array.isArray(value)) checkArray(schema, value, path, root, out);
  else if (isRecord(value)) checkObject(schema, value, path, root, out);
}

function checkNumber(schema: JsonSchema, value: number, add: (code: string, message: string) => void): void {
  if (!Number.isFinite(value)) add('invalid_type', 'must be a finite number');
  if (schema.minimum !== undefined && value < schema.minimum) add('too_small', `must be at least ${schema.minimum}`);
  if (schema.exclusiveMinimum !== undefined && value <= schema.exclusiveMinimum)
    add('too_small', `must be greater than ${schema.exclusiveMinimum}`);
  if (schema.maximum !== undefined && value > schema.maximum) add('too_big', `must be at most ${schema.maximum}`);
  if (schema.exclusiveMaximum !== undefined && value >= schema.exclusiveMaximum)
    add('too_big', `must be less than ${schema.exclusiveMaximum}`);
  if (schema.multipleOf !== undefined && schema.multipleOf > 0) {
    const q = value / schema.multipleOf;
    if (Math.abs(q - Math.round(q)) > 1e-9) add('not_multiple_of', `must be a multiple of ${schema.multipleOf}`);
  }
}

function checkString(schema: JsonSchema, value: string, add: (code: string, message: string) => void): void {
  // zod measures strings in UTF-16 code units, as `.length` does.
  if (schema.minLength !== undefined && value.length < schema.minLength)
    add('too_small', schema.minLength === 1 ? 'must not be empty' : `must be at least ${schema.minLength} characters`);
  if (schema.maxLength !== undefined && value.length > schema.maxLength)
    add('too_big', `must be at most ${schema.maxLength} characters`);
  if (schema.pattern !== undefined) {
    const re = compilePattern(schema.pattern);
    if (re && !re.test(value)) add('invalid_format', `must match the pattern ${schema.pattern}`);
  }
  if (schema.format !== undefined) {
    const problem = formatProblem(schema.format, value);
    if (problem) add('invalid_format', problem);
  }
}

function checkArray(schema: JsonSchema, value: unknown[], path: ValuePath, root: JsonSchema, out: SchemaIssue[]): void {
  if (schema.minItems !== undefined && value.length < schema.minItems)
    out.push({ path, code: 'too_small', message: `needs at least ${schema.minItems} item(s)` });
  if (schema.maxItems !== undefined && value.length > schema.maxItems)
    out.push({ path, code: 'too_big', message: `allows at most ${schema.maxItems} item(s)` });
  const prefix = schema.prefixItems ?? [];
  value.forEach((item, i) => {
    const itemSchema = prefix[i] ?? schema.items;
    if (itemSchema === false) out.push({ path: [...path, i], code: 'too_big', message: 'unexpected item' });
    else if (itemSchema && itemSchema !== true) check(itemSchema, item, [...path, i], root, out);
  });
}

function checkObject(
  schema: JsonSchema,
  value: Record<string, unknown>,
  path: ValuePath,
  root: JsonSchema,
  out: SchemaIssue[],
): void {
  const props = schema.properties ?? {};
  for (const key of schema.required ?? []) {
    if (value[key] === undefined && resolveRef(props[key] ?? {}, root).default === undefined)
      out.push({ path: [...path, key], code: 'required', message: 'is required' });
  }
  for (const [key, v] of Object.entries(value)) {
    if (v === undefined) continue;
    const propSchema = props[key];
    if (propSchema) check(propSchema, v, [...path, key], root, out);
    else if (schema.additionalProperties === false)
      out.push({ path: [...path, key], code: 'unrecognized_key', message: `unknown key "${key}"` });
    else if (typeof schema.additionalProperties === 'object') {
      if (schema.propertyNames) check(schema.propertyNames, key, [...path, key], root, out);
      check(schema.additionalProperties, v, [...path, key], root, out);
    }
  }
}

/**
 * For a failed union, report the faults of the variant the value was evidently meant to be: the
 * one whose discriminator (a `const`/`enum` property) matches, else the one with the fewest faults,
 * unless it fails on type alone (then a single "no shape matched" is clearer).
 */
function bestVariantIssues(
  variants: JsonSchema[],
  results: SchemaIssue[][],
  value: unknown,
  path: ValuePath,
  root: JsonSchema,
): SchemaIssue[] {
  const nonNull = variants.map((v) => resolveRef(v, root)).filter((v) => v.type !== 'null');
  if (typeOf(value) === 'undefined' || value === null) {
    return [{ path, code: 'invalid_type', message: 'is required' }];
  }
  let bestIndex = -1;
  if (isRecord(value)) {
    bestIndex = variants.findIndex((v) => discriminatorMatches(resolveRef(v, root), value));
  }
  if (bestIndex < 0) {
    const typed = results
      .map((r, i) => ({ r, i }))
      .filter(({ r }) => !(r.length === 1 && r[0]?.code === 'invalid_type' && r[0].path.length === path.length));
    if (typed.length === 1) bestIndex = typed[0]?.i ?? -1;
  }
  if (bestIndex >= 0) return results[bestIndex] ?? [];
  if (nonNull.length === 1 && variants.length === 2) return collect(nonNull[0] ?? {}, value, path, root);
  return [{ path, code: 'invalid_union', message: 'does not match any of the allowed shapes' }];
}

function discriminatorMatches(variant: JsonSchema, value: Record<string, unknown>): boolean {
  for (const [key, prop] of Object.entries(variant.properties ?? {})) {
    const fixed = prop.const !== undefined ? [prop.const] : prop.enum;
    if (fixed && (variant.required ?? []).includes(key) && fixed.some((f) => deepEqual(f, value[key]))) return true;
  }
  return false;
}

function typeMatches(expected: JsonType, actual: ReturnType<typeof typeOf>): boolean {
  if (expected === actual) return true;
  return expected === 'number' && actual === 'integer';
}

function article(t: string): string {
  if (t === 'integer') return 'an integer';
  if (t === 'array' || t === 'object') return `an ${t}`;
  if (t === 'null') return 'null';
  return `a ${t}`;
}

function describe(t: string): string {
  if (t === 'undefined') return 'nothing';
  if (t === 'integer') return 'a number';
  return article(t);
}

const patternCache = new Map<string, RegExp | null>();
function compilePattern(pattern: string): RegExp | null {
  let re = patternCache.get(pattern);
  if (re === undefined) {
    try {
      re = new RegExp(pattern, 'u');
    } catch {
      re = null; // a pattern the browser cannot compile is left to the server
    }
    patternCache.set(pattern, re);
  }
  return re;
}

function formatProblem(format: string, value: string): string | undefined {
  switch (format) {
    case 'uri':
    case 'url':
      return URL.canParse(value) ? undefined : 'must be a valid URL';
    case 'email':
      return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value) ? undefined : 'must be an email address';
    case 'uuid':
      return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value)
        ? undefined
        : 'must be a UUID';
    case 'date-time':
      return Number.isNaN(Date.parse(value)) ? 'must be an ISO date-time' : undefined;
    case OPCUA_NODEID_FORMAT:
      // Empty is the msg.topic case; a required NodeId says so with minLength.
      return value.trim() === '' ? undefined : opcuaNodeIdProblem(value);
    default:
      return undefined;
  }
}

/** Structural equality for JSON values (enum and const comparison). */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => deepEqual(Reflect.get(a, k), Reflect.get(b, k)));
}
