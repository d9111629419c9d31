/** One row of a config table (generated node docs, settings docs and the editor's help tab). */
export interface SchemaRow {
  /** `factor`, `tls.caFile`, `rules[].property`. */
  key: string;
  type: string;
  /** The default as inline code, `*required*` for required keys without one, else ''. */
  default: string;
  description: string;
}

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Flattens a node's config JSON Schema (as `toJsonSchema` makes it) into table rows: nested
 * objects as `parent.child`, arrays of objects as `list[].field`, and union variants (rules with
 * an `action` or `op`) with the variant named in the description. UI hints from `.meta()` become
 * text: advanced, secret, shown-when, config node reference, examples.
 */
export function schemaRows(schema: Json, prefix = '', note = ''): SchemaRow[] {
  const props = isObj(schema['properties']) ? schema['properties'] : {};
  const required = new Set(Array.isArray(schema['required']) ? schema['required'].map(String) : []);
  const rows: SchemaRow[] = [];
  for (const [name, value] of Object.entries(props)) {
    if (!isObj(value)) continue;
    const key = `${prefix}${name}`;
    const def = 'default' in value ? `\`${JSON.stringify(value['default'])}\`` : required.has(name) ? '*required*' : '';
    rows.push({ key, type: typeLabel(value), default: def, description: describe(value, note) });
    if (value['type'] === 'object' && isObj(value['properties'])) rows.push(...schemaRows(value, `${key}.`, note));
    const items = value['items'];
    if (value['type'] === 'array' && isObj(items)) {
      if (isObj(items['properties'])) rows.push(...schemaRows(items, `${key}[].`, note));
      for (const variant of variants(items)) {
        const tag = discriminator(variant);
        rows.push(...schemaRows(variant, `${key}[].`, tag ? `${tag}.` : note).filter((r) => !isTagRow(r, variant)));
      }
    }
  }
  return rows;
}

function variants(schema: Json): Json[] {
  const list = schema['oneOf'] ?? schema['anyOf'];
  return Array.isArray(list) ? list.filter(isObj).filter((v) => isObj(v['properties'])) : [];
}

/** `With \`action: "set"\`` for a union variant told apart by a constant (or enum) field. */
function discriminator(variant: Json): string | undefined {
  const props = isObj(variant['properties']) ? variant['properties'] : {};
  for (const [name, p] of Object.entries(props)) {
    if (!isObj(p)) continue;
    if ('const' in p) return `With \`${name}: ${JSON.stringify(p['const'])}\``;
    if (Array.isArray(p['enum']) && name === 'op')
      return `With \`${name}\` one of ${p['enum'].map((e) => `\`${String(e)}\``).join(', ')}`;
  }
  return undefined;
}

function isTagRow(row: SchemaRow, variant: Json): boolean {
  const props = isObj(variant['properties']) ? variant['properties'] : {};
  const name = row.key.slice(row.key.lastIndexOf('.') + 1);
  const p = props[name];
  return isObj(p) && 'const' in p && !row.key.slice(0, -name.length - 1).includes('.');
}

/** A short type: `integer 1..16`, `"a" \| "b"`, `array of object`, `string (id of a mqtt-broker)`. */
export function typeLabel(s: Json): string {
  if ('const' in s) return JSON.stringify(s['const']);
  if (Array.isArray(s['enum'])) return s['enum'].map((e) => JSON.stringify(e)).join(' \\| ');
  const union = s['anyOf'] ?? s['oneOf'];
  if (Array.isArray(union)) return union.filter(isObj).map(typeLabel).join(' \\| ');
  const t = s['type'];
  if (t === 'array') {
    const items = s['items'];
    if (!isObj(items)) return 'array';
    const kinds = variants(items).length;
    return kinds ? `array of object (${kinds} kinds)` : `array of ${typeLabel(items)}`;
  }
  if (t === 'object') return 'object';
  if (t === 'integer' || t === 'number') {
    // zod writes the safe-integer limits for ints without bounds: those are no bounds.
    const bound = (v: unknown) => (typeof v === 'number' && Math.abs(v) < Number.MAX_SAFE_INTEGER ? v : undefined);
    const min = bound(s['minimum'] ?? s['exclusiveMinimum']);
    const max = bound(s['maximum'] ?? s['exclusiveMaximum']);
    if (min !== undefined && max !== undefined) return `${String(t)} ${min}–${max}`;
    if (min !== undefined) return `${String(t)} ≥ ${min}`;
    if (max !== undefined) return `${String(t)} ≤ ${max}`;
    return String(t);
  }
  return typeof t === 'string' ? t : 'any';
}

function describe(s: Json, note: string): string {
  const parts: string[] = [];
  if (note) parts.push(note);
  if (typeof s['description'] === 'string') parts.push(s['description']);
  if (typeof s['configRef'] === 'string') parts.push(`Id of a \`${s['configRef']}\` config node.`);
  if (isObj(s['showWhen']))
    parts.push(
      `Used when ${Object.entries(s['showWhen'])
        .map(([k, v]) => `\`${k}\` is ${(Array.isArray(v) ? v : [v]).map((x) => `\`${String(x)}\``).join(' or ')}`)
        .join(' and ')}.`,
    );
  if (Array.isArray(s['examples']) && s['examples'].length)
    parts.push(
      `Examples: ${s['examples'].map((e) => `\`${typeof e === 'string' ? e : JSON.stringify(e)}\``).join(', ')}.`,
    );
  const flags = [
    s['advanced'] === true ? 'advanced' : '',
    s['secret'] === true ? 'secret' : '',
    s['deprecated'] === true ? 'deprecated' : '',
  ].filter(Boolean);
  if (flags.length) parts.push(`*(${flags.join(', ')})*`);
  return parts.join(' ');
}
