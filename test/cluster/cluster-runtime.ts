import { join } from 'node:path';
import { spawnRuntime, waitFor, type RuntimeChild } from '../integration/runtime-child.js';

/** A runtime started as its own process in a cluster, and the URL it listens on. */
export interface ClusterRuntime {
  id: string;
  child: RuntimeChild;
  url: string;
}

export interface ClusterRuntimeOptions {
  /** NATS server URLs. */
  servers: readonly string[];
  /** Parent folder; the runtime's data dir is `<dir>/<id>` (kept across restarts of the same id). */
  dir: string;
  /** Cluster name (default `mwtest`). */
  name?: string;
  /** `--labels` (default `line=1`). */
  labels?: string;
  /** Extra environment; `RT` is set to the runtime id. */
  env?: Record<string, string>;
  /** How long to wait for the join (default 40 s). */
  timeoutMs?: number;
}

/**
 * Starts `millwright start --cluster ...` as a separate process (its own data dir) and resolves once
 * it listens and has joined the cluster. The same helper serves the cluster tests and bench:cluster.
 */
export async function startClusterRuntime(id: string, options: ClusterRuntimeOptions): Promise<ClusterRuntime> {
  const child = spawnRuntime(
    [
      'start',
      '--no-demo',
      '--port',
      '0',
      '--data-dir',
      join(options.dir, id),
      '--cluster',
      options.servers.join(','),
      '--cluster-name',
      options.name ?? 'mwtest',
      '--cluster-id',
      id,
      '--labels',
      options.labels ?? 'line=1',
    ],
    { RT: id, ...options.env },
  );
  let url = '';
  await waitFor(
    () => {
      const listening = child.lines().find((l) => l['msg'] === 'runtime listening');
      if (listening) url = String(listening['url']);
      return url !== '' && child.lines().some((l) => l['msg'] === 'cluster: joined');
    },
    `${id} to join`,
    options.timeoutMs ?? 40_000,
  ).catch((err: unknown) => {
    child.kill();
    // What the runtime wrote by then (not when the wait began) says where the join stood.
    throw new Error(`${(err as Error).message}; output:\n${child.output().slice(-3_000)}`);
  });
  return { id, child, url };
}

/** Calls a runtime's API with a JSON body; the answer parsed when it is JSON. */
export async function callApi<T = unknown>(
  url: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: T | string }> {
  const res = await fetch(`${url}${path}`, {
    method,
    // A hanging request must not outlast the caller's wait (a deploy waits up to 10 s for a JetStream leader).
    signal: AbortSignal.timeout(15_000),
    ...(body !== undefined ? { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  try {
    return { status: res.status, body: JSON.parse(text) as T };
  } catch {
    return { status: res.status, body: text };
  }
}
