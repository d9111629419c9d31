import { once } from 'node:events';
import { createServer } from 'node:http';
import type { Logger } from 'pino';
import { healthOnlyApp } from '../api/health-routes.js';
import { isLoopbackHost } from '../auth/auth-policy.js';
import type { FlowHealth } from '../engine/flow-health.js';
import type { RuntimeMetrics } from './runtime-metrics.js';

/** Port of the metrics listener when only its host is set (the usual Prometheus exporter port). */
export const DEFAULT_METRICS_PORT = 9464;

/** Where the separate /healthz and /metrics listener binds (`--metrics-host/--metrics-port`, settings `metrics`). */
export interface MetricsBind {
  /** Default `127.0.0.1`. A non-loopback host is allowed: both routes are read-only and open. */
  host?: string | undefined;
  /** Default {@link DEFAULT_METRICS_PORT}; 0 picks a free port. */
  port?: number | undefined;
}

/** A running metrics listener. */
export interface MetricsListener {
  /** `http://host:port`. */
  readonly url: string;
  /** Stops accepting connections and closes the open ones. */
  close(): Promise<void>;
}

/**
 * Starts a second HTTP server that serves only `GET /healthz` and `GET /metrics` (the handlers of
 * the main server) and answers everything else, `/api` included, with 404: a Prometheus on another
 * host can scrape it without reaching the admin API. Logs the URL, and a warning when the host is
 * not loopback, since the two routes need no authentication. Rejects on a bind error.
 */
export async function startMetricsListener(args: {
  bind: MetricsBind;
  health: FlowHealth;
  metrics: RuntimeMetrics;
  logger: Logger;
}): Promise<MetricsListener> {
  const host = args.bind.host ?? '127.0.0.1';
  const server = createServer(healthOnlyApp(args));
  server.listen(args.bind.port ?? DEFAULT_METRICS_PORT, host);
  await once(server, 'listening');
  const address = server.address();
  const port = address !== null && typeof address === 'object' ? address.port : 0;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  args.logger.info({ metricsUrl: url }, 'metrics listening (/healthz and /metrics only)');
  if (!isLoopbackHost(host))
    args.logger.warn(
      { metricsUrl: url, authRequired: false },
      `metrics listener on non-loopback host ${host}: /healthz and /metrics are served without authentication (read-only, no admin API); limit who can reach port ${port} with a firewall`,
    );
  return {
    url,
    close: () =>
      new Promise<void>((resolve) => {
        if (!server.listening) return resolve();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
