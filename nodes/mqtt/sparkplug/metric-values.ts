import { UserError } from '@millwright/model';
import type { MetricInput } from './edge-node.js';
import { isDataTypeName, type PropertySet, type SparkplugMetric } from './sparkplug-payload.js';

/**
 * Metrics as `{ name: value }` for msg.payload (values as `flowValue` gives them). A metric known
 * only by alias is keyed `alias:N`.
 */
export function metricsObject(metrics: readonly SparkplugMetric[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const m of metrics) {
    const key = m.name ?? (m.alias !== undefined ? `alias:${m.alias}` : undefined);
    if (key === undefined) continue;
    out[key] = m.value === undefined ? null : flowValue(m.value);
  }
  return out;
}

/** A decoded metric for msg.sparkplug.metrics: its value, properties and metadata as `flowValue` gives them. */
export function flowMetric(m: SparkplugMetric): SparkplugMetric {
  return flowValue(m) as SparkplugMetric;
}

/**
 * A decoded value as flows see it: the same shape, with 64-bit integers beyond 2^53 as decimal
 * strings at any depth (array elements, DataSet cells, template members and parameters,
 * properties), so msg.payload stays JSON. Encoding takes these strings back.
 */
export function flowValue(v: unknown): unknown {
  if (typeof v === 'bigint') return v.toString();
  if (Array.isArray(v)) return v.map(flowValue);
  if (v && typeof v === 'object' && !ArrayBuffer.isView(v) && !(v instanceof Date))
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, flowValue(x)]));
  return v;
}

/** `{ name: value }` or `[{ name, value, datatype?, properties? }]` from msg.payload; UserError `sparkplug_bad_metric` otherwise. */
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
      const properties: unknown = Reflect.get(m, 'properties');
      if (properties !== undefined && (!properties || typeof properties !== 'object' || Array.isArray(properties)))
        throw bad(`metric "${name}": properties must be an object { key: { type, value } }`);
      return {
        name,
        value: Reflect.get(m, 'value'),
        ...(datatype !== undefined ? { datatype } : {}),
        // The codec checks each property's type and value when the metric is encoded.
        ...(properties !== undefined ? { properties: properties as PropertySet } : {}),
      };
    });
  if (payload && typeof payload === 'object' && !(payload instanceof Uint8Array) && !(payload instanceof Date))
    return Object.entries(payload).map(([name, value]) => ({ name, value }));
  throw bad('msg.payload must be { name: value } or [{ name, value, datatype?, properties? }]');
}
