import type { MetricsBind } from '../metrics/metrics-listener.js';
import { portOption } from './command.js';

/** `--metrics-host` and `--metrics-port` of `start` and `run`. */
export const METRICS_OPTION = {
  'metrics-host': { type: 'string' },
  'metrics-port': { type: 'string' },
} as const;

export const METRICS_HELP = `  --metrics-host <h>  also serve /healthz and /metrics (only those, read-only) on a second
                      listener bound to this interface, e.g. 0.0.0.0 for a Prometheus on another
                      host (logs a warning: no authentication on it). Default 127.0.0.1
  --metrics-port <n>  port of that listener (default 9464; 0 picks a free one). Without either
                      option (or, for start, "metrics" in settings.json) there is no second listener`;

/** The metrics listener's bind from the flags; unset fields fall back to settings.json. */
export function metricsOption(values: { 'metrics-host'?: string; 'metrics-port'?: string }): MetricsBind {
  return {
    host: values['metrics-host'],
    port: values['metrics-port'] === undefined ? undefined : portOption(values['metrics-port'], 0, '--metrics-port'),
  };
}
