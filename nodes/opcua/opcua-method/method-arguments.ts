import { UserError } from '@millwright/model';
import {
  toVariant,
  WRITABLE_TYPES,
  type BuiltinTypeName,
  type VariantOptions,
  type WritableType,
} from '../opcua-endpoint/variant.js';

/** An input argument as the method declares it, its data type reduced to the built-in type. */
export interface DeclaredArgument {
  name: string;
  type: BuiltinTypeName;
  /** ValueRank >= 0: an array (or matrix) argument. */
  array: boolean;
}

export interface ArgumentSources {
  /** Method NodeId, for the messages. */
  method: string;
  declared: DeclaredArgument[];
  /** Values from the node config, by name (strings, converted to the declared type). */
  configured: Array<{ name: string; value: string }>;
  /** msg.payload: an array (positional) or an object (by name) overrides; anything else is ignored. */
  payload: unknown;
}

/**
 * The Variants of a call's input arguments, in declared order. UserError
 * `opcua_method_arguments_invalid` for an unknown name, too many values or a missing one,
 * `opcua_method_argument_unsupported` for a type a message cannot give (structures, NodeIds),
 * `opcua_bad_value` for a value that does not fit its type.
 */
export function inputVariants(src: ArgumentSources): VariantOptions[] {
  const { declared, method } = src;
  const invalid = (why: string) =>
    new UserError(
      'opcua_method_arguments_invalid',
      `${why}; method ${method} takes (${declared.map((d) => `${d.name}: ${d.type}${d.array ? '[]' : ''}`).join(', ')})`,
    );
  const indexOf = (name: string) => {
    const i = declared.findIndex((d) => d.name === name);
    if (i < 0) throw invalid(`no input argument "${name}"`);
    return i;
  };
  const values: unknown[] = declared.map(() => undefined);
  for (const c of src.configured) {
    const i = indexOf(c.name);
    values[i] = fromConfig(c.value, declared[i]?.array ?? false);
  }
  const p = src.payload;
  if (Array.isArray(p)) {
    if (p.length > declared.length) throw invalid(`msg.payload has ${p.length} values`);
    p.forEach((v: unknown, i) => {
      if (v !== undefined) values[i] = v;
    });
  } else if (isPlainObject(p)) {
    for (const [name, v] of Object.entries(p)) values[indexOf(name)] = v;
  }
  const missing = declared.filter((_, i) => values[i] === undefined).map((d) => d.name);
  if (missing.length) throw invalid(`no value for ${missing.map((m) => `"${m}"`).join(', ')}`);
  return declared.map((d, i) => {
    if (!isWritable(d.type))
      throw new UserError(
        'opcua_method_argument_unsupported',
        `input argument "${d.name}" of ${method} is of type ${d.type}, which a message cannot give`,
      );
    return toVariant(values[i], d.type);
  });
}

function fromConfig(value: string, array: boolean): unknown {
  if (!array || !value.trim().startsWith('[')) return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    throw new UserError('opcua_bad_value', `argument value ${value} is not a JSON array`);
  }
}

function isWritable(type: BuiltinTypeName): type is WritableType {
  return (WRITABLE_TYPES as readonly string[]).includes(type);
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !ArrayBuffer.isView(v) && !(v instanceof Date);
}
