import { decodePayload, encodePayload, type DataTypeName, type MetricValue } from '../sparkplug/sparkplug-payload.js';

/**
 * A metric value in JSON: 64-bit integers beyond 2^53 as decimal strings, bytes as base64; arrays,
 * DataSets and templates as the base64 of a one-metric Sparkplug payload, which keeps them exactly.
 */
type StoredValue = number | boolean | string | null | { bigint: string } | { base64: string } | { metric: string };

/** Metric values taken while the broker was unreachable, as the store-and-forward queue keeps them. */
export interface StoredMetrics {
  /** When the values arrived (ms since the epoch): the metrics' timestamp when sent later. */
  takenAt: number;
  metrics: Array<{ name: string; datatype: DataTypeName; value: StoredValue }>;
}

export function toStoredMetrics(
  metrics: ReadonlyArray<{ name: string; datatype: DataTypeName; value: MetricValue }>,
  takenAt: number,
): StoredMetrics {
  return {
    takenAt,
    metrics: metrics.map((m) => ({
      name: m.name,
      datatype: m.datatype,
      value:
        typeof m.value === 'bigint'
          ? { bigint: m.value.toString() }
          : m.value instanceof Uint8Array
            ? { base64: Buffer.from(m.value).toString('base64') }
            : m.value !== null && typeof m.value === 'object'
              ? { metric: Buffer.from(encodePayload({ metrics: [m] })).toString('base64') }
              : m.value,
    })),
  };
}

export function fromStoredMetrics(
  stored: StoredMetrics,
): Array<{ name: string; datatype: DataTypeName; value: MetricValue }> {
  return stored.metrics.map((m) => ({
    name: m.name,
    datatype: m.datatype,
    value:
      m.value !== null && typeof m.value === 'object'
        ? 'bigint' in m.value
          ? BigInt(m.value.bigint)
          : 'metric' in m.value
            ? (decodePayload(Buffer.from(m.value.metric, 'base64')).metrics[0]?.value ?? null)
            : new Uint8Array(Buffer.from(m.value.base64, 'base64'))
        : m.value,
  }));
}
