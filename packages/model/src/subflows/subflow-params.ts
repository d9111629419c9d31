import type { SubflowParam } from '../flow.js';
import type { ConfigFault } from '../node-type-info.js';

/** A value that refers to the enclosing environment; its type is only known once it is resolved. */
const ENV_REF = /\$\{env\.[A-Za-z_][A-Za-z0-9_]*\}/;

/**
 * Checks an instance's config (its parameter values) against the definition's parameters: no
 * unknown names, required ones set (or defaulted), each value of its declared type. A string with
 * `${env.NAME}` passes for any type: it is resolved at deploy (a nested instance passing its own
 * parameter on, or a runtime environment variable).
 */
export function checkParamValues(params: readonly SubflowParam[], config: Record<string, unknown>): ConfigFault[] {
  const faults: ConfigFault[] = [];
  const byName = new Map(params.map((p) => [p.name, p]));
  for (const key of Object.keys(config))
    if (!byName.has(key))
      faults.push({ path: [key], code: 'unknown_param', message: `the subflow has no parameter "${key}"` });
  for (const p of params) {
    const value = config[p.name];
    if (value === undefined || value === '') {
      if (p.required && p.default === undefined)
        faults.push({ path: [p.name], code: 'required_param', message: `parameter "${p.name}" is required` });
      continue;
    }
    if (typeof value === 'string' && ENV_REF.test(value)) continue;
    const wrong = typeFault(p, value);
    if (wrong) faults.push({ path: [p.name], code: 'invalid_param_type', message: wrong });
  }
  return faults;
}

function typeFault(p: SubflowParam, value: unknown): string | undefined {
  switch (p.type) {
    case 'string':
      return typeof value === 'string' ? undefined : `parameter "${p.name}" must be a string, got ${kind(value)}`;
    case 'number':
      return typeof value === 'number' && Number.isFinite(value)
        ? undefined
        : `parameter "${p.name}" must be a number, got ${kind(value)}`;
    case 'boolean':
      return typeof value === 'boolean' ? undefined : `parameter "${p.name}" must be true or false, got ${kind(value)}`;
    case 'json':
      return undefined;
  }
}

function kind(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `the string ${JSON.stringify(value.slice(0, 40))}`;
  return `a ${typeof value}`;
}

/**
 * The environment text of a parameter value: strings as they are, numbers and booleans as
 * `String()` gives them, json as JSON text. Undefined when neither the instance nor a default sets it.
 */
export function paramText(p: SubflowParam, value: unknown): string | undefined {
  const v = value === undefined || value === '' ? p.default : value;
  if (v === undefined) return value === '' ? '' : undefined;
  if (typeof v === 'string') return v;
  if (p.type === 'json') return JSON.stringify(v);
  return String(v);
}
