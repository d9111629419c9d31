import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { ClusterConfig } from './cluster-store.js';

/** What `--cluster` and friends give; the rest has defaults (see {@link resolveClusterConfig}). */
export type ClusterOptions = Partial<ClusterConfig> & { servers: string[] };

/** Fills in the defaults: cluster `millwright`, id `<host>-<random>`, lease 3 s, replicas = servers given (at most 3). */
export function resolveClusterConfig(o: ClusterOptions): ClusterConfig {
  return {
    ...o,
    servers: o.servers,
    name: o.name ?? 'millwright',
    labels: o.labels ?? {},
    id: o.id ?? `${hostname().replace(/[^-_a-zA-Z0-9]/g, '-')}-${randomBytes(3).toString('hex')}`,
    leaseMs: o.leaseMs ?? 3_000,
    replicas: o.replicas ?? Math.min(3, Math.max(1, o.servers.length)),
  };
}

/** `nats://a:4222,nats://b:4222` -> the URLs; a bare `host:port` gets `nats://`. */
export function parseServers(text: string): string[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => (/^[a-z]+:\/\//.test(s) ? s : `nats://${s}`));
}
