/**
 * A value as error texts and reports show it: compact JSON, except that what JSON cannot say is
 * named as JavaScript would (`NaN`, `Infinity`, `-Infinity`, `undefined`, `12n`, a date's ISO
 * time, `<3 bytes>`), also inside arrays and objects. JSON.stringify would print `null` for NaN and
 * Infinity, which makes "must be a finite number, got null" a riddle. Cut at `max` characters.
 *
 * @example showValue([1, NaN, -Infinity]) // '[1,NaN,-Infinity]'
 */
export function showValue(value: unknown, max = 200): string {
  const tokens: string[] = [];
  // Non-JSON values become placeholder strings (private-use marks JSON leaves alone), swapped for their names after stringify.
  const mark = (text: string) => `\uE000${tokens.push(text) - 1}\uE000`;
  const replace = (_key: string, v: unknown): unknown => {
    if (typeof v === 'number' && !Number.isFinite(v)) return mark(String(v));
    if (typeof v === 'bigint') return mark(`${v}n`);
    if (v === undefined) return mark('undefined');
    if (v instanceof Uint8Array) return mark(`<${v.length} bytes>`);
    return v;
  };
  let s: string;
  if (value instanceof Date) s = Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString();
  else {
    try {
      s = JSON.stringify(value, replace) ?? String(value);
    } catch {
      s = String(value);
    }
  }
  s = s.replace(/"\uE000(\d+)\uE000"/g, (_m, i: string) => tokens[Number(i)] ?? '');
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}
