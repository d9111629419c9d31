/** Labelled numbers from `{ label: n }` or `[{ label, value }]` (other entries are skipped). */
export function barItems(value: unknown): Array<{ label: string; value: number }> {
  if (Array.isArray(value))
    return value.flatMap((v: unknown) => {
      if (typeof v !== 'object' || v === null) return [];
      const n: unknown = Reflect.get(v, 'value');
      return typeof n === 'number' ? [{ label: String(Reflect.get(v, 'label')), value: n }] : [];
    });
  if (typeof value === 'object' && value !== null)
    return Object.entries(value).flatMap(([label, n]) => (typeof n === 'number' ? [{ label, value: n }] : []));
  return [];
}

/** Downtime by reason, longest first, with the cumulative share; beyond `top` summed as `other`. */
export function paretoItems(
  value: unknown,
  top: number,
): Array<{ reason: string; durationMs: number; count: number; cumulative: number }> {
  const raw: Array<{ reason: string; durationMs: number; count: number }> = Array.isArray(value)
    ? value.flatMap((v: unknown) => {
        if (typeof v !== 'object' || v === null) return [];
        const ms: unknown = Reflect.get(v, 'durationMs');
        const count: unknown = Reflect.get(v, 'count');
        return typeof ms === 'number'
          ? [
              {
                reason: String(Reflect.get(v, 'reason') || 'unknown'),
                durationMs: ms,
                count: typeof count === 'number' ? count : 0,
              },
            ]
          : [];
      })
    : barItems(value).map((b) => ({ reason: b.label, durationMs: b.value, count: 0 }));
  raw.sort((a, b) => b.durationMs - a.durationMs);
  const shown = raw.slice(0, top);
  const rest = raw.slice(top);
  if (rest.length)
    shown.push({
      reason: 'other',
      durationMs: rest.reduce((n, r) => n + r.durationMs, 0),
      count: rest.reduce((n, r) => n + r.count, 0),
    });
  const total = shown.reduce((n, r) => n + r.durationMs, 0) || 1;
  let sum = 0;
  return shown.map((r) => ({ ...r, cumulative: (sum += r.durationMs) / total }));
}
