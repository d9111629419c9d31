import { UserError } from '@millwright/model';
import type { MetricInput } from './edge-node.js';
import { isDataTypeName, type SparkplugMetric } from './sparkplug-payload.js';

/** Metrics as `{ name: value }` for msg.payload; 64-bit values beyond 2^53 become decimal strings. */
export function metricsObject(metrics: readonly SparkplugMetric[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const m of metrics) {
    const key = m.name ?? (m.alias !== undefined ? `alias:${m.alias}` : undefined);
    if (key === undefined) continue;
    out[key] = typeof m.value === 'bigint' ? m.value.toString() : m.value;
  }
  return out;
}

/** `{ name: value }` or `[{ name, value, datatype? }]` from msg.payload; UserError `sparkplug_bad_metric` otherwise. */
export function metricInputs(payload: unknown): MetricInput[] {
  const bad = (why: string) => new UserError('sparkplug_bad_metric', why);
  if (Array.isArray(payload))
    return payload.map((m: unknown, i): MetricInput => {
      if (!m || typeof m !== 'object') throw bad(`metric ${i} is not an object`);
      const name: unknown = Reflect.get(m, 'name');
      const datatype: unknown = Reflect.get(m, 'datatype');
      if (typeof name !== 'string' || !name) throw bad(`metric ${i} has no name`);
      if (datatype !== undefined && !isDataTypeName(datatype))
        throw bad(`metric "${name}": unknown datatype ${String(datatype)}`);
      return { name, value: Reflect.get(m, 'value'), ...(datatype !== undefined ? { datatype } : {}) };
    });
  if (payload && typeof payload === 'object' && !(payload instanceof Uint8Array) && !(payload instanceof Date))
    return Object.entries(payload).map(([name, value]) => ({ name, value }));
  throw bad('msg.payload must be { name: value } or [{ name, value, datatype? }]');
}
