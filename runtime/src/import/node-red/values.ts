/** Small readers for Node-RED's loosely typed fields ("5", 5, "", true, "true"). */

/** The value as a string ('' for null/undefined; numbers and booleans as text). */
export function text(value: unknown): string {
  if (value === undefined || value === null) return '';
  return typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/** A finite number from a number or numeric string, else `fallback`. */
export function num(value: unknown, fallback: number): number {
  if (typeof value === 'number') return Number.isFinite(value) ? value : fallback;
  if (typeof value === 'string' && value.trim() !== '') {
    const n = Number(value);
    return Number.isFinite(n) ? n : fallback;
  }
  return fallback;
}

/** Node-RED booleans arrive as true or "true". */
export function bool(value: unknown): boolean {
  return value === true || value === 'true';
}

const UNIT_MS: Record<string, number> = {
  milliseconds: 1,
  millisecond: 1,
  seconds: 1_000,
  second: 1_000,
  minutes: 60_000,
  minute: 60_000,
  hours: 3_600_000,
  hour: 3_600_000,
  days: 86_400_000,
  day: 86_400_000,
};

/** `amount` of Node-RED `unit` (seconds, minutes, ...) in whole milliseconds; seconds when the unit is unknown. */
export function toMs(amount: unknown, unit: unknown, fallbackAmount = 0): number {
  return Math.round(num(amount, fallbackAmount) * (UNIT_MS[text(unit)] ?? 1_000));
}

/** Millwright value types shared by change, switch and inject. */
export type ValueType =
  'string' | 'number' | 'boolean' | 'json' | 'msg' | 'flow' | 'global' | 'env' | 'timestamp' | 'empty' | 'jsonata';

const TYPED_INPUTS: Record<string, ValueType> = {
  str: 'string',
  num: 'number',
  bool: 'boolean',
  json: 'json',
  msg: 'msg',
  flow: 'flow',
  global: 'global',
  env: 'env',
  date: 'timestamp',
};

/**
 * Maps a Node-RED typed input (`vt`/`tot`/`payloadType` plus its value) to a Millwright value type.
 * Context values lose a store prefix (`#:(file)::key`), which is reported. `jsonata` converts where
 * the caller says its node evaluates it; `bin`, `re` outside of regex rules, `prev` and `node` have
 * no equivalent: the result names the problem.
 */
export function typedValue(
  nrType: unknown,
  value: unknown,
  options: { jsonata?: boolean } = {},
): { valueType: ValueType; value: string; warning?: string } | { unsupported: string } {
  const t = nrType === undefined || nrType === '' ? 'str' : text(nrType);
  // change, switch, inject and sort evaluate JSONata; the other nodes do not.
  if (t === 'jsonata' && options.jsonata) return { valueType: 'jsonata', value: text(value).trim() };
  const valueType = TYPED_INPUTS[t];
  if (!valueType) return { unsupported: `value type "${t}" (${typeLabel(t)}) has no Millwright equivalent` };
  let v = text(value);
  if ((valueType === 'flow' || valueType === 'global') && v.startsWith('#:')) {
    const store = /^#:\(([^)]*)\)::(.*)$/.exec(v);
    if (store) {
      v = store[2] ?? '';
      return {
        valueType,
        value: v,
        warning: `context store "${store[1]}" is not supported; the default store is used`,
      };
    }
  }
  if (valueType === 'timestamp') v = '';
  if (valueType === 'boolean') v = v === 'true' ? 'true' : 'false';
  return { valueType, value: v };
}

function typeLabel(t: string): string {
  const labels: Record<string, string> = {
    jsonata: 'JSONata expression',
    bin: 'buffer literal',
    prev: 'previous value',
    re: 'regular expression',
    node: 'node reference',
    cred: 'credential',
  };
  return labels[t] ?? 'unknown type';
}

/** `payload` from `msg.payload`-style property references (Node-RED sometimes writes `msg.` in front). */
export function msgProperty(value: unknown, fallback = 'payload'): string {
  const p = text(value).trim();
  if (!p) return fallback;
  return p.startsWith('msg.') ? p.slice(4) : p;
}
